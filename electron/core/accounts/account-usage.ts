// interface §7: every account's usage, at most 4 backend requests at once; one failing account never
// hides the others.
import { SCHEMA_VERSION, type UsageResult } from '../../../shared/usage-model.js';
import type { AccountUsage, AccountsReport } from '../../../shared/accounts-model.js';
import { runChain } from '../usage/usage-chain.js';
import type { UsageRequest } from '../usage/usage-request.js';
import { buildContext, fetchUsage, toFailure, toReport } from '../usage/usage-service.js';
import { mapWithLimit } from '../util/concurrency-limit.js';
import { SourceError } from '../util/source-error.js';
import { MAX_CONCURRENT_ACCOUNTS, type Account } from './account.js';
import { poolOauthSource } from './pool-oauth-source.js';

export { MAX_CONCURRENT_ACCOUNTS };

/**
 * One account's usage as a §3 report or failure. A Codex home runs the usage chain of `request`
 * (web extras only for the default home: browser cookies are one sign-in); a pool account runs
 * `oauth` with its token against the default home's backend (interface §1).
 */
export async function fetchAccountUsage(account: Account, request: UsageRequest): Promise<UsageResult> {
  if (account.origin === 'codex-home') {
    return fetchUsage({ ...request, codexHome: account.codexHome, webExtras: account.isDefaultHome && request.webExtras === true });
  }
  const ctx = buildContext(request);
  const outcome = await runChain([poolOauthSource(account)], ctx);
  return outcome.ok ? toReport('oauth', ['oauth'], outcome.snapshot, outcome.attempts, ctx.now()) : toFailure(outcome.error, outcome.attempts);
}

export function toAccountUsage(account: Account, usage: UsageResult): AccountUsage {
  return { id: account.id, label: account.label, origin: account.origin, email: account.email, usage };
}

export interface AccountsReportOptions {
  limit?: number;
  /** A result already at hand for an account (e.g. the app's own refresh of the default home), or null to fetch. */
  known?: (account: Account) => UsageResult | null;
}

/** Every account's usage in the accounts' order. */
export async function fetchAccountsReport(accounts: readonly Account[], request: UsageRequest, options: AccountsReportOptions = {}): Promise<AccountsReport> {
  const entries = await mapWithLimit(accounts, options.limit ?? MAX_CONCURRENT_ACCOUNTS, async (account) => {
    let usage: UsageResult;
    try {
      usage = options.known?.(account) ?? (await fetchAccountUsage(account, request));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      usage = toFailure(new SourceError('bad_response', `Reading usage for ${account.label} failed unexpectedly (${detail}). Please report this.`), []);
    }
    return toAccountUsage(account, usage);
  });
  return { schemaVersion: SCHEMA_VERSION, accounts: entries };
}

/** What makes two accounts reports different for a subscriber: everything but when they were fetched and how long it took. */
export function accountsFingerprint(report: AccountsReport): string {
  return JSON.stringify(report, (key, value: unknown) => (key === 'fetchedAt' || key === 'ms' ? undefined : value));
}
