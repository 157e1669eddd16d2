import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { codexInvocation, minimalChildEnv } from '../../codex/codex-binary.js';
import { baseUrlOverrideArgs, codexAvailability, codexBinaryFor } from '../codex-child.js';
import { homeDir } from '../../paths/codex-home.js';
import { quotabarVersion } from '../../util/package-version.js';
import { SourceError } from '../../util/source-error.js';
import { cappedTimeout, type FetchContext, type UsageSource } from '../usage-source.js';
import { AppServerConnection, RpcError } from './app-server-connection.js';
import { parseAccountResult, parseRateLimitsResult } from './rate-limits-parser.js';
import { mapRateLimitsError } from './rpc-error-mapping.js';

const INITIALIZE_TIMEOUT_MS = 8_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** `codex app-server` over stdio (CONTRACT §2 `rpc`); the app-server refreshes tokens itself. */
export const rpcSource: UsageSource = {
  id: 'rpc',

  isAvailable: codexAvailability,

  async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
    const binary = codexBinaryFor(ctx);
    // Global `-c` overrides come before the subcommand.
    const invocation = codexInvocation(binary, [...baseUrlOverrideArgs(ctx), 'app-server'], ctx.env);
    const connection = new AppServerConnection({
      command: invocation.command,
      args: invocation.args,
      windowsVerbatimArguments: invocation.windowsVerbatimArguments,
      env: minimalChildEnv(ctx.env, ctx.codexHome),
      cwd: homeDir(ctx.env),
      logger: ctx.logger,
    });
    const onAbort = () => void connection.close();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await connection.request('initialize', { clientInfo: { name: 'quotabar', title: 'QuotaBar', version: quotabarVersion() } }, cappedTimeout(INITIALIZE_TIMEOUT_MS, ctx));
      connection.notify('initialized');
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
    } catch (error) {
      if (error instanceof RpcError) {
        throw new SourceError('bad_response', `The Codex app-server refused the handshake (error ${error.code}). Update Codex and try again.`);
      }
      throw error;
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
      await connection.close();
    }
  },

  shouldFallback(error: SourceError): boolean {
    // CONTRACT §2: move on when the source cannot run or cannot authenticate.
    return ['codex_not_found', 'not_supported', 'timeout', 'not_logged_in', 'unauthorized', 'token_stale'].includes(error.code);
  },
};
