import { readSync } from 'node:fs';
import { classifyLineHead, HEAD_BYTES, lineMentionsRelevantType, sniffLineTimestamp, type LineKind } from './rollout-line-classifier.js';

// A streaming, bounded-memory line reader for one rollout file, from a byte offset up to a byte limit.
// Lines the cost scan does not need are recognised from their first bytes and skipped without being decoded;
// a line longer than the buffer is skipped chunk by chunk. Only a relevant line is decoded, and only up to
// maxLineBytes: beyond that its head is handed over for sniffing. A last line without its newline is not
// consumed (endOffset stops before it) unless it is already a complete JSON record, so a line still being
// written is counted once, on the scan after it is finished.

export type RelevantKind = Exclude<LineKind, 'other'>;

/** What the sink did with a relevant line. */
export type LineVerdict = 'ok' | 'invalid' | 'stop';

export interface LineSink {
  /**
   * A relevant line, `bytes[start, end)`: the whole line, or (truncated = true) the first bytes of one longer
   * than maxLineBytes. The bytes are only valid during the call. `complete` is false for a last line without
   * its newline: it counts only if it is whole JSON. 'invalid' (not JSON) is skipped, except at the end of the
   * file, where it means "still being written". 'stop' ends the scan before this line.
   */
  relevant(bytes: Buffer, start: number, end: number, kind: RelevantKind, truncated: boolean, complete: boolean): LineVerdict;
  /** Whether other lines' timestamps are wanted (the counter asks while it looks for a fork's copy burst). */
  wantsTimestamps(): boolean;
  other(timestampMs: number | null): void;
}

export interface ScanOptions {
  /** Read size, and the longest line kept in the buffer before it is treated as a long line. */
  chunkBytes?: number;
  /** The longest relevant line decoded whole; longer ones are sniffed from their head. */
  maxLineBytes?: number;
  /** The first read of a file read from its start (default 64 KiB): a scan that stops at the session_meta line
   * (a fork waiting for its parent) then reads little. */
  firstReadBytes?: number;
}

export interface ScanOutcome {
  /** Offset just past the last consumed line: where the next scan resumes. */
  endOffset: number;
  bytesRead: number;
  stopped: boolean;
}

const DEFAULT_CHUNK = 1 << 20;
const DEFAULT_MAX_LINE = 8 << 20;
const DEFAULT_FIRST_READ = 64 << 10;
const TRUNCATED_HEAD = 256 << 10;
const NEWLINE = 10;
const EMPTY = Buffer.alloc(0);

let sharedBuffer: Buffer | null = null;
function bufferOf(size: number): Buffer {
  if (sharedBuffer === null || sharedBuffer.length !== size) sharedBuffer = Buffer.allocUnsafe(size);
  return sharedBuffer;
}

/** A line that did not fit in the buffer: either skipped, or collected (bounded) because it is relevant. */
interface LongLine {
  kind: LineKind;
  /** False while fewer than HEAD_BYTES of it were seen (tiny buffers only): it is collected until then. */
  decided: boolean;
  timestampMs: number | null;
  parts: Buffer[] | null;
  kept: number;
  truncated: boolean;
}

export function scanRolloutFile(fd: number, startOffset: number, limit: number, sink: LineSink, options: ScanOptions = {}): ScanOutcome {
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
  const buf = bufferOf(chunk);
  let readPos = startOffset;
  let committed = startOffset;
  let bytesRead = 0;
  let carry = 0;
  let long: LongLine | null = null;
  let firstRead = true;

  /** Hands one complete line to the sink. Returns false when the sink stops the scan. */
  const deliver = (
    kind: LineKind,
    bytes: Buffer,
    s: number,
    e: number,
    truncated: boolean,
    timestampMs: () => number | null,
    atEof: boolean,
  ): 'ok' | 'stop' | 'incomplete' => {
    if (kind === 'other') {
      if (atEof) return 'incomplete';
      if (sink.wantsTimestamps()) sink.other(timestampMs());
      return 'ok';
    }
    const verdict = sink.relevant(bytes, s, e, kind, truncated, !atEof);
    if (verdict === 'stop') return 'stop';
    if (verdict === 'invalid' && atEof) return 'incomplete';
    return 'ok';
  };

  const classify = (view: Buffer, s: number, e: number): LineKind => {
    const kind = classifyLineHead(view, s, e);
    if (kind !== 'unknown') return kind;
    return lineMentionsRelevantType(view, s, e) ? 'unknown' : 'other';
  };

  /** Classifies a collected line once enough of it is known; an irrelevant one stops being collected. */
  const decide = (line: LongLine, final: boolean) => {
    if (line.decided || line.parts === null || (line.kept < HEAD_BYTES && !final)) return;
    const bytes = Buffer.concat(line.parts, line.kept);
    line.decided = true;
    line.kind = classify(bytes, 0, bytes.length);
    if (line.kind === 'other') {
      line.timestampMs = sniffLineTimestamp(bytes, 0, bytes.length);
      line.parts = null;
    } else {
      line.parts = [bytes];
    }
  };

  const finishLong = (line: LongLine, atEof: boolean): 'ok' | 'stop' | 'incomplete' => {
    decide(line, true);
    if (line.parts === null) return deliver('other', EMPTY, 0, 0, false, () => line.timestampMs, atEof);
    const bytes = Buffer.concat(line.parts, line.kept);
    return deliver(line.kind, bytes, 0, bytes.length, line.truncated, () => line.timestampMs, atEof);
  };

  while (readPos < limit) {
    const first = startOffset === 0 ? (options.firstReadBytes ?? DEFAULT_FIRST_READ) : buf.length;
    const room = firstRead ? Math.min(buf.length, first) : buf.length - carry;
    firstRead = false;
    const want = Math.min(room, limit - readPos);
    const n = readSync(fd, buf, carry, want, readPos);
    if (n <= 0) break;
    readPos += n;
    bytesRead += n;
    const dataEnd = carry + n;
    const base = readPos - dataEnd; // file offset of buf[0]
    const view = buf.subarray(0, dataEnd);
    let pos = 0;

    if (long !== null) {
      const nl = view.indexOf(NEWLINE);
      const end = nl < 0 ? dataEnd : nl;
      if (long.parts !== null && !long.truncated) {
        const room = maxLine - long.kept;
        if (end <= room) {
          long.parts.push(Buffer.from(view.subarray(0, end)));
          long.kept += end;
          decide(long, false);
        } else {
          // Over the cap: keep only a bounded head for sniffing.
          const head = Buffer.concat(long.parts, long.kept).subarray(0, TRUNCATED_HEAD);
          long.parts = [Buffer.from(head)];
          long.kept = head.length;
          long.truncated = true;
        }
      }
      if (nl < 0) {
        carry = 0;
        continue;
      }
      const result = finishLong(long, false);
      long = null;
      if (result === 'stop') return { endOffset: committed, bytesRead, stopped: true };
      committed = base + nl + 1;
      pos = nl + 1;
    }

    for (;;) {
      const nl = view.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      if (nl > pos) {
        const kind = classify(view, pos, nl);
        if (kind === 'other') {
          // The common case, kept free of allocation: most lines end here.
          if (sink.wantsTimestamps()) sink.other(sniffLineTimestamp(view, pos, nl));
        } else if (sink.relevant(view, pos, nl, kind, false, true) === 'stop') {
          return { endOffset: committed, bytesRead, stopped: true };
        }
      }
      committed = base + nl + 1;
      pos = nl + 1;
    }

    const rest = dataEnd - pos;
    if (rest === 0) {
      carry = 0;
    } else if (rest <= buf.length - Math.min(HEAD_BYTES * 8, buf.length >> 1)) {
      // A partial line that still leaves room to read: move it to the front and read on.
      buf.copyWithin(0, pos, dataEnd);
      carry = rest;
    } else {
      // A line longer than the buffer: decide now, from its head, whether to keep it.
      const decided = rest >= HEAD_BYTES;
      const kind = decided ? classify(view, pos, dataEnd) : 'unknown';
      if (kind === 'other') {
        long = { kind, decided, timestampMs: sniffLineTimestamp(view, pos, dataEnd), parts: null, kept: 0, truncated: false };
      } else {
        const keep = Math.min(rest, maxLine);
        long = {
          kind,
          decided,
          timestampMs: null,
          parts: [Buffer.from(view.subarray(pos, pos + keep))],
          kept: keep,
          truncated: rest > maxLine,
        };
      }
      carry = 0;
    }
  }

  // End of the range: whatever is left is a last line without its newline.
  if (long !== null) {
    decide(long, true);
    if (long.parts !== null && !long.truncated) {
      const result = finishLong(long, true);
      if (result === 'ok') committed = readPos;
      if (result === 'stop') return { endOffset: committed, bytesRead, stopped: true };
    }
  } else if (carry > 0) {
    const view = buf.subarray(0, carry);
    const kind = classify(view, 0, carry);
    const result = deliver(kind, view, 0, carry, false, () => null, true);
    if (result === 'ok') committed = readPos;
    if (result === 'stop') return { endOffset: committed, bytesRead, stopped: true };
  }
  return { endOffset: committed, bytesRead, stopped: false };
}
