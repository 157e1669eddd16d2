import type { NativeRolloutScan } from './native-rollout-scan.js';
import { findInRange, sniffLineTimestamp } from './rollout-line-classifier.js';
import type { RolloutRecord } from './rollout-record.js';
import type { UsageVector } from './usage-vector.js';

// token_count lines are most of what the scan parses. Their `info` object is a short, flat map of usage
// objects, so it is read straight from the bytes in one forward pass, never looking at the rate_limits that
// follow and never decoding a string. Anything unexpected returns null and the caller parses the line as
// JSON instead, so this path can only be faster, never different.

const INFO_KEY = Buffer.from('"info":');
const MODEL_KEY = Buffer.from('"model');
/** {"timestamp":"2026-11-21T12:34:56.789Z","type":"event_msg","payload":{"type":"token_count","info": */
const CODEX_INFO_OFFSET = 91;
/** The C reader's answer: [timestamp ms, the five totals, the five last]. */
const nativeOut = new Float64Array(11);

function matchesAt(buf: Buffer, at: number, end: number, needle: Buffer): boolean {
  if (at + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) if (buf[at + i] !== needle[i]) return false;
  return true;
}

function nativeUsage(at: number): UsageVector {
  return {
    input: nativeOut[at] ?? 0,
    cached: nativeOut[at + 1] ?? 0,
    output: nativeOut[at + 2] ?? 0,
    reasoning: nativeOut[at + 3] ?? 0,
    total: nativeOut[at + 4] ?? 0,
  };
}

const KEYS: Array<[Buffer, keyof UsageVector | 'totalUsage' | 'lastUsage' | 'skip']> = [
  [Buffer.from('input_tokens'), 'input'],
  [Buffer.from('cached_input_tokens'), 'cached'],
  [Buffer.from('cache_read_input_tokens'), 'cached'],
  [Buffer.from('output_tokens'), 'output'],
  [Buffer.from('reasoning_output_tokens'), 'reasoning'],
  [Buffer.from('total_tokens'), 'total'],
  [Buffer.from('total_token_usage'), 'totalUsage'],
  [Buffer.from('last_token_usage'), 'lastUsage'],
  [Buffer.from('model_context_window'), 'skip'],
];

function keyAt(buf: Buffer, start: number, end: number): (typeof KEYS)[number][1] | null {
  const length = end - start;
  for (const [key, meaning] of KEYS) {
    if (key.length !== length) continue;
    let same = true;
    for (let i = 0; i < length; i++) {
      if (buf[start + i] !== key[i]) {
        same = false;
        break;
      }
    }
    if (same) return meaning;
  }
  return null;
}

// A cursor shared by the helpers below, instead of returning tuples: this runs once per token_count line,
// and allocation-free helpers keep the garbage collector out of the scan.
let pos = 0;
let keyStart = 0;
let keyEnd = 0;

function skipSpaces(buf: Buffer, end: number): void {
  while (pos < end && (buf[pos] === 32 || buf[pos] === 9 || buf[pos] === 13 || buf[pos] === 10)) pos++;
}

/** A JSON key (without escapes) at pos; leaves pos after its colon. */
function readKey(buf: Buffer, end: number): boolean {
  if (buf[pos] !== 34) return false;
  keyStart = pos + 1;
  let j = keyStart;
  while (j < end && buf[j] !== 34) {
    if (buf[j] === 92) return false;
    j++;
  }
  if (j >= end) return false;
  keyEnd = j;
  pos = j + 1;
  skipSpaces(buf, end);
  if (buf[pos] !== 58) return false;
  pos++;
  skipSpaces(buf, end);
  return true;
}

/** A non-negative integer at pos, or -1. */
function readInteger(buf: Buffer, end: number): number {
  let value = 0;
  const start = pos;
  while (pos < end) {
    const c = buf[pos] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    pos++;
  }
  return pos === start ? -1 : value;
}

/** After a value: 0 for a comma (more follows), 1 for the closing brace, -1 for anything else. */
function afterValue(buf: Buffer, end: number): number {
  skipSpaces(buf, end);
  if (buf[pos] === 44) {
    pos++;
    skipSpaces(buf, end);
    return 0;
  }
  if (buf[pos] === 125) {
    pos++;
    return 1;
  }
  return -1;
}

/** The flat usage object at pos, or null when it is not that simple. */
function readUsage(buf: Buffer, end: number): UsageVector | null {
  if (buf[pos] !== 123) return null;
  const usage: UsageVector = { input: 0, cached: 0, output: 0, reasoning: 0, total: 0 };
  let sawTokens = false;
  pos++;
  skipSpaces(buf, end);
  for (;;) {
    if (!readKey(buf, end)) return null;
    const value = readInteger(buf, end);
    if (value < 0) return null;
    // A switch with literal property names: a computed `usage[key]` store would go megamorphic here.
    switch (keyAt(buf, keyStart, keyEnd)) {
      case 'input':
        usage.input = value;
        sawTokens = true;
        break;
      case 'cached':
        // cached_input_tokens and cache_read_input_tokens (newer Codex): where both appear, the larger counts.
        if (value > usage.cached) usage.cached = value;
        break;
      case 'output':
        usage.output = value;
        sawTokens = true;
        break;
      case 'reasoning':
        usage.reasoning = value;
        break;
      case 'total':
        usage.total = value;
        break;
      default:
        break;
    }
    const next = afterValue(buf, end);
    if (next < 0) return null;
    if (next === 1) return sawTokens ? usage : null;
  }
}

/**
 * Reads a standard token_count line `buf[start, end)` (already classified by its head). Returns null when
 * the line is not in the usual shape, so the caller falls back to JSON.parse. `needs.model`: the file has no
 * turn_context yet, so a model named on the event itself matters; `needs.last`: the counter wants
 * last_token_usage even when there is a total (a fork's first own event).
 */
export function fastTokenCount(
  buf: Buffer,
  start: number,
  end: number,
  needs: { model: boolean; last: boolean },
  native: NativeRolloutScan | null = null,
): RolloutRecord | null {
  // A model on the event matters only before the file's first turn_context: that case stays here.
  const found = native === null || needs.model ? 0 : native.readTokenCount(buf, start, end, needs.last, nativeOut);
  if (found !== 0)
    return { type: 'token_count', timestampMs: nativeOut[0] ?? 0, total: nativeUsage(1), last: found === 2 ? nativeUsage(6) : null, model: null };
  const timestampMs = sniffLineTimestamp(buf, start, end);
  if (timestampMs === null) return null;
  // `"info":` follows the payload's tag: at a fixed place in Codex's own layout, else a few dozen bytes in.
  const infoAt = matchesAt(buf, start + CODEX_INFO_OFFSET, end, INFO_KEY)
    ? start + CODEX_INFO_OFFSET
    : findInRange(buf, INFO_KEY, start, Math.min(end, start + 512));
  if (infoAt < 0) return null;
  pos = infoAt + INFO_KEY.length;
  skipSpaces(buf, end);
  let total: UsageVector | null = null;
  let last: UsageVector | null = null;
  if (buf[pos] === 110) {
    // "info":null — a rate-limit-only event.
    if (buf[pos + 1] !== 117 || buf[pos + 2] !== 108 || buf[pos + 3] !== 108) return null;
    pos += 4;
  } else {
    if (buf[pos] !== 123) return null;
    pos++;
    skipSpaces(buf, end);
    for (;;) {
      if (!readKey(buf, end)) return null;
      const meaning = keyAt(buf, keyStart, keyEnd);
      if (meaning === 'totalUsage' || meaning === 'lastUsage') {
        const usage = readUsage(buf, end);
        if (usage === null) return null;
        if (meaning === 'totalUsage') total = usage;
        else last = usage;
        // The counter needs nothing past the cumulative total (usually): stop reading here.
        if (total !== null && !needs.last && !needs.model) return { type: 'token_count', timestampMs, total, last, model: null };
      } else if (meaning === 'skip') {
        if (buf[pos] === 110)
          pos += 4; // null
        else if (readInteger(buf, end) < 0) return null;
      } else {
        return null; // a key this path does not know (a model name, say): take the full parse
      }
      const next = afterValue(buf, end);
      if (next < 0) return null;
      if (next === 1) break;
    }
  }
  // A model named elsewhere on the event is only a fallback for a file with no turn_context yet; then the
  // full parse must see it.
  if (needs.model && findInRange(buf, MODEL_KEY, pos, end) >= 0) return null;
  return { type: 'token_count', timestampMs, total, last, model: null };
}
