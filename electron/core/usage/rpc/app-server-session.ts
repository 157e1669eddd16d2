import { codexInvocation, minimalChildEnv, resolveCodexBinary } from '../../codex/codex-binary.js';
import { homeDir } from '../../paths/codex-home.js';
import { SourceError } from '../../util/source-error.js';
import { cappedTimeout, type FetchContext } from '../usage-source.js';
import { AppServerConnection, RpcError } from './app-server-connection.js';

const INITIALIZE_TIMEOUT_MS = 8_000;
const CLIENT_INFO = { name: 'quotabar', title: 'QuotaBar', version: '0.1.0' };

export function codexBinaryFor(ctx: FetchContext): string {
  return resolveCodexBinary({ override: ctx.codexBinOverride, env: ctx.env });
}

/** Global `-c` overrides: point the app-server at the same backend QuotaBar was told to use. */
function configOverrides(ctx: FetchContext): string[] {
  const override = ctx.env.QUOTABAR_CHATGPT_BASE_URL;
  return override !== undefined && override.trim() !== '' ? ['-c', `chatgpt_base_url=${JSON.stringify(ctx.baseUrl)}`] : [];
}

/**
 * Runs `work` against a fresh `codex app-server` child after the handshake, and always stops the child
 * (the whole process tree), also when `ctx.signal` aborts. The app-server owns the account's tokens.
 */
export async function withAppServer<T>(ctx: FetchContext, work: (connection: AppServerConnection) => Promise<T>): Promise<T> {
  const binary = codexBinaryFor(ctx);
  const invocation = codexInvocation(binary, [...configOverrides(ctx), 'app-server'], ctx.env);
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
      await connection.request('initialize', { clientInfo: CLIENT_INFO }, cappedTimeout(INITIALIZE_TIMEOUT_MS, ctx));
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
