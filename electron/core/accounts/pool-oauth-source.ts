// interface §7: an imported account's usage is `oauth` with the token its own tool keeps fresh.
import type { UsageSnapshot } from '../../../shared/usage-model.js';
import { normalizePlan } from '../usage/plan-ids.js';
import { usageUrl } from '../usage/backend-url.js';
import { fetchWhamUsage } from '../usage/oauth/wham-usage-client.js';
import { parseWhamUsage } from '../usage/oauth/wham-usage-parser.js';
import { cappedTimeout, type FetchContext, type UsageSource } from '../usage/usage-source.js';
import { SourceError } from '../util/source-error.js';
import { POOL_TOOL_NAME, type PoolAccount } from './account.js';

const DEFAULT_TIMEOUT_MS = 15_000;

/** Why the pool's token cannot be used now (it has expired), or null. Never refreshed here. */
export function poolTokenProblem(account: PoolAccount, now: Date): SourceError | null {
  if (account.expiresAtMs === null || account.expiresAtMs > now.getTime()) return null;
  const tool = POOL_TOOL_NAME[account.origin];
  return new SourceError(
    'token_stale',
    `The ${tool} access token for ${account.label} expired at ${new Date(account.expiresAtMs).toISOString()}. QuotaBar never refreshes it: run ${tool} to refresh it, then refresh.`,
  );
}

export function poolOauthSource(account: PoolAccount): UsageSource {
  return {
    id: 'oauth',
    async isAvailable() {
      return { ok: true };
    },
    async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
      const problem = poolTokenProblem(account, ctx.now());
      if (problem !== null) throw problem;
      let body: unknown;
      try {
        body = await fetchWhamUsage({
          url: usageUrl(ctx.baseUrl),
          accessToken: account.accessToken,
          accountId: account.accountId,
          timeoutMs: cappedTimeout(DEFAULT_TIMEOUT_MS, ctx),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
      } catch (error) {
        // The usual advice ("run `codex login`") is wrong for a pool account: its own tool signs it in.
        if (error instanceof SourceError && error.code === 'unauthorized') {
          const tool = POOL_TOOL_NAME[account.origin];
          throw new SourceError(
            'unauthorized',
            `ChatGPT rejected the ${tool} access token for ${account.label}. Run ${tool} to refresh or sign in again, then refresh.`,
          );
        }
        throw error;
      }
      const snapshot = parseWhamUsage(body, ctx.now());
      return {
        ...snapshot,
        account: {
          email: account.email ?? snapshot.account.email,
          plan: snapshot.account.plan ?? normalizePlan(account.plan),
          accountId: account.accountId ?? snapshot.account.accountId,
        },
      };
    },
    shouldFallback() {
      return false;
    },
  };
}
