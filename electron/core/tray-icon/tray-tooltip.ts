import { formatPercent, formatResetClock, formatResetsIn, formatUpdatedAgo, remainingPercent } from '../../../shared/format.js';
import type { BarsShow, ResetStyle } from '../../../shared/settings-model.js';
import type { ErrorInfo, UsageReport, UsageWindow } from '../../../shared/usage-model.js';
import { isExhausted, STALE_AFTER_MS } from './tray-icon-state.js';

/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip); staying under it everywhere keeps them whole. */
export const TOOLTIP_MAX_LENGTH = 127;
const DAY_MS = 86_400_000;

export interface TooltipInput {
  /** The last good report, or null before the first success. */
  report: UsageReport | null;
  /** The latest refresh's error, when it failed. */
  error: ErrorInfo | null;
  barsShow: BarsShow;
  resetStyle: ResetStyle;
  now: Date;
  /** For tests; the runtime's zone otherwise. */
  timeZone?: string;
  /** The account's label, when there is more than one account: the tooltip then starts with it. */
  accountLabel?: string | null;
}

/**
 * "resets in 2h 5m" for resets within a day, "resets Fri 09:00" beyond (a 5-day countdown reads worse
 * than a weekday), or always the clock form when the setting asks for it.
 */
export function resetPhrase(resetsAt: string | null, style: ResetStyle, now: Date, timeZone?: string): string | null {
  if (resetsAt === null) return null;
  const ms = Date.parse(resetsAt) - now.getTime();
  if (Number.isNaN(ms)) return null;
  if (style === 'countdown' && ms < DAY_MS) return formatResetsIn(resetsAt, now);
  if (ms <= 0) return 'resets now';
  const clock = formatResetClock(resetsAt, now, timeZone);
  return clock === null ? null : `resets ${clock}`;
}

function windowPhrase(label: string, window: UsageWindow, input: TooltipInput): string {
  const remaining = remainingPercent(window.usedPercent);
  const amount = input.barsShow === 'remaining' ? `${formatPercent(remaining)} left` : `${formatPercent(100 - remaining)} used`;
  const reset = resetPhrase(window.resetsAt, input.resetStyle, input.now, input.timeZone);
  return reset === null ? `${label} ${amount}` : `${label} ${amount} · ${reset}`;
}

function truncate(text: string): string {
  return text.length <= TOOLTIP_MAX_LENGTH ? text : `${text.slice(0, TOOLTIP_MAX_LENGTH - 1)}…`;
}

/** The tray tooltip, e.g. "Session 72% left · resets in 2h 5m — Weekly 41% left · resets Fri 09:00". */
export function trayTooltip(input: TooltipInput): string {
  const { report, error, now } = input;
  const named = input.accountLabel ?? null;
  if (report === null) {
    const who = named === null ? 'QuotaBar' : `QuotaBar (${named})`;
    return truncate(error === null ? `${who}: loading usage…` : `${who}: ${error.message}`);
  }
  const parts: string[] = [];
  if (report.weekly !== null && isExhausted(report.weekly, now)) parts.push('Session blocked by the weekly limit');
  else if (report.session !== null) parts.push(windowPhrase('Session', report.session, input));
  if (report.weekly !== null) parts.push(windowPhrase('Weekly', report.weekly, input));
  const lines = [parts.length > 0 ? parts.join(' — ') : 'QuotaBar: no usage windows reported'];
  if (named !== null) lines.unshift(named);
  const age = now.getTime() - Date.parse(report.fetchedAt);
  if (error !== null) lines.push(`Refresh failed · ${formatUpdatedAgo(report.fetchedAt, now).replace(/^Updated/, 'updated')}`);
  else if (age > STALE_AFTER_MS) lines.push(formatUpdatedAgo(report.fetchedAt, now));
  return truncate(lines.join('\n'));
}
