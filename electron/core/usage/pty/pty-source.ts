import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { codexInvocation, minimalChildEnv } from '../../codex/codex-binary.js';
import { baseUrlOverrideArgs, codexAvailability, codexBinaryFor } from '../codex-child.js';
import { SourceError } from '../../util/source-error.js';
import { type FetchContext, type UsageSource } from '../usage-source.js';
import { statusToSnapshot } from './status-snapshot.js';
import { TerminalScreen } from './terminal-screen.js';
import { driveStatus, StatusParseFailure, type ReadStatus } from './tui-driver.js';

/** Without --timeout: a cold Codex takes up to ~5 s to start, then /status ~1 s more. */
const DEFAULT_TIMEOUT_MS = 20_000;
/** A large terminal keeps Codex from wrapping or truncating the card; the retry goes larger still. */
const FIRST_SIZE = { cols: 200, rows: 60 };
const RETRY_SIZE = { cols: 220, rows: 70 };
/** Below this much remaining budget a retry could not even get Codex started. */
const MIN_RETRY_MS = 1_500;

/**
 * How Codex is started, so that it asks nothing and changes nothing:
 * - `--no-daemon`: the TUI stays embedded; plainly started, Codex 0.171 starts a managed background
 *   app-server daemon that outlives it (and installs a copy of itself into the Codex home).
 * - `-p <one-off profile>`: Codex records its first-run screen-reader check
 *   (`[tui] screen_reader_detection_done`) in the user config file of the session, which a `-c`
 *   override does not prevent; with a profile that file is `<codex home>/<profile>.config.toml`,
 *   a file of this run's own that is removed afterwards, and `config.toml` is never written.
 * - read-only, never asking for approval, no history file, no update check.
 */
export function codexArgs(ctx: FetchContext, profile: string): string[] {
  const args = [
    '--no-daemon',
    '-p',
    profile,
    '-s',
    'read-only',
    '-a',
    'never',
    '-c',
    'history.persistence="none"',
    '-c',
    'check_for_update_on_startup=false',
    '-c',
    'analytics.enabled=false',
    '-c',
    'tui.show_tooltips=false',
  ];
  return [...args, ...baseUrlOverrideArgs(ctx)];
}

/**
 * A private, empty working folder of QuotaBar's own (mode 0700): never a git repository or a
 * folder the user trusted or not, so Codex has no folder-trust question to ask.
 */
function privateWorkdir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'quotabar-codex-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Removes the one-off profile file Codex wrote for this run (its name is unique to the run). */
function removeProfileFile(ctx: FetchContext, profile: string): void {
  try {
    rmSync(join(ctx.codexHome, `${profile}.config.toml`), { force: true });
  } catch (error) {
    ctx.logger.warn(`Could not remove ${join(ctx.codexHome, `${profile}.config.toml`)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readOnce(
  ctx: FetchContext,
  binary: string,
  size: { cols: number; rows: number },
  deadline: number,
  budgetMs: number,
  acceptPartial: boolean,
): Promise<ReadStatus> {
  const profile = `quotabar-${randomBytes(6).toString('hex')}`;
  const workdir = privateWorkdir();
  const invocation = codexInvocation(binary, codexArgs(ctx, profile), ctx.env);
  let terminal: TerminalScreen;
  try {
    terminal = TerminalScreen.open({
      command: invocation.command,
      args: invocation.windowsVerbatimArguments ? invocation.args.join(' ') : invocation.args,
      env: { ...minimalChildEnv(ctx.env, ctx.codexHome), TERM: 'xterm-256color' },
      cwd: workdir.path,
      ...size,
    });
  } catch (error) {
    workdir.remove();
    throw error;
  }
  const onAbort = () => void terminal.close();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await driveStatus({ terminal, deadline, budgetMs, acceptPartial, now: ctx.now, logger: ctx.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await terminal.close();
    removeProfileFile(ctx, profile);
    workdir.remove();
  }
}

function unreadable(failure: StatusParseFailure, ctx: FetchContext): SourceError {
  ctx.logger.debug(`pty: unreadable /status screen (last 400 chars): ${failure.excerpt.slice(-400)}`);
  return new SourceError('bad_response', "Could not read the limits on Codex's /status screen. Update Codex, or use --source oauth or rpc.");
}

/** `codex` in a pseudo-terminal, `/status` typed and the rendered card read back (interface §2 `pty`). */
export const ptySource: UsageSource = {
  id: 'pty',

  isAvailable: codexAvailability,

  async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
    const binary = codexBinaryFor(ctx);
    const budgetMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
