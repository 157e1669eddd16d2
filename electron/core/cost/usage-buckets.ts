import type { UsageEvent } from './session-usage-counter.js';

// Usage is kept per quarter hour (UTC), model and price tier rather than per event: small enough to cache
// for every file, and still exact for any time zone, since every zone's offset is a whole number of
// quarter hours (UTC+5:45 included), and cost is linear within a tier.

export const SLOT_MS = 15 * 60_000;

/** interface §4: models with long-context prices use them for an event whose input exceeds this. */
export const LONG_CONTEXT_INPUT_TOKENS = 272_000;

/**
 * [slot, model, long-context tier, input, cached input, output, reasoning output, first and last event time
 * (epoch ms) in the slot]: the times give a session's first and last counted event within any window.
 */
export type BucketRow = [
  slot: number,
  model: string,
  long: 0 | 1,
  input: number,
  cached: number,
  output: number,
  reasoning: number,
  firstMs: number,
  lastMs: number,
];

export class BucketAccumulator {
  // slot → "long|model" → row; a session touches few slots, so the inner maps stay tiny.
  private readonly bySlot = new Map<number, Map<string, BucketRow>>();
  private lastSlot = Number.NaN;
  private lastRows: Map<string, BucketRow> | undefined;

  constructor(rows: readonly BucketRow[] = []) {
    for (const row of rows) this.addRow([...row] as BucketRow);
  }

  add(event: UsageEvent): void {
    const { input, cached, output, reasoning } = event.usage;
    const at = event.timestampMs;
    this.addValues(Math.floor(at / SLOT_MS), event.model, input > LONG_CONTEXT_INPUT_TOKENS ? 1 : 0, input, cached, output, reasoning, at, at);
  }

  private addRow(row: BucketRow): void {
    this.addValues(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]);
  }

  private addValues(
    slot: number,
    model: string,
    long: 0 | 1,
    input: number,
    cached: number,
    output: number,
    reasoning: number,
    firstMs: number,
    lastMs: number,
  ): void {
    let rows = slot === this.lastSlot ? this.lastRows : this.bySlot.get(slot);
    if (rows === undefined) {
      rows = new Map();
      this.bySlot.set(slot, rows);
    }
    this.lastSlot = slot;
    this.lastRows = rows;
    const key = long === 1 ? `1|${model}` : model;
    const existing = rows.get(key);
    if (existing === undefined) {
      rows.set(key, [slot, model, long, input, cached, output, reasoning, firstMs, lastMs]);
      return;
    }
    existing[3] += input;
    existing[4] += cached;
    existing[5] += output;
    existing[6] += reasoning;
    if (firstMs < existing[7]) existing[7] = firstMs;
    if (lastMs > existing[8]) existing[8] = lastMs;
  }

  rows(): BucketRow[] {
    const out: BucketRow[] = [];
    for (const rows of this.bySlot.values()) for (const row of rows.values()) out.push(row);
    return out;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Bucket rows read back from the cache; anything malformed makes the whole entry unusable (null). */
export function parseBucketRows(value: unknown): BucketRow[] | null {
  if (!Array.isArray(value)) return null;
  const rows: BucketRow[] = [];
  for (const row of value) {
    if (!Array.isArray(row) || row.length !== 9) return null;
    const [slot, model, long, a, b, c, d, first, last] = row as unknown[];
    if (!Number.isInteger(slot) || typeof model !== 'string' || (long !== 0 && long !== 1)) return null;
    if (!isCount(a) || !isCount(b) || !isCount(c) || !isCount(d) || !isCount(first) || !isCount(last)) return null;
    rows.push([slot as number, model, long, a, b, c, d, first, last]);
  }
  return rows;
}
