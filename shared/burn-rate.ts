// The burn rate of a window from its recorded history (interface §8), and when it would run out at that
// rate. Unlike the straight-line pace (pace.ts), which spreads the usage so far over the whole elapsed
// window, this looks at the recent slope: an hour of heavy use after a quiet morning shows as heavy.

import { readingAt } from './history-series.js';
import { MIN_ELAPSED_FRACTION } from './pace.js';
import { detectResets, type HistorySample } from './usage-history.js';
import type { UsageWindow } from './usage-model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How far back the slope is measured, as a share of the window (1 h of a 5-hour session, ~34 h of a week). */
export const BURN_LOOKBACK_FRACTION = 0.2;

export interface BurnForecast {
  /** Usage added per hour over the lookback. */
  percentPerHour: number;
  /** When the window would be empty at that rate, if that is before its reset; else null. */
  runsOutInMs: number | null;
}

/**
 * The burn rate of `window` (its reading at `now`) over the recent part of its current period in
 * `samples` (oldest first), or null when the history cannot tell: no reset time or length, the period
 * has not been watched long enough, or usage is not rising.
 */
export function forecastRunOut(window: UsageWindow, samples: readonly HistorySample[], now: Date): BurnForecast | null {
  if (window.windowMinutes === null || window.windowMinutes <= 0 || window.resetsAt === null) return null;
  const resetMs = Date.parse(window.resetsAt);
  const nowMs = now.getTime();
  if (Number.isNaN(resetMs) || resetMs <= nowMs || window.usedPercent >= 100) return null;
  const windowMs = window.windowMinutes * MINUTE;

  // Only this period counts: the slope across a reset would be meaningless.
  const past = samples.filter((s) => Date.parse(s.at) <= nowMs);
  const lastReset = detectResets(past).at(-1);
  const period = lastReset === undefined ? past : past.filter((s) => Date.parse(s.at) >= Date.parse(lastReset.at));
  const first = period[0];
  if (first === undefined) return null;

  const startMs = Math.max(nowMs - windowMs * BURN_LOOKBACK_FRACTION, Date.parse(first.at));
  const spanMs = nowMs - startMs;
  if (spanMs < windowMs * MIN_ELAPSED_FRACTION) return null;
  const startReading = readingAt(period, startMs);
  if (startReading === null) return null;
  const rise = window.usedPercent - startReading.usedPercent;
  if (rise <= 0) return null;

  const perMs = rise / spanMs;
  const runsOutInMs = (100 - window.usedPercent) / perMs;
  return { percentPerHour: perMs * HOUR, runsOutInMs: nowMs + runsOutInMs < resetMs ? runsOutInMs : null };
}
