import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { codexInvocation, minimalChildEnv, resolveCodexBinary } from '../../codex/codex-binary.js';
import { homeDir } from '../../paths/codex-home.js';
import { SourceError } from '../../util/source-error.js';
import { cappedTimeout, type Availability, type FetchContext, type UsageSource } from '../usage-source.js';
import { statusToSnapshot } from './status-snapshot.js';
import { TerminalScreen } from './terminal-screen.js';
import { driveStatus, StatusParseFailure, type ReadStatus } from './tui-driver.js';

const TIMEOUT_MS = 8_000;
/** A large terminal keeps Codex from wrapping or truncating the card; the retry goes larger still. */
const FIRST_SIZE = { cols: 200, rows: 60 };
const RETRY_SIZE = { cols: 220, rows: 70 };
/** Below this much remaining budget a retry could not even get Codex started. */
const MIN_RETRY_MS = 1_500;

/**
 * Read-only, and leaves no trace: no approvals to ask, no history file, no update check (whose
 * prompt would stand in front of the composer).
 */
function codexArgs(ctx: FetchContext): string[] {
  const args = ['-s', 'read-only', '-a', 'never', '-c', 'history.persistence="none"', '-c', 'check_for_update_on_startup=false'];
  const override = ctx.env.QUOTABAR_CHATGPT_BASE_URL;
  if (override !== undefined && override.trim() !== '') args.push('-c', `chatgpt_base_url=${JSON.stringify(ctx.baseUrl)}`);
  return args;
}

async function readOnce(ctx: FetchContext, binary: string, size: { cols: number; rows: number }, deadline: number, budgetMs: number, acceptPartial: boolean): Promise<ReadStatus> {
  const invocation = codexInvocation(binary, codexArgs(ctx), ctx.env);
  const terminal = TerminalScreen.open({
    command: invocation.command,
    args: invocation.windowsVerbatimArguments ? invocation.args.join(' ') : invocation.args,
    env: { ...minimalChildEnv(ctx.env, ctx.codexHome), TERM: 'xterm-256color' },
    cwd: homeDir(ctx.env),
    ...size,
  });
  const onAbort = () => void terminal.close();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await driveStatus({ terminal, deadline, budgetMs, acceptPartial, now: ctx.now, logger: ctx.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await terminal.close();
  }
}

function unreadable(failure: StatusParseFailure, ctx: FetchContext): SourceError {
  ctx.logger.debug(`pty: unreadable /status screen (last 400 chars): ${failure.excerpt.slice(-400)}`);
  return new SourceError('bad_response', "Could not read the limits on Codex's /status screen. Update Codex, or use --source oauth or rpc.");
}

/** `codex` in a pseudo-terminal, `/status` typed and the rendered card read back (CONTRACT §2 `pty`). */
export const ptySource: UsageSource = {
  id: 'pty',

  async isAvailable(ctx: FetchContext): Promise<Availability> {
    try {
      resolveCodexBinary({ override: ctx.codexBinOverride, env: ctx.env });
      return { ok: true };
    } catch (error) {
      if (error instanceof SourceError) return { ok: false, error };
      throw error;
    }
  },

  async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
    const binary = resolveCodexBinary({ override: ctx.codexBinOverride, env: ctx.env });
    const budgetMs = cappedTimeout(TIMEOUT_MS, ctx);
    const deadline = Date.now() + budgetMs;
    let status: ReadStatus;
    try {
      status = await readOnce(ctx, binary, FIRST_SIZE, deadline, budgetMs, false);
    } catch (error) {
      if (!(error instanceof StatusParseFailure)) throw error;
      if (deadline - Date.now() < MIN_RETRY_MS) throw unreadable(error, ctx);
      ctx.logger.debug(`pty: retrying /status at ${RETRY_SIZE.cols}x${RETRY_SIZE.rows}`);
      try {
        status = await readOnce(ctx, binary, RETRY_SIZE, deadline, budgetMs, true);
      } catch (retryError) {
        if (retryError instanceof StatusParseFailure) throw unreadable(retryError, ctx);
        throw retryError;
      }
    }
    return statusToSnapshot(status);
  },

  // The last link of the auto chain: there is nothing after it to fall back to.
  shouldFallback: () => false,
};
