import { findInRange } from './rollout-line-classifier.js';
import type { RolloutRecord } from './rollout-record.js';

// A session_meta line carries the whole base prompt (kilobytes) but the scan only needs who the session is,
// whom it was forked from and where it ran, which Codex writes first. Read those from the head of the line;
// any other layout is left to JSON.parse.

const CODEX_LAYOUT =
  /^\{"timestamp":"([^"\\]{10,40})","type":"session_meta","payload":\{"id":"([^"\\]{1,200})"(?:,"forked_from_id":(?:"([^"\\]{1,200})"|null))?,(?:"timestamp":"[^"\\]{10,40}",)?(?:"cwd":"([^"\\]{0,1024})"[,}])?/;
const FORKED_KEY = Buffer.from('"forked_from_id"');
const CWD_KEY = Buffer.from('"cwd"');
const HEAD_CHARS = 2048;

export function fastSessionMeta(buf: Buffer, start: number, end: number): RolloutRecord | null {
  // latin1 keeps one char per byte, so a non-ASCII cwd would come out wrong: such a line is left to JSON.parse.
  const head = buf.toString('latin1', start, Math.min(end, start + HEAD_CHARS));
  const match = CODEX_LAYOUT.exec(head);
  if (match === null) return null;
  const forkedFromId = match[3] ?? null;
  // Without a fork id in its usual place, make sure none is written further on.
  if (forkedFromId === null && match[0].indexOf('"forked_from_id"') < 0 && findInRange(buf, FORKED_KEY, start, end) >= 0) return null;
  const cwd = match[4];
  if (cwd === undefined) {
    // No cwd in its usual place: only a line that names none anywhere is read here.
    if (findInRange(buf, CWD_KEY, start, end) >= 0) return null;
  } else if (/[^\x20-\x7e]/.test(cwd)) {
    return null;
  }
  const timestampMs = Date.parse(match[1] ?? '');
  return {
    type: 'session_meta',
    timestampMs: Number.isNaN(timestampMs) ? null : timestampMs,
    id: match[2] ?? null,
    forkedFromId,
    cwd: cwd === undefined || cwd === '' ? null : cwd,
  };
}
