import { findInRange } from './rollout-line-classifier.js';
import type { RolloutRecord } from './rollout-record.js';

// A session_meta line carries the whole base prompt (kilobytes) but the scan only needs who the session is
// and whom it was forked from, which Codex writes first. Read those from the head of the line; any other
// layout is left to JSON.parse.

const CODEX_LAYOUT = /^\{"timestamp":"([^"\\]{10,40})","type":"session_meta","payload":\{"id":"([^"\\]{1,200})"(?:,"forked_from_id":(?:"([^"\\]{1,200})"|null))?,"/;
const FORKED_KEY = Buffer.from('"forked_from_id"');

export function fastSessionMeta(buf: Buffer, start: number, end: number): RolloutRecord | null {
  const head = buf.toString('latin1', start, Math.min(end, start + 512));
  const match = CODEX_LAYOUT.exec(head);
  if (match === null) return null;
  const forkedFromId = match[3] ?? null;
  // Without a fork id in its usual place, make sure none is written further on.
  if (forkedFromId === null && match[0].indexOf('"forked_from_id"') < 0 && findInRange(buf, FORKED_KEY, start, end) >= 0) return null;
  const timestampMs = Date.parse(match[1] ?? '');
  return {
    type: 'session_meta',
    timestampMs: Number.isNaN(timestampMs) ? null : timestampMs,
    id: match[2] ?? null,
    forkedFromId,
  };
}
