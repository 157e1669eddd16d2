// `quotabar guard`'s decision (interface §9), pure: is there at least PCT % left in the chosen window?

import { formatCountdown, formatPercent, formatResetClock, remainingPercent } from '../../shared/format.js';
import { mainWindows, type MainWindow } from '../../shared/status-line.js';
import type { UsageReport } from '../../shared/usage-model.js';

export const GUARD_WINDOWS = ['any', 'session', 'weekly'] as const;
export type GuardWindow = (typeof GUARD_WINDOWS)[number];

export type GuardVerdict =
  | { kind: 'enough'; line: string }
  | { kind: 'below'; line: string }
  /** The report has no window to judge (e.g. `--window session` on a plan with only a weekly limit). */
  | { kind: 'no-window'; line: string };

export function guardVerdict(report: UsageReport, minLeft: number, which: GuardWindow, now: Date, timeZone?: string): GuardVerdict {
  const candidates = mainWindows(report).filter((w) => which === 'any' || w.id === which);
  if (candidates.length === 0) {
    const missing = which === 'any' ? 'no session or weekly window' : `no ${which} window`;
    const hint = which === 'session' ? ' Use --window weekly or any.' : '';
    return { kind: 'no-window', line: `quotabar guard: this account reports ${missing}, so there is nothing to check.${hint}` };
  }
  // The window with the least left decides, and is the one the line names.
  const tightest = candidates.reduce((a, b) => (left(b) < left(a) ? b : a));
  const below = left(tightest) < minLeft;
  const verdict = below ? `below ${formatThreshold(minLeft)}` : `at least ${formatThreshold(minLeft)}`;
  const line = `quotabar guard: ${tightest.label} window has ${formatPercent(left(tightest))} left (${verdict})${resetPhrase(tightest, now, timeZone)}.`;
  return below ? { kind: 'below', line } : { kind: 'enough', line };
}

function left(w: MainWindow): number {
  return remainingPercent(w.window.usedPercent);
}

function formatThreshold(pct: number): string {
  return `${Number(pct.toFixed(2))}%`;
}

function resetPhrase(w: MainWindow, now: Date, timeZone?: string): string {
  const clock = formatResetClock(w.window.resetsAt, now, timeZone);
  const countdown = formatCountdown(w.window.resetsAt, now);
  if (clock === null || countdown === null) return '; no reset time reported';
  return `; it resets ${countdown} (${clock})`;
}
