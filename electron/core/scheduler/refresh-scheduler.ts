// When to refresh usage: on a cadence, when someone looks, soon after Codex was used, after wake and
// when the network returns, backing off after failures and never running two refreshes at once. Shared by the tray app and
// `quotabar serve`; all time comes from an injected clock.
import { silentLogger, type Logger } from '../util/logger.js';
import { backoffDelayMs, refreshIntervalMs, type RefreshSettings } from './refresh-cadence.js';
import { systemClock, type SchedulerClock } from './scheduler-clock.js';

export type RefreshReason = 'startup' | 'timer' | 'popover' | 'activity' | 'resume' | 'network' | 'manual' | 'settings';

export interface RefreshSchedulerOptions {
  /** Read on every scheduling decision, so a settings change applies from the next one. */
  getSettings: () => RefreshSettings;
  /** Runs one refresh; resolves true when it succeeded. A rejection counts as a failure. */
  refresh: (reason: RefreshReason) => Promise<boolean>;
  clock?: SchedulerClock;
  logger?: Logger;
  /** Wait after wake before refreshing, so Wi-Fi can reconnect first. */
  resumeDelayMs?: number;
  /** Opening the popover refreshes data older than this. */
  popoverFreshMs?: number;
  /**
   * Read right after a failed refresh: how long the backend asked to wait (a 429's `Retry-After`), in
   * milliseconds, or null. No refresh of any kind starts before that wait is over.
   */
  retryAfterMs?: () => number | null;
  /**
   * Codex activity refreshes at most this soon after the previous attempt, so a long agent run is
   * followed without polling the backend at the pace of its log writes.
   */
  activityGapMs?: number;
}

export interface RefreshSchedulerStatus {
  running: boolean;
  inFlight: RefreshReason | null;
  consecutiveFailures: number;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastPopoverOpenAt: number | null;
  lastActivityAt: number | null;
  /** When the next automatic refresh is due, or null when none is scheduled. */
  nextRefreshAt: number | null;
  /** Until when the backend's Retry-After holds every refresh back, or null. */
  retryAfterUntil: number | null;
}

interface Deferred {
  promise: Promise<boolean>;
  resolve: (ok: boolean) => void;
}

function deferred(): Deferred {
  let resolve: (ok: boolean) => void = () => {};
  const promise = new Promise<boolean>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export const DEFAULT_RESUME_DELAY_MS = 5_000;
export const DEFAULT_POPOVER_FRESH_MS = 60_000;
/** A forced refresh (`quotabar serve`'s `?refresh=1`) asks the backend at most this often (interface §5). */
export const FORCED_REFRESH_MIN_GAP_MS = 30_000;
export const DEFAULT_ACTIVITY_GAP_MS = 2 * 60_000;

export class RefreshScheduler {
  private readonly getSettings: () => RefreshSettings;
  private readonly doRefresh: (reason: RefreshReason) => Promise<boolean>;
  private readonly clock: SchedulerClock;
  private readonly logger: Logger;
  private readonly resumeDelayMs: number;
  private readonly popoverFreshMs: number;
  private readonly retryAfterMs: () => number | null;
  private readonly activityGapMs: number;

  private running = false;
  private inFlight: Promise<boolean> | null = null;
  private inFlightReason: RefreshReason | null = null;
  private followUp: { reason: RefreshReason; done: Deferred } | null = null;
  private timer: unknown = null;
  private nextDueAt: number | null = null;
  /** A one-off earlier due time (after wake) that survives rescheduling until a refresh starts. */
  private wakeDueAt: number | null = null;
  private failures = 0;
  private lastSuccessAt: number | null = null;
  private lastAttemptAt: number | null = null;
  private lastStartedAt: number | null = null;
  private lastPopoverOpenAt: number | null = null;
  private retryAfterUntil: number | null = null;
  private lastActivityAt: number | null = null;
  /** Codex was used since the last refresh started. */
  private activityPending = false;

  constructor(options: RefreshSchedulerOptions) {
    this.getSettings = options.getSettings;
    this.doRefresh = options.refresh;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.resumeDelayMs = options.resumeDelayMs ?? DEFAULT_RESUME_DELAY_MS;
    this.popoverFreshMs = options.popoverFreshMs ?? DEFAULT_POPOVER_FRESH_MS;
    this.retryAfterMs = options.retryAfterMs ?? (() => null);
    this.activityGapMs = options.activityGapMs ?? DEFAULT_ACTIVITY_GAP_MS;
  }

  /** Refreshes now and keeps refreshing on the cadence until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run('startup');
  }

  /** Cancels every pending refresh; a refresh already running finishes but schedules nothing. */
  stop(): void {
    this.running = false;
    this.cancelTimer();
    this.wakeDueAt = null;
    this.activityPending = false;
    const followUp = this.followUp;
    this.followUp = null;
    followUp?.done.resolve(false);
  }

  popoverOpened(): void {
    const now = this.clock.now();
    this.lastPopoverOpenAt = now;
    if (!this.running || this.inFlight !== null) return;
    const dataOld = this.lastSuccessAt === null || now - this.lastSuccessAt > this.popoverFreshMs;
    // Opening and closing the popover repeatedly during an outage tries at most once a minute.
    const triedRecently = this.lastAttemptAt !== null && now - this.lastAttemptAt <= this.popoverFreshMs;
    if (dataOld && !triedRecently && !this.waitingForBackend(now)) void this.run('popover');
    else this.schedule(); // the adaptive cadence just got shorter
  }

  /**
   * Codex wrote a session log: refresh soon (right away when the last attempt is older than the
   * activity gap), and keep the adaptive cadence short as while the popover is in use. A back-off
   * after failures (a 429 among them) is not shortened; a refresh under way is followed by one more.
   */
  sessionActivity(): void {
    this.lastActivityAt = this.clock.now();
    if (!this.running) return;
    this.activityPending = true;
    if (this.inFlight === null) this.schedule();
  }

  systemResumed(): void {
    if (!this.running) return;
    if (this.inFlight !== null) {
      // Whatever was running when the machine slept is suspect: refresh once more after it.
      void this.queueFollowUp('resume');
      return;
    }
    this.wakeDueAt = this.clock.now() + this.resumeDelayMs;
    this.schedule();
  }

  networkOnline(): void {
    if (!this.running || this.inFlight !== null) return;
    const now = this.clock.now();
    if (this.waitingForBackend(now)) return;
    const dataOld = this.lastSuccessAt === null || now - this.lastSuccessAt > this.popoverFreshMs;
    // Back-off exists for a backend that keeps failing; a network that just came back is a new chance.
    if (this.failures > 0 || dataOld) void this.run('network');
  }

  /**
   * A refresh someone asked for. 'manual' joins a refresh already running (its result is as fresh);
   * 'settings' runs once more after it, because it may have started with the old settings.
   */
  requestNow(reason: 'manual' | 'settings' = 'manual'): Promise<boolean> {
    if (this.inFlight !== null) {
      if (reason === 'manual') return this.inFlight;
      return this.queueFollowUp(reason);
    }
    // The backend said when to come back; asking sooner only extends the wait.
    if (this.waitingForBackend(this.clock.now())) return Promise.resolve(false);
    return this.run(reason);
  }

  /**
   * A refresh forced from outside (`quotabar serve`'s `?refresh=1`, which anyone on the machine can
   * send): joins one under way; otherwise runs one only when the last one started at least `minGapMs`
   * ago and neither a 429's Retry-After nor the back-off after failures is running. Null when it did
   * not run: the caller serves the latest result.
   */
  requestForced(minGapMs = FORCED_REFRESH_MIN_GAP_MS): Promise<boolean> | null {
    if (this.inFlight !== null) return this.inFlight;
    const now = this.clock.now();
    if (this.lastStartedAt !== null && now - this.lastStartedAt < minGapMs) return null;
    if (this.waitingForBackend(now)) return null;
    if (this.failures > 0 && this.lastAttemptAt !== null) {
      const interval = refreshIntervalMs(this.getSettings(), this.lastPopoverOpenAt, now);
      if (now < this.lastAttemptAt + backoffDelayMs(interval, this.failures)) return null;
    }
    return this.run('manual');
  }

  /** Re-plans the next refresh after the cadence setting changed. */
  settingsChanged(): void {
    if (this.running && this.inFlight === null) this.schedule();
  }

  status(): RefreshSchedulerStatus {
    return {
      running: this.running,
      inFlight: this.inFlightReason,
      consecutiveFailures: this.failures,
      lastSuccessAt: this.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      lastPopoverOpenAt: this.lastPopoverOpenAt,
      lastActivityAt: this.lastActivityAt,
      nextRefreshAt: this.nextDueAt,
      retryAfterUntil: this.retryAfterUntil,
    };
  }

  private waitingForBackend(now: number): boolean {
    return this.retryAfterUntil !== null && now < this.retryAfterUntil;
  }

  private queueFollowUp(reason: RefreshReason): Promise<boolean> {
    if (this.followUp === null) this.followUp = { reason, done: deferred() };
    else if (reason === 'settings') this.followUp.reason = reason;
    return this.followUp.done.promise;
  }

  private run(reason: RefreshReason): Promise<boolean> {
    if (this.inFlight !== null) return this.inFlight;
    this.cancelTimer();
    this.wakeDueAt = null;
    // Whatever this refresh is for, it also answers the activity seen so far.
    this.activityPending = false;
    this.inFlightReason = reason;
    this.lastStartedAt = this.clock.now();
    // Marked in flight before the refresh function runs, so a re-entrant call joins instead of starting another.
    const done = deferred();
    this.inFlight = done.promise;
    void done.promise.then(() => this.finish());
    void this.attempt(reason).then(done.resolve);
    return done.promise;
  }

  private async attempt(reason: RefreshReason): Promise<boolean> {
    let ok = false;
    try {
      ok = (await this.doRefresh(reason)) === true;
    } catch (error) {
      this.logger.warn(`refresh (${reason}) threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    const now = this.clock.now();
    this.lastAttemptAt = now;
    if (ok) {
      this.failures = 0;
      this.lastSuccessAt = now;
      this.retryAfterUntil = null;
    } else {
      this.failures++;
      const wait = this.retryAfterMs();
      this.retryAfterUntil = wait !== null && wait > 0 ? now + wait : null;
    }
    return ok;
  }

  private finish(): void {
    this.inFlight = null;
    this.inFlightReason = null;
    const followUp = this.followUp;
    this.followUp = null;
    if (followUp !== null) {
      void this.run(followUp.reason).then(followUp.done.resolve);
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    this.cancelTimer();
    if (!this.running || this.inFlight !== null) return;
    const now = this.clock.now();
    const interval = refreshIntervalMs(this.getSettings(), this.lastInUseAt(), now);
    const delay = backoffDelayMs(interval, this.failures);
    let due = (this.lastAttemptAt ?? now) + delay;
    let reason: RefreshReason = 'timer';
    if (this.activityPending && this.failures === 0) {
      const activityDue = Math.max(now, (this.lastAttemptAt ?? now) + this.activityGapMs);
      if (activityDue <= Math.max(due, now)) {
        due = activityDue;
        reason = 'activity';
      }
    }
    if (this.wakeDueAt !== null && this.wakeDueAt < due) {
      due = this.wakeDueAt;
      reason = 'resume';
    }
    if (this.retryAfterUntil !== null && due < this.retryAfterUntil) due = this.retryAfterUntil;
    this.nextDueAt = due;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        void this.run(reason);
      },
      Math.max(0, due - now),
    );
  }

  /** The last sign someone is using Codex or QuotaBar: the adaptive cadence follows it. */
  private lastInUseAt(): number | null {
    if (this.lastPopoverOpenAt === null) return this.lastActivityAt;
    if (this.lastActivityAt === null) return this.lastPopoverOpenAt;
    return Math.max(this.lastPopoverOpenAt, this.lastActivityAt);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.nextDueAt = null;
  }
}
