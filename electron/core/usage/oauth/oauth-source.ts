import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { existsSync } from 'node:fs';
import { authFilePath, readCodexAuth, type CodexAuth } from '../../auth/codex-auth.js';
import { SourceError } from '../../util/source-error.js';
import { resetCreditsUrl, usageUrl } from '../backend-url.js';
import { parseResetCredits } from '../reset-credits-parser.js';
import { cappedTimeout, type Availability, type FetchContext, type UsageSource } from '../usage-source.js';
import { fetchWhamUsage, type WhamUsageRequest } from './wham-usage-client.js';
import { parseWhamUsage } from './wham-usage-parser.js';

const DEFAULT_TIMEOUT_MS = 15_000;

function missingAuth(codexHome: string): SourceError {
  return new SourceError('not_logged_in', `No Codex sign-in found (${codexHome}/auth.json is missing). Run \`codex login\`, then refresh.`);
}

/** Why auth.json cannot be used for the oauth source, or null when it can. */
export function authProblem(auth: CodexAuth, codexHome: string): SourceError | null {
  switch (auth.kind) {
    case 'missing':
      return missingAuth(codexHome);
    case 'unreadable':
      return new SourceError(
        'not_logged_in',
        `Codex's auth.json in ${codexHome} cannot be used: ${auth.reason}. ${auth.fix ?? 'Run `codex login` to sign in again.'}`,
      );
    case 'apiKey':
      return new SourceError(
        'not_logged_in',
        'Codex is signed in with an API key, which has no ChatGPT plan limits. Run `codex login` and choose "Sign in with ChatGPT".',
      );
    case 'chatgpt':
      return auth.stale
        ? new SourceError(
            'token_stale',
            'The Codex access token is expired or about to expire. QuotaBar never refreshes it itself; the Codex app-server will. Run any `codex` command (or `codex login`) if this persists.',
          )
        : null;
  }
}

/**
 * wham/usage carries only the reset-credit count: when there are some, the list (with expiry dates)
 * is read with the same token and limits. Like the Codex CLI, a list that cannot be read keeps the
 * usage and the count.
 */
async function withResetCreditDetails(snapshot: UsageSnapshot, usageRequest: WhamUsageRequest, ctx: FetchContext): Promise<UsageSnapshot> {
  const summary = snapshot.resetCredits;
  if (summary == null || summary.available <= 0 || summary.credits.length > 0) return snapshot;
  try {
    const body = await fetchWhamUsage({ ...usageRequest, url: resetCreditsUrl(ctx.baseUrl), what: 'The reset-credit list' });
    const detail = parseResetCredits(body);
    if (detail === null) return snapshot;
    return { ...snapshot, resetCredits: { available: summary.available, credits: detail.credits } };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    ctx.logger.debug(`reset-credit list not read: ${error.message}`);
    return snapshot;
  }
}

/** `GET wham/usage` with the access token from auth.json (interface §2 `oauth`). */
export const oauthSource: UsageSource = {
  id: 'oauth',

  async isAvailable(ctx: FetchContext): Promise<Availability> {
    // Only whether there is a file to read; fetch reads it once and reports any other problem.
    return existsSync(authFilePath(ctx.codexHome)) ? { ok: true } : { ok: false, error: missingAuth(ctx.codexHome) };
  },

  async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
    const auth = await readCodexAuth(ctx.codexHome, ctx.now());
    const problem = authProblem(auth, ctx.codexHome);
    if (problem !== null) throw problem;
    if (auth.kind !== 'chatgpt') throw new SourceError('not_logged_in', 'Run `codex login`, then refresh.');
    const request = {
      url: usageUrl(ctx.baseUrl),
      accessToken: auth.accessToken,
      accountId: auth.accountId,
      timeoutMs: cappedTimeout(DEFAULT_TIMEOUT_MS, ctx),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
    const body = await fetchWhamUsage(request);
    const snapshot = await withResetCreditDetails(parseWhamUsage(body, ctx.now()), request, ctx);
    return {
      ...snapshot,
      account: {
        email: auth.email ?? snapshot.account.email,
        // Codex takes the plan from the usage endpoint; the token's claim is only a fallback.
        plan: snapshot.account.plan ?? auth.plan,
        accountId: auth.accountId ?? snapshot.account.accountId,
      },
    };
  },

  shouldFallback(error: SourceError): boolean {
    // Only "cannot authenticate" moves on: the next source would ask the same backend otherwise.
    return error.code === 'not_logged_in' || error.code === 'unauthorized' || error.code === 'token_stale';
  },
};
