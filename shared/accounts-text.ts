// The text form of `quotabar usage --all-accounts`: one line per account (interface §7).
import type { AccountsReport } from './accounts-model.js';
import { formatPercent, formatResetsIn, remainingPercent } from './format.js';
import { isUsageFailure, type UsageWindow } from './usage-model.js';

function left(window: UsageWindow | null): string {
  return window === null ? '—' : `${formatPercent(remainingPercent(window.usedPercent))} left`;
}

/** The soonest reset of the session and weekly windows still ahead of `now` (else the soonest one). */
export function nextReset(windows: Array<UsageWindow | null>, now: Date): string | null {
  const times = windows.flatMap((w) => (w?.resetsAt ? [w.resetsAt] : [])).sort();
  return times.find((t) => Date.parse(t) > now.getTime()) ?? times[0] ?? null;
}

/** `Work  5h 77% left · wk 59% left · resets in 2h 5m`; a failed account shows its error instead. */
export function renderAccountsText(report: AccountsReport, now: Date): string {
  const width = Math.max(0, ...report.accounts.map((a) => a.label.length));
  const lines = report.accounts.map((account) => {
    const name = account.label.padEnd(width);
    const usage = account.usage;
    if (isUsageFailure(usage)) return `${name}  ${usage.error.code}: ${usage.error.message}`;
    const parts = [`5h ${left(usage.session)}`, `wk ${left(usage.weekly)}`];
    const reset = formatResetsIn(nextReset([usage.session, usage.weekly], now), now);
    if (reset !== null) parts.push(reset);
    return `${name}  ${parts.join(' · ')}`;
  });
  return lines.length === 0 ? 'No accounts.\n' : `${lines.join('\n')}\n`;
}
