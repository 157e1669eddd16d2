// Decides from a line's first bytes whether the cost scan needs to parse it at all. Rollout lines put their
// tag first (`{"timestamp":…,"type":"response_item","payload":{"type":…`), so most megabyte-sized
// response_item lines are dismissed after looking at a few dozen bytes. Anything unusual falls back to a
// substring search of the whole line; the JSON parser makes the final call, so a false positive only costs
// a parse, never a wrong count.

export type LineKind = 'token_count' | 'turn_context' | 'session_meta' | 'other' | 'unknown';

/** How far into a line the tags are looked for. */
export const HEAD_BYTES = 512;

const TYPE_KEY = Buffer.from('"type":"');
const TIMESTAMP_KEY = Buffer.from('"timestamp":"');
const TIMESTAMP_PREFIX = Buffer.from('{"timestamp":"');
const TYPE_AFTER_TIMESTAMP = Buffer.from('","type":"');

const VALUES: Array<[Buffer, LineKind | 'event_msg']> = [
  [Buffer.from('response_item"'), 'other'],
  [Buffer.from('event_msg"'), 'event_msg'],
  [Buffer.from('token_count"'), 'token_count'],
  [Buffer.from('turn_context"'), 'turn_context'],
  [Buffer.from('session_meta"'), 'session_meta'],
  [Buffer.from('compacted"'), 'other'],
];
const TOKEN_COUNT_VALUE = Buffer.from('token_count"');

const NEEDLES = [Buffer.from('token_count'), Buffer.from('turn_context'), Buffer.from('session_meta')];

/** indexOf within buf[from, to): absolute index, or -1. */
export function findInRange(buf: Buffer, needle: Buffer, from: number, to: number): number {
  if (to - from < needle.length) return -1;
  const at = buf.subarray(from, to).indexOf(needle);
  return at < 0 ? -1 : from + at;
}

/** A short needle near the start of a range, found with a plain loop (cheaper than a native call there). */
function findNear(buf: Uint8Array, needle: Buffer, from: number, to: number): number {
  const first = needle[0];
  const last = to - needle.length;
  for (let i = from; i <= last; i++) {
    if (buf[i] === first && matchesAt(buf, i, to, needle)) return i;
  }
  return -1;
}

function matchesAt(buf: Uint8Array, at: number, end: number, needle: Buffer): boolean {
  if (at + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) {
    if (buf[at + i] !== needle[i]) return false;
  }
  return true;
}

function valueAt(buf: Uint8Array, at: number, end: number): LineKind | 'event_msg' | null {
  for (const [needle, kind] of VALUES) {
    if (matchesAt(buf, at, end, needle)) return kind;
  }
  return null;
}

/**
 * Classifies the line `buf[start, end)` from its head. 'unknown' means the head was not conclusive
 * (unusual key order or spacing): call {@link lineMentionsRelevantType} on the whole line.
 */
export function classifyLineHead(buf: Buffer, start: number, end: number): LineKind {
  const headEnd = Math.min(end, start + HEAD_BYTES);
  if (headEnd - start < 2) return 'other';
  // Codex's own layout puts the tag at a fixed place: {"timestamp":"2026-11-21T12:34:56.789Z","type":"…
  const first =
    matchesAt(buf, start, headEnd, TIMESTAMP_PREFIX) && matchesAt(buf, start + 38, headEnd, TYPE_AFTER_TIMESTAMP)
      ? start + 40
      : findNear(buf, TYPE_KEY, start, headEnd);
  if (first < 0) return 'unknown';
  const kind = valueAt(buf, first + TYPE_KEY.length, headEnd);
  if (kind === null) return 'unknown';
  if (kind !== 'event_msg') return kind;
  // event_msg: its payload's own tag comes next; only token_count matters.
  const second = findNear(buf, TYPE_KEY, first + TYPE_KEY.length, headEnd);
  if (second < 0) return 'unknown';
  return matchesAt(buf, second + TYPE_KEY.length, headEnd, TOKEN_COUNT_VALUE) ? 'token_count' : 'other';
}

/** The slow path: does the line mention any record type the scan cares about? */
export function lineMentionsRelevantType(buf: Buffer, start: number, end: number): boolean {
  const line = buf.subarray(start, end);
  return NEEDLES.some((needle) => line.indexOf(needle) >= 0);
}

function digitsAt(buf: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = (buf[at + i] ?? 0) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The line's own `timestamp` read straight from its bytes, without parsing the line (used to see where a
 * fork's re-stamped copy burst ends). Returns null when the head has no ISO timestamp.
 */
export function sniffLineTimestamp(buf: Buffer, start: number, end: number): number | null {
  const headEnd = Math.min(end, start + HEAD_BYTES);
  const at = findNear(buf, TIMESTAMP_KEY, start, headEnd);
  if (at < 0) return null;
  const s = at + TIMESTAMP_KEY.length;
  if (s + 20 > headEnd) return null;
  // Fast path for the writer's own format, 2026-11-21T12:34:56.789Z.
  const year = digitsAt(buf, s, 4);
  const month = digitsAt(buf, s + 5, 2);
  const day = digitsAt(buf, s + 8, 2);
  const hour = digitsAt(buf, s + 11, 2);
  const minute = digitsAt(buf, s + 14, 2);
  const second = digitsAt(buf, s + 17, 2);
  if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && buf[s + 4] === 45) {
    let ms = 0;
    let i = s + 19;
    if (buf[i] === 46) {
      let scale = 100;
      for (i++; i < headEnd && (buf[i] ?? 0) >= 48 && (buf[i] ?? 0) <= 57; i++) {
        ms += ((buf[i] ?? 48) - 48) * scale;
        scale /= 10;
      }
    }
    if (buf[i] === 90) return Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(ms));
  }
  const close = buf.subarray(s, headEnd).indexOf(34);
  if (close < 0) return null;
  const parsed = Date.parse(buf.toString('latin1', s, s + close));
  return Number.isNaN(parsed) ? null : parsed;
}
