import type { NativeRolloutScan } from './native-rollout-scan.js';
import { sniffLineTimestamp } from './rollout-line-classifier.js';
import type { RolloutRecord } from './rollout-record.js';

// A turn_context line is a kilobyte of policies around the one field the scan needs, payload.model. In
// Codex's own layout it is found by walking the payload's top-level keys and skipping their values, without
// decoding the line or building its objects. Anything unusual returns null and JSON.parse decides.

const PREFIX = Buffer.from('{"timestamp":"');
const AFTER_TIMESTAMP = Buffer.from('","type":"turn_context","payload":{');
const MODEL = Buffer.from('model');
/** Where the payload's first key starts in `{"timestamp":"2026-11-21T12:34:56.789Z","type":"turn_context","payload":{`. */
const PAYLOAD_BODY = 38 + AFTER_TIMESTAMP.length;
/** The C reader's answer: [timestamp ms, start and end of the model's bytes]. */
const nativeOut = new Float64Array(3);

function matchesAt(buf: Buffer, at: number, end: number, needle: Buffer): boolean {
  if (at + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) if (buf[at + i] !== needle[i]) return false;
  return true;
}

/** Index just past the JSON string starting at `buf[i] === '"'`, or -1. */
function skipString(buf: Buffer, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = buf[i];
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return -1;
}

/** Index just past the JSON value starting at i (string, object, array, number or literal), or -1. */
function skipValue(buf: Buffer, i: number, end: number): number {
  const c = buf[i];
  if (c === 34) return skipString(buf, i, end);
  if (c === 123 || c === 91) {
    let depth = 0;
    while (i < end) {
      const d = buf[i];
      if (d === 34) {
        i = skipString(buf, i, end);
        if (i < 0) return -1;
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  while (i < end && buf[i] !== 44 && buf[i] !== 125) i++;
  return i < end ? i : -1;
}

function modelOf(raw: string): string | null {
  return raw === '' ? null : raw;
}

export function fastTurnContext(buf: Buffer, start: number, end: number, native: NativeRolloutScan | null = null): RolloutRecord | null {
  if (native !== null && native.readTurnContext(buf, start, end, nativeOut) === 1) {
    return { type: 'turn_context', timestampMs: nativeOut[0] ?? 0, model: modelOf(buf.toString('utf8', nativeOut[1], nativeOut[2])) };
  }
  if (!matchesAt(buf, start, end, PREFIX) || !matchesAt(buf, start + 38, end, AFTER_TIMESTAMP)) return null;
  const timestampMs = sniffLineTimestamp(buf, start, end);
  if (timestampMs === null) return null;
  let i = start + PAYLOAD_BODY;
  while (i < end && buf[i] === 34) {
    const keyEnd = skipString(buf, i, end);
    if (keyEnd < 0 || buf[keyEnd] !== 58) return null;
    const isModel = keyEnd - i - 2 === MODEL.length && matchesAt(buf, i + 1, end, MODEL);
    const valueStart = keyEnd + 1;
    const valueEnd = skipValue(buf, valueStart, end);
    if (valueEnd < 0) return null;
    if (isModel) {
      if (buf[valueStart] !== 34) return null;
      const raw = buf.toString('utf8', valueStart + 1, valueEnd - 1);
      if (raw.includes('\\')) return null;
      return { type: 'turn_context', timestampMs, model: modelOf(raw) };
    }
    if (buf[valueEnd] === 125) break; // end of the payload without a model
    if (buf[valueEnd] !== 44) return null;
    i = valueEnd + 1;
  }
  return null;
}
