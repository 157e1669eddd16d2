import { readSync } from 'node:fs';
import { classifyLineHead, HEAD_BYTES, lineMentionsRelevantType, sniffLineTimestamp, type LineKind } from './rollout-line-classifier.js';
import { NATIVE_KINDS, nativeRolloutScan, type NativeRolloutScan } from './native-rollout-scan.js';

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
  /** Use the C line walker and the C token_count and turn_context readers when they are built (default true). */
  native?: boolean;
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
/** nextRelevantLine's answer: [kind code, newline index]. */
const nativeOut = new Float64Array(2);

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
  return new RolloutScan(fd, startOffset, limit, sink, options).run();
}

type Delivered = 'ok' | 'stop' | 'incomplete';

/**
 * One scan of one file: chunks are read into a shared buffer; a line longer than the buffer is carried
 * over chunks (`long`), the complete lines of a chunk are handed over in one allocation-free loop, and
 * a partial line is moved to the buffer's front to be finished by the next read.
 */
class RolloutScan {
  private readonly buf: Buffer;
  private readonly maxLine: number;
  private readPos: number;
  /** Offset just past the last consumed line. */
  private committed: number;
  private bytesRead = 0;
  /** Bytes of a partial line at the buffer's front. */
  private carry = 0;
  private long: LongLine | null = null;
  private readonly native: NativeRolloutScan | null;

  constructor(
    private readonly fd: number,
    private readonly startOffset: number,
    private readonly limit: number,
    private readonly sink: LineSink,
    private readonly options: ScanOptions,
  ) {
    this.buf = bufferOf(options.chunkBytes ?? DEFAULT_CHUNK);
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
    this.readPos = startOffset;
    this.committed = startOffset;
    this.native = nativeRolloutScan(options.native);
  }

  run(): ScanOutcome {
    let firstRead = true;
    while (this.readPos < this.limit) {
      const first = this.startOffset === 0 ? (this.options.firstReadBytes ?? DEFAULT_FIRST_READ) : this.buf.length;
      const room = firstRead ? Math.min(this.buf.length, first) : this.buf.length - this.carry;
      firstRead = false;
      const want = Math.min(room, this.limit - this.readPos);
      const n = readSync(this.fd, this.buf, this.carry, want, this.readPos);
      if (n <= 0) break;
      this.readPos += n;
      this.bytesRead += n;
      const dataEnd = this.carry + n;
      const base = this.readPos - dataEnd; // file offset of buf[0]
      const view = this.buf.subarray(0, dataEnd);
      let pos = 0;
      if (this.long !== null) {
        const after = this.continueLongLine(this.long, view, dataEnd, base);
        if (after === 'stop') return this.outcome(true);
        if (after === 'more') continue;
        pos = after;
      }
      pos = this.handCompleteLines(view, pos, base);
      if (pos < 0) return this.outcome(true);
      this.keepRest(view, pos, dataEnd);
    }
    return this.finishRange() === 'stop' ? this.outcome(true) : this.outcome(false);
  }

  private outcome(stopped: boolean): ScanOutcome {
    return { endOffset: this.committed, bytesRead: this.bytesRead, stopped };
  }

  /** Adds this chunk's part of a long line; at its newline, hands it over. The position after it, or 'more'. */
  private continueLongLine(long: LongLine, view: Buffer, dataEnd: number, base: number): number | 'more' | 'stop' {
    const nl = view.indexOf(NEWLINE);
    const end = nl < 0 ? dataEnd : nl;
    if (long.parts !== null && !long.truncated) {
      const room = this.maxLine - long.kept;
      if (end <= room) {
        long.parts.push(Buffer.from(view.subarray(0, end)));
        long.kept += end;
        this.decide(long, false);
      } else {
        // Over the cap: keep only a bounded head for sniffing.
        const head = Buffer.concat(long.parts, long.kept).subarray(0, TRUNCATED_HEAD);
        long.parts = [Buffer.from(head)];
        long.kept = head.length;
        long.truncated = true;
      }
    }
    if (nl < 0) {
      this.carry = 0;
      return 'more';
    }
    const result = this.finishLong(long, false);
    this.long = null;
    if (result === 'stop') return 'stop';
    this.committed = base + nl + 1;
    return nl + 1;
  }

  /** Every complete line from `pos`: the position after the last one, or -1 when the sink stopped the scan. */
  private handCompleteLines(view: Buffer, pos: number, base: number): number {
    const sink = this.sink;
    const native = this.native;
    for (;;) {
      // While no one wants the skipped lines' timestamps, the C walker goes straight to the next relevant line.
      if (native !== null && !sink.wantsTimestamps()) {
        const at = native.nextRelevantLine(view, pos, view.length, nativeOut);
        if (at < 0) {
          const after = -1 - at;
          if (after > pos) this.committed = base + after;
          return after;
        }
        const nl = nativeOut[1] ?? at;
        this.committed = base + at;
        if (sink.relevant(view, at, nl, NATIVE_KINDS[nativeOut[0] ?? 0] ?? 'unknown', false, true) === 'stop') return -1;
        this.committed = base + nl + 1;
        pos = nl + 1;
        continue;
      }
      const nl = view.indexOf(NEWLINE, pos);
      if (nl < 0) return pos;
      if (nl > pos) {
        const kind = this.classify(view, pos, nl);
        if (kind === 'other') {
          // The common case, kept free of allocation: most lines end here.
          if (sink.wantsTimestamps()) sink.other(sniffLineTimestamp(view, pos, nl));
        } else if (sink.relevant(view, pos, nl, kind, false, true) === 'stop') {
          return -1;
        }
      }
      this.committed = base + nl + 1;
      pos = nl + 1;
    }
  }

  /** The partial line after the last newline: moved to the front to read on, or begun as a long line. */
  private keepRest(view: Buffer, pos: number, dataEnd: number): void {
    const rest = dataEnd - pos;
    if (rest === 0) {
      this.carry = 0;
      return;
    }
    if (rest <= this.buf.length - Math.min(HEAD_BYTES * 8, this.buf.length >> 1)) {
      // A partial line that still leaves room to read: move it to the front and read on.
      this.buf.copyWithin(0, pos, dataEnd);
      this.carry = rest;
      return;
    }
    // A line longer than the buffer: decide now, from its head, whether to keep it.
    const decided = rest >= HEAD_BYTES;
    const kind = decided ? this.classify(view, pos, dataEnd) : 'unknown';
    if (kind === 'other') {
      this.long = { kind, decided, timestampMs: sniffLineTimestamp(view, pos, dataEnd), parts: null, kept: 0, truncated: false };
    } else {
      const keep = Math.min(rest, this.maxLine);
      this.long = { kind, decided, timestampMs: null, parts: [Buffer.from(view.subarray(pos, pos + keep))], kept: keep, truncated: rest > this.maxLine };
    }
    this.carry = 0;
  }

  /** End of the range: whatever is left is a last line without its newline, consumed only if it is whole. */
  private finishRange(): Delivered | 'none' {
    const result = this.deliverLastLine();
    if (result === 'ok') this.committed = this.readPos;
    return result;
  }

  /** The line left at the end of the range, if any; 'incomplete' when it is not yet whole. */
  private deliverLastLine(): Delivered | 'none' {
    if (this.long !== null) {
      this.decide(this.long, true);
      if (this.long.parts === null || this.long.truncated) return 'none';
      return this.finishLong(this.long, true);
    }
    if (this.carry === 0) return 'none';
    const view = this.buf.subarray(0, this.carry);
    return this.deliver(this.classify(view, 0, this.carry), view, 0, this.carry, false, () => null, true);
  }

  /** Hands one complete line to the sink. */
  private deliver(kind: LineKind, bytes: Buffer, s: number, e: number, truncated: boolean, timestampMs: () => number | null, atEof: boolean): Delivered {
    if (kind === 'other') {
      if (atEof) return 'incomplete';
      if (this.sink.wantsTimestamps()) this.sink.other(timestampMs());
      return 'ok';
    }
    const verdict = this.sink.relevant(bytes, s, e, kind, truncated, !atEof);
    if (verdict === 'stop') return 'stop';
    if (verdict === 'invalid' && atEof) return 'incomplete';
    return 'ok';
  }

  private classify(view: Buffer, s: number, e: number): LineKind {
    const kind = classifyLineHead(view, s, e);
    if (kind !== 'unknown') return kind;
    return lineMentionsRelevantType(view, s, e) ? 'unknown' : 'other';
  }

  /** Classifies a collected line once enough of it is known; an irrelevant one stops being collected. */
  private decide(line: LongLine, final: boolean): void {
    if (line.decided || line.parts === null || (line.kept < HEAD_BYTES && !final)) return;
    const bytes = Buffer.concat(line.parts, line.kept);
    line.decided = true;
    line.kind = this.classify(bytes, 0, bytes.length);
    if (line.kind === 'other') {
      line.timestampMs = sniffLineTimestamp(bytes, 0, bytes.length);
      line.parts = null;
    } else {
      line.parts = [bytes];
    }
  }

  private finishLong(line: LongLine, atEof: boolean): Delivered {
    this.decide(line, true);
    if (line.parts === null) return this.deliver('other', EMPTY, 0, 0, false, () => line.timestampMs, atEof);
    const bytes = Buffer.concat(line.parts, line.kept);
    return this.deliver(line.kind, bytes, 0, bytes.length, line.truncated, () => line.timestampMs, atEof);
  }
}
