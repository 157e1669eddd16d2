import { normalizeModelName } from './model-name.js';
import type { RolloutRecord } from './rollout-record.js';
import { totalsFingerprint } from './totals-digest.js';
import { addUsage, clampSubsets, growth, isZeroUsage, ZERO_USAGE, type UsageVector } from './usage-vector.js';

// The counting rules of interface §4 for one session file, as a resumable state machine:
// - usage is the growth of the cumulative total_token_usage over the running total, so a repeated total adds
//   nothing. A total lower than the running one (and not a repeat of an earlier one) is a new baseline, never
//   negative usage. From then on the file's totals are not to be trusted as one monotonic counter (a restart,
//   or events written out of order), so each growth is capped by the event's own last_token_usage: what was
//   already counted above the new baseline is not counted again;
// - last_token_usage counts only on an event without a total;
// - a forked session (session_meta.payload.forked_from_id) opens with a copy of its parent's history; that
//   copied prefix is never counted. With the parent at hand, the prefix is the run of leading totals the
//   parent also logged. Without it, the prefix is the burst of lines Codex re-stamped at the fork instant:
//   the copy is written in one go, and the child's first own line only comes after a model round trip.
// - the model is the latest turn_context's, normalised.

/** Lines this far apart end a fork's copy burst (see observeLine). */
export const FORK_BURST_GAP_MS = 1000;

export type ForkMode = 'none' | 'parent' | 'burst';

/** How the scan should treat a forked file's copied prefix; 'defer' asks to come back once its parent is scanned. */
export type ForkDecision = { mode: 'parent'; parentTotals: ReadonlySet<number> } | { mode: 'burst' } | 'defer';

export interface CounterState {
  sessionId: string | null;
  forkedFromId: string | null;
  /** session_meta.payload.cwd of the file's own session_meta. */
  cwd: string | null;
  sawSessionMeta: boolean;
  forkMode: ForkMode;
  /** Still inside a fork's copied prefix. */
  inCopy: boolean;
  /** The first own event of a fork has been seen. */
  ownStarted: boolean;
  /** burst mode: the previous line's time. */
  lastLineMs: number | null;
  model: string | null;
  /** The running cumulative total: the highest seen, or the baseline a lower total set. */
  high: UsageVector | null;
  /** A total fell below the running one: growth is capped by the event's last_token_usage from then on. */
  regressed: boolean;
  /** Fingerprints of the latest totals, to recognise one written again out of order. */
  recentTotals: number[];
  lastTimestampMs: number | null;
  copiedEvents: number;
  countedEvents: number;
}

export function initialCounterState(): CounterState {
  return {
    sessionId: null,
    forkedFromId: null,
    cwd: null,
    sawSessionMeta: false,
    forkMode: 'none',
    inCopy: false,
    ownStarted: false,
    lastLineMs: null,
    model: null,
    high: null,
    regressed: false,
    recentTotals: [],
    lastTimestampMs: null,
    copiedEvents: 0,
    countedEvents: 0,
  };
}

export interface UsageEvent {
  timestampMs: number;
  model: string;
  usage: UsageVector;
}

export interface CounterEnvironment {
  /** Called once, on a fork's session_meta line. */
  resolveFork(forkedFromId: string): ForkDecision;
  /** The parent's totals, for a resumed file still inside its copied prefix; null when the parent is gone. */
  parentTotals(forkedFromId: string): ReadonlySet<number> | null;
}

export const NO_FORK_CONTEXT: CounterEnvironment = {
  resolveFork: () => ({ mode: 'burst' }),
  parentTotals: () => null,
};

/** The model a usage row is reported under when the log names none. */
export const UNKNOWN_MODEL = 'unknown';

// Shared answers for needs(), which runs once per token_count line.
const NEEDS = [
  { model: false, last: false },
  { model: false, last: true },
  { model: true, last: false },
  { model: true, last: true },
] as const;

/** How many recent totals are remembered: out-of-order writes are only ever a few events apart. */
const RECENT_TOTALS = 32;

/** Lower than the running total in input or output, the two counts the others are parts of. */
function isBelow(v: UsageVector, running: UsageVector): boolean {
  return v.input < running.input || v.output < running.output;
}

function capped(delta: UsageVector, cap: UsageVector): UsageVector {
  return {
    input: Math.min(delta.input, cap.input),
    cached: Math.min(delta.cached, cap.cached),
    output: Math.min(delta.output, cap.output),
    reasoning: Math.min(delta.reasoning, cap.reasoning),
    total: Math.min(delta.total, cap.total),
  };
}

/** Raises the high-water mark to v, in place (the mark is the counter's own object). */
function raise(state: CounterState, v: UsageVector): void {
  const high = state.high;
  if (high === null) {
    state.high = { ...v };
    return;
  }
  if (v.input > high.input) high.input = v.input;
  if (v.cached > high.cached) high.cached = v.cached;
  if (v.output > high.output) high.output = v.output;
  if (v.reasoning > high.reasoning) high.reasoning = v.reasoning;
  if (v.total > high.total) high.total = v.total;
}

export class SessionUsageCounter {
  private readonly s: CounterState;
  private parentTotals: ReadonlySet<number> | null = null;
  /** Fingerprints of every cumulative total in the file (copied or own): what a child of this file matches. */
  readonly fingerprints: number[] = [];

  constructor(
    state: CounterState | null,
    private readonly env: CounterEnvironment,
    private readonly onUsage: (event: UsageEvent) => void,
  ) {
    this.s = state === null ? initialCounterState() : structuredClone(state);
  }

  get state(): CounterState {
    return this.s;
  }

  /** What the next token_count must carry beyond its cumulative total (lets the parser stop early). */
  needs(): { model: boolean; last: boolean } {
    const s = this.s;
    return NEEDS[(s.model === null ? 2 : 0) + ((s.forkMode !== 'none' && !s.ownStarted) || s.regressed ? 1 : 0)] ?? NEEDS[3];
  }

  /** True while other lines' timestamps matter (a fork's copy burst without its parent). */
  wantsTimestamps(): boolean {
    return this.s.inCopy && this.s.forkMode === 'burst';
  }

  /** A line the scan did not parse, seen only through its timestamp. */
  observeLine(timestampMs: number | null): void {
    if (!this.wantsTimestamps() || timestampMs === null) return;
    // The copy is written in milliseconds. Once its first token_count is in, a gap of a whole second means
    // a model round trip, so the burst is over; before that, only a longer gap does (the fork instant is
    // logged a beat before the copy lands).
    const gap = this.s.lastLineMs === null ? 0 : timestampMs - this.s.lastLineMs;
    const ended = this.s.copiedEvents > 0 ? gap >= FORK_BURST_GAP_MS : gap > FORK_BURST_GAP_MS;
    if (ended) this.s.inCopy = false;
    else this.s.lastLineMs = timestampMs;
  }

  /** Feeds one record. Returns 'stop' when a fork must wait for its parent (the state is then unchanged). */
  feed(record: RolloutRecord): 'ok' | 'stop' {
    if (record.type === 'session_meta') return this.sessionMeta(record);
    this.observeLine(record.timestampMs);
    if (record.timestampMs !== null) this.s.lastTimestampMs = record.timestampMs;
    if (record.type === 'turn_context') {
      this.s.model = normalizeModelName(record.model) ?? this.s.model;
    } else if (record.type === 'token_count') {
      this.tokenCount(record);
    }
    return 'ok';
  }

  private sessionMeta(record: Extract<RolloutRecord, { type: 'session_meta' }>): 'ok' | 'stop' {
    // Only the file's own (first) session_meta says who it is; a fork also carries copies of its ancestors'.
    if (this.s.sawSessionMeta || this.s.countedEvents > 0 || this.s.high !== null) {
      this.observeLine(record.timestampMs);
      return 'ok';
    }
    if (record.forkedFromId !== null) {
      const decision = this.env.resolveFork(record.forkedFromId);
      if (decision === 'defer') return 'stop';
      this.s.forkMode = decision.mode;
      this.s.inCopy = true;
      this.s.lastLineMs = record.timestampMs;
      if (decision.mode === 'parent') this.parentTotals = decision.parentTotals;
    }
    this.s.sawSessionMeta = true;
    this.s.sessionId = record.id;
    this.s.forkedFromId = record.forkedFromId;
    this.s.cwd = record.cwd;
    if (record.timestampMs !== null) this.s.lastTimestampMs = record.timestampMs;
    return 'ok';
  }

  private isCopied(total: UsageVector | null, fingerprint: number | null): boolean {
    if (!this.s.inCopy) return false;
    if (this.s.forkMode === 'burst') return true;
    if (this.parentTotals === null && this.s.forkedFromId !== null) {
      this.parentTotals = this.env.parentTotals(this.s.forkedFromId);
    }
    // An event without a total cannot be matched; inside the prefix it is taken as copied, never counted twice.
    if (total === null) return true;
    if (fingerprint !== null && this.parentTotals?.has(fingerprint) === true) return true;
    this.s.inCopy = false;
    return false;
  }

  private tokenCount(record: Extract<RolloutRecord, { type: 'token_count' }>): void {
    const { total, last } = record;
    if (total === null && last === null) return;
    const fingerprint = total === null ? null : totalsFingerprint(total);
    let repeat = false;
    if (fingerprint !== null) {
      this.fingerprints.push(fingerprint);
      const recent = this.s.recentTotals;
      repeat = recent.includes(fingerprint);
      if (!repeat) {
        if (recent.length >= RECENT_TOTALS) recent.shift();
        recent.push(fingerprint);
      }
    }

    if (this.isCopied(total, fingerprint)) {
      if (total !== null) raise(this.s, total);
      this.s.copiedEvents++;
      return;
    }

    if (this.s.forkMode !== 'none' && !this.s.ownStarted && total !== null && last !== null) {
      // A fork's totals start from what it inherited (total − last on its first own event), copied or not.
      raise(this.s, growth(total, last));
    }
    this.s.ownStarted = true;

    let delta: UsageVector;
    if (total !== null) {
      const running = this.s.high;
      // A total written before, seen again out of order: nothing new, and the running total stays.
      if (repeat && running !== null && (this.s.regressed || isBelow(total, running))) return;
      if (running !== null && isBelow(total, running)) {
        this.s.high = { ...total };
        this.s.regressed = true;
        return;
      }
      delta = growth(total, running ?? ZERO_USAGE);
      if (this.s.regressed && last !== null) delta = capped(delta, last);
      raise(this.s, total);
    } else {
      delta = last ?? ZERO_USAGE;
      // Advance the mark too, so a later cumulative total that includes this event does not count it again.
      this.s.high = this.s.high === null ? { ...delta } : addUsage(this.s.high, delta);
    }
    delta = clampSubsets(delta);
    if (isZeroUsage(delta)) return;
    const timestampMs = record.timestampMs ?? this.s.lastTimestampMs;
    if (timestampMs === null) return;
    this.s.countedEvents++;
    this.onUsage({
      timestampMs,
      model: this.s.model ?? normalizeModelName(record.model) ?? UNKNOWN_MODEL,
      usage: delta,
    });
  }
}
