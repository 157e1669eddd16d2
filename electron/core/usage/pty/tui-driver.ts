import type { Logger } from '../../util/logger.js';
import { delay } from '../../util/process-tree.js';
import { SourceError } from '../../util/source-error.js';
import { parseStatusScreen, type StatusScreen } from './status-screen-parser.js';
import type { ExitStatus } from './terminal-screen.js';
import { downPressesToSkip, looksLikeLogin, looksLikeTrustPrompt, looksLikeUpdatePrompt, looksReadyForInput } from './tui-screens.js';

/** What the driver needs from a terminal (TerminalScreen provides it). */
export interface StatusTerminal {
  text(): string;
  readonly hasOutput: boolean;
  idleMs(now?: number): number;
  readonly exitStatus: ExitStatus | null;
  type(data: string): void;
  arrowDown(): string;
  waitForActivity(ms: number): Promise<void>;
}

export type ReadStatus = Extract<StatusScreen, { kind: 'status' }>;

/** The card was on screen but could not be read: worth one more try in a larger terminal. */
export class StatusParseFailure extends Error {
  readonly excerpt: string;

  constructor(excerpt: string) {
    super('The /status card could not be read.');
    this.name = 'StatusParseFailure';
    this.excerpt = excerpt;
  }
}

export interface DriveOptions {
  terminal: StatusTerminal;
  /** Epoch milliseconds after which the driver gives up. */
  deadline: number;
  /** The whole budget in ms, for messages. */
  budgetMs: number;
  /** Accept a card with some unreadable rows (the retry does; the first try asks for a larger terminal). */
  acceptPartial: boolean;
  now: () => Date;
  logger: Logger;
  signal?: AbortSignal;
}

// Timings follow a person at a keyboard (and CodexBar's probe): Codex treats very fast keystrokes
// as a paste, in which Enter inserts a newline instead of submitting.
const TICK_MS = 100;
const KEY_GAP_MS = 20;
const TYPE_TO_ENTER_MS = 250;
const PROMPT_QUIET_MS = 150;
const NO_PROMPT_QUIET_MS = 1000;
const ENTER_RETRY_MS = 1200;
const MAX_ENTER_RETRIES = 6;
const RESEND_MS = 3000;
const MAX_RESENDS = 2;
const SETTLE_QUIET_MS = 400;
const SETTLE_MAX_MS = 2000;
const NOT_READY_RESEND_MS = 1200;
const UPDATE_RECHECK_MS = 1500;
const MAX_UPDATE_SKIPS = 2;
const EXIT_DRAIN_MS = 50;
const CLEAR_COMPOSER = '\x7f'.repeat(24);

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

function notLoggedIn(): SourceError {
  return new SourceError('not_logged_in', 'Codex is not signed in (it shows its login screen). Run `codex login`, then refresh.');
}

/**
 * Drives one Codex TUI session to its `/status` card: waits for the composer, types `/status` and
 * Enter, presses Enter again or re-types when nothing happens, skips the update prompt, stops at a
 * login or trust screen without answering it, and waits for the card to settle before reading it.
 */
export async function driveStatus(options: DriveOptions): Promise<ReadStatus> {
  const { terminal, deadline, logger } = options;
  let sentAt: number | null = null;
  let lastEnterAt = 0;
  let enterRetries = 0;
  let resends = 0;
  let cardSeenAt: number | null = null;
  let notReadySince: number | null = null;
  let lastNotReadySendAt = 0;
  let updateSkips = 0;
  let lastUpdateSkipAt = 0;
  let lastState: StatusScreen = { kind: 'none' };
  // Typed after the screen went quiet without a recognisable composer: from then on, treat it as one.
  let composerAssumed = false;
  // A composer with something animating nearby never goes quiet; after a while, type anyway.
  let readySince: number | null = null;

  /**
   * The screen can change between a decision and a keystroke, so each key is checked against what
   * is on screen right now: nothing is ever typed into a login screen, and only the keys that skip
   * it go to an update prompt (an Enter there could start an update).
   */
  const guardedType = (data: string, forUpdatePrompt = false): boolean => {
    const now = terminal.text();
    if (looksLikeLogin(now)) throw notLoggedIn();
    if (!forUpdatePrompt && (looksLikeUpdatePrompt(now) || looksLikeTrustPrompt(now))) return false;
    terminal.type(data);
    return true;
  };
  const typeStatus = async () => {
    sentAt = lastEnterAt = Date.now();
    cardSeenAt = null;
    if (!guardedType(CLEAR_COMPOSER)) return;
    for (const ch of '/status') {
      if (!guardedType(ch)) return;
      await delay(KEY_GAP_MS);
    }
    await delay(TYPE_TO_ENTER_MS);
    guardedType('\r');
    sentAt = lastEnterAt = Date.now();
  };

  for (;;) {
    if (options.signal?.aborted) throw new SourceError('timeout', 'The Codex /status probe was cancelled.');
    const t = Date.now();
    if (t >= deadline) throw timeoutError(lastState, terminal, sentAt !== null, options.budgetMs);
    const text = terminal.text();
    const state = parseStatusScreen(text, options.now());
    lastState = state;

    if (state.kind === 'none') {
      if (looksLikeLogin(text)) throw notLoggedIn();
      if (looksLikeTrustPrompt(text)) {
        throw new SourceError('not_supported', 'Codex asks whether to trust your home folder. Run `codex` once in your home folder and answer it, then refresh.');
      }
      if (looksLikeUpdatePrompt(text) && t - lastUpdateSkipAt >= UPDATE_RECHECK_MS && terminal.idleMs() >= PROMPT_QUIET_MS) {
        if (updateSkips >= MAX_UPDATE_SKIPS) {
          throw new SourceError('not_supported', 'Codex keeps asking to be updated before it starts. Update it (`npm install -g @openai/codex`), then refresh.');
        }
        logger.debug('pty: skipping the Codex update prompt');
        for (let i = 0; i < downPressesToSkip(text); i++) {
          guardedType(terminal.arrowDown(), true);
          await delay(80);
        }
        guardedType('\r', true);
        updateSkips++;
        lastUpdateSkipAt = Date.now();
        sentAt = null;
        composerAssumed = false;
        await terminal.waitForActivity(TICK_MS);
        continue;
      }
    }

    const exit = terminal.exitStatus;
    // Its last words may still be in the emulator's parse queue when the exit is reported.
    if (exit !== null && terminal.idleMs() < EXIT_DRAIN_MS) {
      await terminal.waitForActivity(EXIT_DRAIN_MS);
      continue;
    }
    if (exit !== null && !(state.kind === 'status' && state.complete)) {
      // node-pty reports a failed exec or chdir on the terminal itself, then exits.
      if (/execvp\(3\) failed/.test(text)) {
        throw new SourceError('codex_not_found', `The Codex CLI could not be started (${lastLine(text)}). Check --codex-bin, or reinstall with \`npm i -g @openai/codex\`.`);
      }
      const tail = lastLine(text);
      throw new SourceError(
        'bad_response',
        `Codex exited (code ${exit.exitCode}) before showing /status${tail ? `: "${tail}"` : ''}. Run \`codex\` in a terminal to see what it needs.`,
      );
    }

    if (state.kind === 'status' || state.kind === 'unreadable' || state.kind === 'unavailable') {
      cardSeenAt ??= t;
      notReadySince = null;
      const complete = state.kind === 'unavailable' || state.complete;
      const settled = (complete && terminal.idleMs() >= SETTLE_QUIET_MS) || t - cardSeenAt >= SETTLE_MAX_MS;
      if (settled) {
        if (state.kind === 'unavailable') {
          if (state.account.apiKey) {
            throw new SourceError('not_logged_in', 'Codex is signed in with an API key, which has no ChatGPT plan limits. Run `codex login` to sign in with ChatGPT.');
          }
          throw new SourceError('not_supported', 'Codex reports that usage limits are not available for this account.');
        }
        if (state.kind === 'unreadable' || (state.unreadableRows.length > 0 && !options.acceptPartial)) {
          throw new StatusParseFailure(text.slice(-2000));
        }
        return state;
      }
    } else if (state.kind === 'not_ready') {
      // "data not available yet": Codex has not fetched the limits yet; ask again until it has.
      notReadySince ??= t;
      cardSeenAt = null;
      const since = t - Math.max(lastNotReadySendAt, notReadySince);
      if ((terminal.idleMs() >= SETTLE_QUIET_MS || since >= SETTLE_MAX_MS) && since >= NOT_READY_RESEND_MS) {
        logger.debug('pty: /status has no data yet, asking again');
        lastNotReadySendAt = Date.now();
        await typeStatus();
        continue;
      }
    } else {
      // A pointer glyph also marks the selected option of a picker: only a plain composer counts,
      // and nothing is typed while a prompt that must not be answered is up.
      const blocked = looksLikeUpdatePrompt(text) || looksLikeLogin(text) || looksLikeTrustPrompt(text);
      const ready: boolean = !blocked && (composerAssumed || looksReadyForInput(text));
      readySince = ready ? (readySince ?? t) : null;
      if (blocked) {
        // Wait: the update prompt is skipped again once UPDATE_RECHECK_MS has passed.
      } else if (sentAt === null) {
        const quiet = terminal.idleMs();
        // Switching to the alternate screen or asking for the cursor is output too, but nothing to type into.
        const drawn = text.trim() !== '';
        const promptSettled = ready && (quiet >= PROMPT_QUIET_MS || t - (readySince ?? t) >= NO_PROMPT_QUIET_MS);
        if (drawn && (promptSettled || (!ready && quiet >= NO_PROMPT_QUIET_MS))) {
          logger.debug(`pty: typing /status (${ready ? 'prompt seen' : 'screen quiet'})`);
          composerAssumed = !ready;
          await typeStatus();
          continue;
        }
      } else if (ready) {
        if (t - sentAt >= RESEND_MS && resends < MAX_RESENDS) {
          logger.debug('pty: no answer to /status, typing it again');
          resends++;
          await typeStatus();
          continue;
        }
        if (t - lastEnterAt >= ENTER_RETRY_MS && enterRetries < MAX_ENTER_RETRIES) {
          enterRetries++;
          lastEnterAt = t;
          guardedType('\r');
        }
      }
    }
    await terminal.waitForActivity(TICK_MS);
  }
}

function timeoutError(state: StatusScreen, terminal: StatusTerminal, typed: boolean, budgetMs: number): SourceError {
  const within = seconds(budgetMs);
  if (state.kind === 'not_ready') {
    return new SourceError('timeout', `Codex had no usage data yet after ${within} (/status says "${state.message}"). Send a message in Codex, then refresh.`);
  }
  if (!terminal.hasOutput) {
    return new SourceError('timeout', `Codex printed nothing within ${within}. Run \`codex\` in a terminal to check that it starts, or raise --timeout.`);
  }
  if (!typed) {
    return new SourceError('timeout', `Codex did not reach its prompt within ${within}. Run \`codex\` in a terminal to see what it is waiting for, or raise --timeout.`);
  }
  return new SourceError('timeout', `Codex did not answer /status within ${within}. Try again, or raise --timeout.`);
}
