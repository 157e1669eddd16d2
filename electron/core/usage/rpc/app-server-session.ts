import { codexInvocation, minimalChildEnv } from '../../codex/codex-binary.js';
import { homeDir } from '../../paths/codex-home.js';
import { quotabarVersion } from '../../util/package-version.js';
import { SourceError } from '../../util/source-error.js';
import { baseUrlOverrideArgs, codexBinaryFor } from '../codex-child.js';
import { cappedTimeout, type FetchContext } from '../usage-source.js';
import { AppServerConnection, RpcError } from './app-server-connection.js';

const INITIALIZE_TIMEOUT_MS = 8_000;

/**
 * Runs `work` against a fresh `codex app-server` child after the handshake, and always stops the child
 * (the whole process tree), also when `ctx.signal` aborts. The app-server owns the account's tokens.
 */
export async function withAppServer<T>(ctx: FetchContext, work: (connection: AppServerConnection) => Promise<T>): Promise<T> {
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
    try {
      await connection.request(
        'initialize',
        { clientInfo: { name: 'quotabar', title: 'QuotaBar', version: quotabarVersion() } },
        cappedTimeout(INITIALIZE_TIMEOUT_MS, ctx),
      );
    } catch (error) {
      if (error instanceof RpcError) {
        throw new SourceError('bad_response', `The Codex app-server refused the handshake (error ${error.code}). Update Codex and try again.`);
      }
      throw error;
    }
    connection.notify('initialized');
    return await work(connection);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await connection.close();
  }
}
