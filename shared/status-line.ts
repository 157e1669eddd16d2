// The status-bar forms of a usage result (interface §9): a short "% left" text for prompts and tmux,
// and Waybar's custom-module JSON. Pure: the time zone of the reset clock is the caller's runtime
// zone unless one is passed.

import { formatPercent, formatResetClock, remainingPercent } from './format.js';
import { isUsageFailure, type UsageReport, type UsageResult, type UsageWindow } from './usage-model.js';

export type StatusClass = 'ok' | 'warning' | 'critical' | 'error';

/** Waybar's custom-module JSON (`return-type: json`). */
export interface WaybarOutput {
  text: string;
  tooltip: string;
  class: StatusClass;
  percentage: number;
}

/** At or below these "% left" in a main window the class turns warning, then critical. */
export const WARNING_LEFT_PERCENT = 20;
export const CRITICAL_LEFT_PERCENT = 5;

export interface MainWindow {
  id: 'session' | 'weekly';
  label: string;
  window: UsageWindow;
}

/** The two main windows a report has (a plan with only a weekly limit has one). */
export function mainWindows(report: UsageReport): MainWindow[] {
  const windows: MainWindow[] = [];
  if (report.session) windows.push({ id: 'session', label: 'session', window: report.session });
  if (report.weekly) windows.push({ id: 'weekly', label: 'weekly', window: report.weekly });
  return windows;
}

/** The lowest "% left" of the main windows, or null when the report has neither. */
export function lowestLeftPercent(report: UsageReport): number | null {
  const lefts = mainWindows(report).map((w) => remainingPercent(w.window.usedPercent));
  return lefts.length === 0 ? null : Math.min(...lefts);
}

export function statusClass(result: UsageResult): StatusClass {
  if (isUsageFailure(result)) return 'error';
  const lowest = lowestLeftPercent(result);
  if (lowest === null) return 'ok';
  if (lowest <= CRITICAL_LEFT_PERCENT) return 'critical';
  if (lowest <= WARNING_LEFT_PERCENT) return 'warning';
  return 'ok';
}

const SHORT_LABEL: Record<MainWindow['id'], string> = { session: '5h', weekly: 'wk' };

/** `5h 63% · wk 19%` (% left); on failure a short form of the error, e.g. `quota: not logged in`. */
export function statusText(result: UsageResult): string {
  if (isUsageFailure(result)) return `quota: ${result.error.code.replace(/_/g, ' ')}`;
  const parts = mainWindows(result).map((w) => `${SHORT_LABEL[w.id]} ${formatPercent(remainingPercent(w.window.usedPercent))}`);
  return parts.length === 0 ? 'quota: no limits' : parts.join(' · ');
}

/**
 * Every window with its reset, one per line. The reset is a clock time ("resets 21:05", "resets Fri
 * 09:00"), not a countdown, so the tooltip only changes when the usage does (`quotabar watch` prints
 * a line per change).
 */
export function statusTooltip(result: UsageResult, now: Date, timeZone?: string): string {
  if (isUsageFailure(result)) return result.error.message;
  return reportTooltip(result, 'Codex', now, timeZone);
}

/** A report's tooltip lines under `title` (an account's label names it; its email is not repeated). */
export function reportTooltip(result: UsageReport, title: string, now: Date, timeZone?: string): string {
  const rows: Array<[string, UsageWindow]> = [];
  if (result.session) rows.push(['Session (5h)', result.session]);
  if (result.weekly) rows.push(['Weekly', result.weekly]);
  for (const extra of result.extraWindows) rows.push([extra.label, extra]);
  if (result.codeReview) rows.push(['Code review', result.codeReview]);
  const email = result.account.email === title ? null : result.account.email;
  const who = [result.account.plan ? capitalize(result.account.plan) : null, email].filter(Boolean).join(' · ');
  const lines = [`${title}${who ? ` · ${who}` : ''}`];
  if (rows.length === 0) lines.push('No rate limits reported for this account.');
  for (const [label, window] of rows) {
    const reset = formatResetClock(window.resetsAt, now, timeZone);
    lines.push(`${label}: ${formatPercent(remainingPercent(window.usedPercent))} left${reset ? `, resets ${reset}` : ''}`);
  }
  return lines.join('\n');
}

export function waybarOutput(result: UsageResult, now: Date, timeZone?: string): WaybarOutput {
  const lowest = isUsageFailure(result) ? 0 : (lowestLeftPercent(result) ?? 100);
  return {
    text: statusText(result),
    tooltip: statusTooltip(result, now, timeZone),
    class: statusClass(result),
    percentage: Math.round(lowest),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
