// Pace: where a window's usage would be if it were spent evenly from its start to its reset,
// and whether the current rate runs it out early. Pure, shared by the popover, the tray and the CLI.

import { formatCountdown } from './format.js';
import type { UsageWindow } from './usage-model.js';

const MINUTE = 60_000;

/** How far usage is from the even-pace line, in percentage points (CodexBar's stages). */
export type PaceStage = 'on-track' | 'slightly-ahead' | 'ahead' | 'far-ahead' | 'slightly-behind' | 'behind' | 'far-behind';

export interface Pace {
  /** Percent of the window that would be used by now at an even pace (0–100). */
  expectedUsedPercent: number;
  /** usedPercent − expectedUsedPercent: positive means spending faster than even (a deficit). */
  deltaPercent: number;
  stage: PaceStage;
  /** Ahead of pace: the time until the window is empty at the rate so far. */
  runsOutInMs: number | null;
  /** Behind pace: the rate so far lasts past the reset. */
  lastsUntilReset: boolean;
}

/** Below this share of the window elapsed, a pace says more about noise than about the person. */
export const MIN_ELAPSED_FRACTION = 0.03;

/**
 * The pace of one window, or null when it cannot be judged: no length or reset time, the reset is in
 * the past, the window's times do not fit together, too little of it has elapsed, or it is already
 * used up (then the limit itself is the message).
 */
export function computePace(window: UsageWindow, now: Date): Pace | null {
  if (window.windowMinutes === null || window.windowMinutes <= 0 || window.resetsAt === null) return null;
  const resetMs = Date.parse(window.resetsAt);
  if (Number.isNaN(resetMs)) return null;
  const durationMs = window.windowMinutes * MINUTE;
  const untilResetMs = resetMs - now.getTime();
  if (untilResetMs <= 0 || untilResetMs > durationMs * 1.05) return null;
  const elapsedMs = Math.max(0, durationMs - untilResetMs);
  const elapsedFraction = elapsedMs / durationMs;
  if (elapsedFraction < MIN_ELAPSED_FRACTION) return null;
  const used = clampPercent(window.usedPercent);
  if (used >= 100) return null;

  const expectedUsedPercent = clampPercent(elapsedFraction * 100);
  const deltaPercent = used - expectedUsedPercent;
  const stage = paceStage(deltaPercent);
  // Spending faster than even always empties the window before its reset at the rate so far
  // (used/elapsed > 100/duration), so "runs out" is only a question of when; within the on-track
  // band the projection is noise and is not shown.
  const ahead = deltaPercent > 0 && stage !== 'on-track';
  const runsOutInMs = ahead ? ((100 - used) * elapsedMs) / used : null;
  const lastsUntilReset = deltaPercent < 0 && stage !== 'on-track';
  return { expectedUsedPercent, deltaPercent, stage, runsOutInMs, lastsUntilReset };
}

export function paceStage(deltaPercent: number): PaceStage {
  const size = Math.abs(deltaPercent);
  if (size <= 2) return 'on-track';
  const ahead = deltaPercent > 0;
  if (size <= 6) return ahead ? 'slightly-ahead' : 'slightly-behind';
  if (size <= 12) return ahead ? 'ahead' : 'behind';
  return ahead ? 'far-ahead' : 'far-behind';
}

/** "On pace", "12% in deficit", "8% in reserve". */
export function describePaceDelta(pace: Pace): string {
  if (pace.stage === 'on-track') return 'On pace';
  const points = Math.round(Math.abs(pace.deltaPercent));
  return pace.deltaPercent > 0 ? `${points}% in deficit` : `${points}% in reserve`;
}

/**
 * "Runs out in 2h 5m", "Lasts until reset", or null when the window is not used faster than even. With a
 * burn rate from the history (burn-rate.ts), that rate decides: it sees the recent pace, the straight
 * line only the average since the window began.
 */
export function describeRunOut(pace: Pace | null, now: Date, burn: { runsOutInMs: number | null } | null = null): string | null {
  if (burn !== null) return burn.runsOutInMs === null ? null : `Runs out ${formatCountdown(new Date(now.getTime() + burn.runsOutInMs), now) ?? ''}`.trimEnd();
  if (pace === null) return null;
  if (pace.runsOutInMs !== null) return `Runs out ${formatCountdown(new Date(now.getTime() + pace.runsOutInMs), now) ?? ''}`.trimEnd();
  if (pace.lastsUntilReset) return 'Lasts until reset';
  return null;
}

function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}
