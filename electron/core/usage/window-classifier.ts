import { SESSION_MINUTES, WEEKLY_MINUTES, type ExtraWindow, type UsageWindow } from '../../../shared/usage-model.js';

/** ±5 %, the tolerance Codex itself uses to name a window by its length. */
const TOLERANCE = 0.05;

export function isAbout(minutes: number | null, target: number): boolean {
  return minutes !== null && Math.abs(minutes - target) <= target * TOLERANCE;
}

export interface ClassifiedWindows {
  session: UsageWindow | null;
  weekly: UsageWindow | null;
  /** Windows of the main bucket that are neither 5 h nor weekly. */
  others: UsageWindow[];
}

/**
 * Picks session and weekly by duration, never by position (interface §3): the backend may swap
 * primary and secondary, and a free plan reports its weekly window as primary.
 * The first 5 h window is the session, the first weekly one the weekly; the rest are "others".
 */
export function classifyWindows(windows: ReadonlyArray<UsageWindow | null | undefined>): ClassifiedWindows {
  const result: ClassifiedWindows = { session: null, weekly: null, others: [] };
  for (const window of windows) {
    if (window == null) continue;
    if (result.session === null && isAbout(window.windowMinutes, SESSION_MINUTES)) result.session = window;
    else if (result.weekly === null && isAbout(window.windowMinutes, WEEKLY_MINUTES)) result.weekly = window;
    else result.others.push(window);
  }
  return result;
}

/** "5h", "weekly", "daily"… as Codex names a window length; null when it has no name. */
export function windowLengthName(minutes: number | null): string | null {
  const names: Array<[number, string]> = [
    [SESSION_MINUTES, '5h'],
    [1440, 'daily'],
    [WEEKLY_MINUTES, 'weekly'],
    [43200, 'monthly'],
    [525600, 'annual'],
  ];
  for (const [target, name] of names) if (isAbout(minutes, target)) return name;
  return null;
}

/** Clamp to 0–100 and keep at most two decimals, so floats from any source print cleanly. */
export function normalizePercent(value: number): number {
  const clamped = Math.min(100, Math.max(0, value));
  return Math.round(clamped * 100) / 100;
}

/** Unix seconds (or milliseconds, when implausibly large) to ISO-8601 UTC; null for missing or bad input. */
export function epochToIso(value: number | null | undefined): string | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) return null;
  const ms = value > 1e12 ? value : value * 1000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A stable id for an extra window: "codex-" + a slug of the feature or name, plus "-session"/"-weekly". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function extraWindow(id: string, label: string, window: UsageWindow): ExtraWindow {
  return { id, label, ...window };
}
