import type { AppState } from '../../../shared/quotabar-api.js';
import type { BarsShow } from '../../../shared/settings-model.js';
import { isUsageFailure, type UsageReport, type UsageWindow } from '../../../shared/usage-model.js';
import { remainingPercent } from '../../../shared/format.js';
import { trayAccountView } from './tray-account.js';

/** Everything the tray icon shows, reduced to what changes its pixels. */
export interface TrayIconState {
  /** Percent remaining (0–100) of the 5-hour session window; null when the report has none. */
  sessionRemaining: number | null;
  /** Percent remaining (0–100) of the weekly window; null when the report has none. */
  weeklyRemaining: number | null;
  /** The weekly limit is used up and has not reset yet, so the session cannot be used whatever it says. */
  sessionBlocked: boolean;
  /** The numbers may be out of date: the last refresh failed, or the data is old. */
  dimmed: boolean;
  /** What the bar fill measures (the "bars show" setting). */
  fillShows: BarsShow;
}

/** Older than this, data is drawn dimmed: longer than the slowest cadence (30 min) plus a missed refresh. */
export const STALE_AFTER_MS = 45 * 60_000;

export interface TrayIconInput {
  /** The last good report (kept while later refreshes fail), or null before the first success. */
  report: UsageReport | null;
  /** The latest refresh failed. */
  failed: boolean;
  fillShows: BarsShow;
  now: Date;
  staleAfterMs?: number;
}

export function isExhausted(window: UsageWindow | null, now: Date): boolean {
  if (window === null || window.usedPercent < 100) return false;
  if (window.resetsAt === null) return true;
  const reset = Date.parse(window.resetsAt);
  return Number.isNaN(reset) || reset > now.getTime();
}

function resetHasPassed(window: UsageWindow | null, now: Date): boolean {
  if (window === null || window.resetsAt === null) return false;
  const reset = Date.parse(window.resetsAt);
  return !Number.isNaN(reset) && reset <= now.getTime();
}

export function trayIconState(input: TrayIconInput): TrayIconState {
  const { report, now } = input;
  const session = report?.session ?? null;
  const weekly = report?.weekly ?? null;
  const fetchedAt = report === null ? Number.NaN : Date.parse(report.fetchedAt);
  const old = report !== null && (Number.isNaN(fetchedAt) || now.getTime() - fetchedAt > (input.staleAfterMs ?? STALE_AFTER_MS));
  // A window whose reset has passed has certainly changed since the report was taken.
  const outdated = resetHasPassed(session, now) || resetHasPassed(weekly, now);
  return {
    sessionRemaining: session === null ? null : remainingPercent(session.usedPercent),
    weeklyRemaining: weekly === null ? null : remainingPercent(weekly.usedPercent),
    sessionBlocked: isExhausted(weekly, now),
    dimmed: input.failed || old || outdated,
    fillShows: input.fillShows,
  };
}

/**
 * The icon state for the app's state: the followed account's (trayAccountView) last good report, dimmed
 * while its latest refresh failed.
 */
export function trayIconStateFromApp(state: AppState, now: Date): TrayIconState {
  const view = trayAccountView(state);
  return trayIconState({
    report: view.lastGoodUsage,
    failed: view.usage !== null && isUsageFailure(view.usage),
    fillShows: state.settings.display.barsShow,
    now,
  });
}

/**
 * A key that changes exactly when the drawn pixels would: the percentages are quantised to whole
 * percent, so the shell redraws (and Linux re-sends the icon over D-Bus) only when something shows.
 */
export function trayIconKey(state: TrayIconState): string {
  const q = (v: number | null) => (v === null ? '-' : String(Math.round(v)));
  return [q(state.sessionRemaining), q(state.weeklyRemaining), state.sessionBlocked ? 'B' : '', state.dimmed ? 'D' : '', state.fillShows].join('|');
}
