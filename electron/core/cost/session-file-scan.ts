import { closeSync, constants, openSync, readSync } from 'node:fs';
import { parseRolloutLine, sniffTruncatedRecord, type RolloutRecord } from './rollout-record.js';
import { scanRolloutFile, type LineSink, type RelevantKind, type ScanOptions } from './rollout-line-scanner.js';
import { nativeRolloutScan, type NativeRolloutScan } from './native-rollout-scan.js';
import { fastSessionMeta } from './session-meta-fast-path.js';
import { fastTokenCount } from './token-count-fast-path.js';
import { fastTurnContext } from './turn-context-fast-path.js';
import { SessionUsageCounter, type CounterEnvironment, type CounterState } from './session-usage-counter.js';
import { BucketAccumulator, type BucketRow } from './usage-buckets.js';

// The finder lists only regular files, but one may be swapped for a FIFO before it is opened: without
// blocking, such an open cannot wait for a writer, and reading it just ends.
const OPEN_READ_NONBLOCKING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

// One session file, read from a byte offset with the counting state the last scan left there.

export interface FileScanRequest {
  path: string;
  /** Read up to this size (the size seen by stat), so what is cached matches what was read. */
  size: number;
  startOffset: number;
  state: CounterState | null;
  buckets: readonly BucketRow[];
  env: CounterEnvironment;
  scanOptions?: ScanOptions;
}

export interface FileScanResult {
  /** Stopped at a fork's session_meta until its parent is known; nothing else in the result is meaningful. */
  deferred: { sessionId: string | null; forkedFromId: string } | null;
  endOffset: number;
  bytesRead: number;
  state: CounterState;
  buckets: BucketRow[];
  /** Fingerprints of the totals read in this scan (to append to the file's digest). */
  newFingerprints: number[];
  /** Range of event times in this scan, or null when it counted nothing. */
  eventMs: { first: number; last: number } | null;
  tailHash: string;
}

const TAIL_BYTES = 64;

function kindOfTruncated(head: string): 'token_count' | 'turn_context' | 'session_meta' | null {
  if (head.includes('"session_meta"')) return 'session_meta';
  if (head.includes('"turn_context"')) return 'turn_context';
  if (head.includes('"token_count"')) return 'token_count';
  return null;
}

function recordOf(
  bytes: Buffer,
  start: number,
  end: number,
  kind: RelevantKind,
  truncated: boolean,
  complete: boolean,
  needs: { model: boolean; last: boolean },
  native: NativeRolloutScan | null,
): RolloutRecord | null {
  // A last line without its newline must prove it is whole JSON before it counts: only the full parse can.
  if (!complete) return parseRolloutLine(bytes.toString('utf8', start, end));
  if (!truncated) {
    const fast =
      kind === 'token_count'
        ? fastTokenCount(bytes, start, end, needs, native)
        : kind === 'turn_context'
          ? fastTurnContext(bytes, start, end, native)
          : kind === 'session_meta'
            ? fastSessionMeta(bytes, start, end)
            : null;
    if (fast !== null) return fast;
    return parseRolloutLine(bytes.toString('utf8', start, end));
  }
  const text = bytes.toString('utf8', start, end);
  const sniffAs = kind === 'unknown' ? kindOfTruncated(text) : kind;
  return sniffAs === null ? null : sniffTruncatedRecord(text, sniffAs);
}

/** A short fingerprint of the bytes just before `offset`, to notice a file rewritten rather than appended to. */
export function tailHashAt(fd: number, offset: number): string {
  const length = Math.min(TAIL_BYTES, offset);
  if (length === 0) return '';
  const bytes = Buffer.alloc(length);
  const n = readSync(fd, bytes, 0, length, offset - length);
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  return `${n}:${(h >>> 0).toString(16)}`;
}

export function readTailHash(path: string, offset: number): string | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_READ_NONBLOCKING);
  } catch {
    return null;
  }
  try {
    return tailHashAt(fd, offset);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Scans one file. Throws only when the file cannot be opened or read (the caller reports and moves on). */
export function scanSessionFile(request: FileScanRequest): FileScanResult {
  const buckets = new BucketAccumulator(request.buckets);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let deferred: FileScanResult['deferred'] = null;
  let pendingMeta: Extract<RolloutRecord, { type: 'session_meta' }> | null = null;

  const counter = new SessionUsageCounter(request.state, request.env, (event) => {
    buckets.add(event);
    if (event.timestampMs < first) first = event.timestampMs;
    if (event.timestampMs > last) last = event.timestampMs;
  });

  const native = nativeRolloutScan(request.scanOptions?.native);
  const sink: LineSink = {
    relevant(bytes, start, end, kind, truncated, complete) {
      const record = recordOf(bytes, start, end, kind, truncated, complete, counter.needs(), native);
      if (record === null) return 'invalid';
      pendingMeta = record.type === 'session_meta' ? record : null;
      if (counter.feed(record) === 'stop') {
        deferred = { sessionId: pendingMeta?.id ?? null, forkedFromId: pendingMeta?.forkedFromId ?? '' };
        return 'stop';
      }
      return 'ok';
    },
    wantsTimestamps: () => counter.wantsTimestamps(),
    other: (timestampMs) => counter.observeLine(timestampMs),
  };

  const fd = openSync(request.path, OPEN_READ_NONBLOCKING);
  try {
    const outcome = scanRolloutFile(fd, request.startOffset, request.size, sink, request.scanOptions);
    return {
      deferred,
      endOffset: outcome.endOffset,
      bytesRead: outcome.bytesRead,
      state: counter.state,
      buckets: buckets.rows(),
      newFingerprints: counter.fingerprints,
      eventMs: first <= last ? { first, last } : null,
      tailHash: deferred === null ? tailHashAt(fd, outcome.endOffset) : '',
    };
  } finally {
    closeSync(fd);
  }
}
