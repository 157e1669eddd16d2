// The status-bar forms of `quotabar usage --all-accounts` (interface §7, §9): one short line per account,
// or one Waybar line that shows the account with the least left and lists every account in its tooltip.
import type { AccountUsage, AccountsReport } from './accounts-model.js';
import { lowestLeftPercent, reportTooltip, statusClass, statusText, type StatusClass, type WaybarOutput } from './status-line.js';
import { isUsageFailure, type UsageReport } from './usage-model.js';

/** `Work: 5h 63% · wk 19%`; a failed account shows its short error, e.g. `Work: quota: token stale`. */
export function accountStatusLine(account: AccountUsage): string {
  return `${account.label}: ${statusText(account.usage)}`;
}

const CLASS_RANK: Record<StatusClass, number> = { ok: 0, warning: 1, critical: 2, error: -1 };

/** A report without main windows counts as having all of it left. */
function leftOf(report: UsageReport): number {
  return lowestLeftPercent(report) ?? 100;
}

/**
 * One Waybar line for every account: `text` is the account with the lowest main-window % left, `class`
 * the worst over the accounts that have usage (`error` only when none has), `percentage` the lowest,
 * and `tooltip` a block per account, a failed one with its message.
 */
export function accountsWaybarOutput(report: AccountsReport, now: Date, timeZone?: string): WaybarOutput {
  const tooltip = report.accounts
    .map((a) => (isUsageFailure(a.usage) ? `${a.label}\n${a.usage.error.message}` : reportTooltip(a.usage, a.label, now, timeZone)))
    .join('\n\n');
  const withUsage = report.accounts.flatMap((a) => (isUsageFailure(a.usage) ? [] : [{ account: a, usage: a.usage }]));
  const lowest = withUsage.reduce<(typeof withUsage)[number] | null>(
    (best, next) => (best === null || leftOf(next.usage) < leftOf(best.usage) ? next : best),
    null,
  );
  if (lowest === null) {
    const first = report.accounts[0];
    return { text: first === undefined ? 'quota: no accounts' : accountStatusLine(first), tooltip: tooltip || 'No accounts.', class: 'error', percentage: 0 };
  }
  const worst = withUsage.map((a) => statusClass(a.usage)).reduce((a, b) => (CLASS_RANK[b] > CLASS_RANK[a] ? b : a), 'ok');
  return { text: accountStatusLine(lowest.account), tooltip, class: worst, percentage: Math.round(leftOf(lowest.usage)) };
}
