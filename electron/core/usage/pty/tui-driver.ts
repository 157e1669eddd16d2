import type { Logger } from '../../util/logger.js';
import { delay } from '../../util/process-tree.js';
import { SourceError } from '../../util/source-error.js';
import { parseStatusScreen, type StatusScreen } from './status-screen-parser.js';
import type { ExitStatus } from './terminal-screen.js';
import { findQuestion, looksLikeLogin, looksReadyForInput, looksStillStarting, type Question } from './tui-screens.js';

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
/** The composer must be drawn and the screen quiet this long before /status is typed. */
const PROMPT_QUIET_MS = 150;
/** A composer with something animating nearby never goes quiet; after this long, type anyway. */
const NO_PROMPT_QUIET_MS = 1000;
const ENTER_RETRY_MS = 1200;
const MAX_ENTER_RETRIES = 6;
const RESEND_MS = 3000;
const MAX_RESENDS = 2;
const SETTLE_QUIET_MS = 400;
const SETTLE_MAX_MS = 2000;
/** "refresh requested" is updated in place by Codex; only a card that stays unchanged this long is asked again. */
const NOT_READY_RESEND_MS = 1500;
const EXIT_DRAIN_MS = 50;
const CLEAR_COMPOSER = '\x7f'.repeat(24);

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

/** A question on screen is never answered: QuotaBar stops and says what Codex asks. */
function questionAsked(question: Question): SourceError {
  const choices = question.choices.map((c) => `"${c.slice(0, 60)}"`).join(' / ');
  const asked = question.title !== '' ? `"${question.title}" ${choices}` : choices;
  return new SourceError(
    'not_supported',
    `Codex asks a question before it starts (${asked}); QuotaBar never answers one. Run \`codex\` in a terminal and answer it there, then refresh.`,
  );
}

function notLoggedIn(): SourceError {
  return new SourceError('not_logged_in', 'Codex is not signed in (it shows its login screen). Run `codex login`, then refresh.');
}

/**
 * Drives one Codex TUI session to its `/status` card: waits until the composer is drawn, types
 * `/status` and Enter, waits while Codex finishes starting, presses Enter again or re-types when
 * nothing happens, and waits for the card to settle before reading it. It stops without a key
 * at a login screen or any question (a numbered choice list), and never types into one.
 */
export async function driveStatus(options: DriveOptions): Promise<ReadStatus> {
  return new StatusDriver(options).run();
}

/** What one look at the screen decided: the card, a key typed (look again at once), or wait for output. */
type Step = { card: ReadStatus } | 'typed' | 'wait';

/** One drive's memory between looks at the screen; each kind of screen has its own step. */
class StatusDriver {
  private sentAt: number | null = null;
  private lastEnterAt = 0;
  private enterRetries = 0;
  private resends = 0;
  private cardSeenAt: number | null = null;
  private lastNotReadySendAt = 0;
  private notReadyResends = 0;
  private lastState: StatusScreen = { kind: 'none' };
  private readySince: number | null = null;

  constructor(private readonly options: DriveOptions) {}

  async run(): Promise<ReadStatus> {
    const { terminal, deadline } = this.options;
    for (;;) {
      if (this.options.signal?.aborted) throw new SourceError('timeout', 'The Codex /status probe was cancelled.');
      const t = Date.now();
      if (t >= deadline) throw timeoutError(this.lastState, terminal, this.sentAt !== null, this.options.budgetMs);
      const text = terminal.text();
      const state = parseStatusScreen(text, this.options.now());
      this.lastState = state;
      if (state.kind === 'none' || state.kind === 'not_ready') stopAtLoginOrQuestion(text);

      const exit = terminal.exitStatus;
      // Its last words may still be in the emulator's parse queue when the exit is reported.
      if (exit !== null && terminal.idleMs() < EXIT_DRAIN_MS) {
        await terminal.waitForActivity(EXIT_DRAIN_MS);
        continue;
      }
      if (exit !== null && !(state.kind === 'status' && state.complete)) throw exitedEarly(exit, text);

      const step = await this.step(state, text, t);
      if (step === 'typed') continue;
      if (step !== 'wait') return step.card;
      await terminal.waitForActivity(TICK_MS);
    }
  }

  private step(state: StatusScreen, text: string, t: number): Step | Promise<Step> {
    if (state.kind === 'status' || state.kind === 'unreadable' || state.kind === 'unavailable') return this.onCard(state, text, t);
    if (state.kind === 'not_ready') return this.onNotReady(t);
    if (looksStillStarting(text)) {
      // The command was taken; Codex runs it once it has started. Typing more would only queue it twice.
      this.readySince = null;
      return 'wait';
    }
    return this.onComposer(text, t);
  }

  /** A card is on screen: read it once it has settled. */
  private onCard(state: Extract<StatusScreen, { kind: 'status' | 'unreadable' | 'unavailable' }>, text: string, t: number): Step {
    const cardSeenAt = (this.cardSeenAt ??= t);
    const complete = state.kind === 'unavailable' || state.complete;
    const settled = (complete && this.options.terminal.idleMs() >= SETTLE_QUIET_MS) || t - cardSeenAt >= SETTLE_MAX_MS;
    if (!settled) return 'wait';
    if (state.kind === 'unavailable') {
      if (state.account.apiKey) {
        throw new SourceError(
          'not_logged_in',
          'Codex is signed in with an API key, which has no ChatGPT plan limits. Run `codex login` to sign in with ChatGPT.',
        );
      }
      throw new SourceError('not_supported', 'Codex reports that usage limits are not available for this account.');
    }
    if (state.kind === 'unreadable' || (state.unreadableRows.length > 0 && !this.options.acceptPartial)) {
      throw new StatusParseFailure(text.slice(-2000));
    }
    return { card: state };
  }

  /**
   * "refresh requested": Codex fetches the limits and redraws the card in place. Only a card that
   * stays unchanged (or "data not available yet", which is not redrawn) is asked again.
   */
  private async onNotReady(t: number): Promise<Step> {
    this.cardSeenAt = null;
    const quietFor = Math.min(this.options.terminal.idleMs(), t - this.lastNotReadySendAt);
    if (quietFor < NOT_READY_RESEND_MS || this.notReadyResends >= MAX_RESENDS + 2) return 'wait';
    this.options.logger.debug('pty: /status has no limits yet, asking again');
    this.notReadyResends++;
    this.lastNotReadySendAt = Date.now();
    await this.typeStatus();
    return 'typed';
  }

  /** The composer (or something not yet known): type /status once it is ready, nudge when nothing answers. */
  private async onComposer(text: string, t: number): Promise<Step> {
    const { terminal, logger } = this.options;
    const ready = looksReadyForInput(text);
    this.readySince = ready ? (this.readySince ?? t) : null;
    if (this.sentAt === null) {
      // Keys typed before the composer is drawn reach a terminal not yet in raw mode: they are echoed and lost.
      const promptSettled = ready && (terminal.idleMs() >= PROMPT_QUIET_MS || t - (this.readySince ?? t) >= NO_PROMPT_QUIET_MS);
      if (!promptSettled) return 'wait';
      logger.debug('pty: typing /status');
      await this.typeStatus();
      return 'typed';
    }
    if (!ready) return 'wait';
    if (t - this.sentAt >= RESEND_MS && this.resends < MAX_RESENDS) {
      logger.debug('pty: no answer to /status, typing it again');
      this.resends++;
      await this.typeStatus();
      return 'typed';
    }
    if (t - this.lastEnterAt >= ENTER_RETRY_MS && this.enterRetries < MAX_ENTER_RETRIES) {
      this.enterRetries++;
      this.lastEnterAt = t;
      this.guardedType('\r');
    }
    return 'wait';
  }

  /**
   * The screen can change between a decision and a keystroke, so each key is checked against what
   * is on screen right now: nothing is ever typed into a login screen or a question.
   */
  private guardedType(data: string): void {
    stopAtLoginOrQuestion(this.options.terminal.text());
    this.options.terminal.type(data);
  }

  private async typeStatus(): Promise<void> {
    // The composer starts empty; only a retry may find leftovers of an earlier attempt to clear.
    const retry = this.sentAt !== null;
    this.sentAt = this.lastEnterAt = Date.now();
    this.cardSeenAt = null;
    if (retry) this.guardedType(CLEAR_COMPOSER);
    for (const ch of '/status') {
      this.guardedType(ch);
      await delay(KEY_GAP_MS);
    }
    await delay(TYPE_TO_ENTER_MS);
    this.guardedType('\r');
    this.sentAt = this.lastEnterAt = Date.now();
  }
}

function stopAtLoginOrQuestion(text: string): void {
  if (looksLikeLogin(text)) throw notLoggedIn();
  const question = findQuestion(text);
  if (question !== null) throw questionAsked(question);
}

/** Codex ended before its card was complete: say why in the person's terms. */
function exitedEarly(exit: ExitStatus, text: string): SourceError {
  // node-pty reports a failed exec or chdir on the terminal itself, then exits.
  if (/execvp\(3\) failed/.test(text)) {
    return new SourceError(
      'codex_not_found',
      `The Codex CLI could not be started (${lastLine(text)}). Check --codex-bin, or reinstall with \`npm i -g @openai/codex\`.`,
    );
  }
  // An older Codex refuses the flags that keep it from writing config.toml or starting a daemon.
  if (/unexpected argument '--no-daemon'|config profile .* not found|invalid value .* for '--profile/i.test(text)) {
    return new SourceError(
      'not_supported',
      'This Codex CLI is too old for the /status probe (it lacks `--no-daemon` or profile files). Update it (`npm i -g @openai/codex`), or use --source oauth or rpc.',
    );
  }
  const tail = lastLine(text);
  return new SourceError(
    'bad_response',
    `Codex exited (code ${exit.exitCode}) before showing /status${tail ? `: "${tail}"` : ''}. Run \`codex\` in a terminal to see what it needs.`,
  );
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
    return new SourceError(
      'timeout',
      `Codex did not reach its prompt within ${within}. Run \`codex\` in a terminal to see what it is waiting for, or raise --timeout.`,
    );
  }
  return new SourceError('timeout', `Codex did not answer /status within ${within}. Try again, or raise --timeout.`);
}
