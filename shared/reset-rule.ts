// When a window has reset (interface §8). One rule for the history, the notifications and the popover:
// a reset needs usage to drop AND the window's period to have moved on. A drop within the same period
// is a dip (a backend glitch or a refund), and a reset time that drifts while usage holds is a window
// that has not started yet; neither is a reset.

/** The part of a window the rule looks at. */
export interface WindowReading {
  usedPercent: number;
  /** ISO-8601, or null when the backend gave none. */
  resetsAt: string | null;
}

/** Reset times from different sources differ by up to a minute for the same window; a new period moves by hours. */
export const PERIOD_TOLERANCE_MS = 5 * 60_000;

/** Whether the window period identified by `before` has ended by the time (`at`) of a reading showing `after`. */
export function periodMoved(before: string | null, after: string | null, at: Date): boolean {
  const b = before === null ? Number.NaN : Date.parse(before);
  const a = after === null ? Number.NaN : Date.parse(after);
  if (!Number.isNaN(b) && b <= at.getTime()) return true; // the old period's reset has passed
  if (Number.isNaN(b)) return !Number.isNaN(a); // now there is a period to tell apart, before there was none
  if (Number.isNaN(a)) return true; // the old period's reset vanished: the window restarted
  return Math.abs(a - b) > PERIOD_TOLERANCE_MS;
}

/**
 * Whether `after`, read at `at`, shows that the window reset since `before`: usage dropped, and either
 * `before`'s reset time has passed by `at` or the backend gave the window a new reset time with the drop
 * (an early reset).
 */
export function isReset(before: WindowReading, after: WindowReading, at: Date): boolean {
  if (!(after.usedPercent < before.usedPercent)) return false;
  return periodMoved(before.resetsAt, after.resetsAt, at);
}
