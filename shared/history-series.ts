// Reading a window's history as a step function of time: the chart, the text sparkline and the
// burn-rate forecast all ask "what did this window show at time t?". Pure; shared by core and renderer.

import type { HistorySample } from './usage-history.js';

/** The reading in force at `t` (the last sample at or before it), or null before the first sample. */
export function readingAt(samples: readonly HistorySample[], t: number): HistorySample | null {
  let found: HistorySample | null = null;
  for (const sample of samples) {
    if (Date.parse(sample.at) <= t) found = sample;
    else break;
  }
  return found;
}

/** `columns` readings evenly spread over [from, to], each the highest usage seen in its slice (null before any sample). */
export function bucketPeaks(samples: readonly HistorySample[], from: number, to: number, columns: number): Array<number | null> {
  const out: Array<number | null> = [];
  const step = (to - from) / columns;
  for (let c = 0; c < columns; c++) {
    const start = from + c * step;
    const end = start + step;
    const atStart = readingAt(samples, start);
    let peak = atStart === null ? null : atStart.usedPercent;
    for (const sample of samples) {
      const t = Date.parse(sample.at);
      if (t > start && t < end) peak = Math.max(peak ?? 0, sample.usedPercent);
    }
    out.push(peak);
  }
  return out;
}
