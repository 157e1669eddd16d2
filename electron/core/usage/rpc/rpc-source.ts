import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { SourceError } from '../../util/source-error.js';
import { codexAvailability } from '../codex-child.js';
import { cappedTimeout, type FetchContext, type UsageSource } from '../usage-source.js';
import { RpcError } from './app-server-connection.js';
import { withAppServer } from './app-server-session.js';
import { parseAccountResult, parseRateLimitsResult } from './rate-limits-parser.js';
import { mapRateLimitsError } from './rpc-error-mapping.js';

const REQUEST_TIMEOUT_MS = 5_000;

/** `codex app-server` over stdio (interface §2 `rpc`); the app-server refreshes tokens itself. */
export const rpcSource: UsageSource = {
  id: 'rpc',

  isAvailable: codexAvailability,

  async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
    return withAppServer(ctx, async (connection) => {
      let snapshot: UsageSnapshot;
      try {
        const result = await connection.request('account/rateLimits/read', undefined, cappedTimeout(REQUEST_TIMEOUT_MS, ctx));
        snapshot = parseRateLimitsResult(result);
      } catch (error) {
        if (!(error instanceof RpcError)) throw error;
        const mapped = mapRateLimitsError(error, ctx.now());
        if (mapped instanceof SourceError) throw mapped;
        snapshot = mapped;
      }
      // Identity is a nicety: a failure here never loses the limits already read.
      try {
        const account = parseAccountResult(await connection.request('account/read', {}, cappedTimeout(REQUEST_TIMEOUT_MS, ctx)));
        snapshot = {
          ...snapshot,
          account: {
            email: account.email ?? snapshot.account.email,
            plan: snapshot.account.plan ?? account.plan ?? null,
            accountId: snapshot.account.accountId,
          },
        };
      } catch (error) {
        ctx.logger.debug(`account/read failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return snapshot;
    });
  },

  shouldFallback(error: SourceError): boolean {
    // interface §2: move on when the source cannot run or cannot authenticate.
    return ['codex_not_found', 'not_supported', 'timeout', 'not_logged_in', 'unauthorized', 'token_stale'].includes(error.code);
  },
};
