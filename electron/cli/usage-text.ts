import { formatPercent, formatResetsIn, formatUsd, remainingPercent, textBar } from '../../shared/format.js';
import { resetCreditsSummary } from '../../shared/reset-credits.js';
import type { Attempt, UsageFailure, UsageReport, UsageWindow } from '../../shared/usage-model.js';

// The human form of `quotabar usage`: one block per window with a bar, "% left" and the countdown.

function windowLine(label: string, window: UsageWindow, now: Date, width: number): string {
  const left = remainingPercent(window.usedPercent);
  const reset = formatResetsIn(window.resetsAt, now);
  return `${label.padEnd(width)}  ${textBar(left)}  ${formatPercent(left).padStart(4)} left${reset ? ` · ${reset}` : ''}`;
}

export function renderUsageText(report: UsageReport, now: Date): string {
  const rows: Array<[string, UsageWindow]> = [];
  if (report.session) rows.push(['Session (5h)', report.session]);
  if (report.weekly) rows.push(['Weekly', report.weekly]);
  for (const extra of report.extraWindows) rows.push([extra.label, extra]);
  if (report.codeReview) rows.push(['Code review', report.codeReview]);
  const width = Math.max(12, ...rows.map(([label]) => label.length), report.resetCredits ? 'Reset credits'.length : 0);

  const who = [report.account.plan ? capitalize(report.account.plan) : null, report.account.email].filter(Boolean).join(' · ');
  const lines = [`Codex${who ? ` · ${who}` : ''}  (from ${report.sources.join(' + ')})`];
  if (rows.length === 0) lines.push('No rate limits reported for this account.');
  for (const [label, window] of rows) lines.push(windowLine(label, window, now, width));
  if (report.credits) {
    const c = report.credits;
    const amount = c.balance !== null ? `${c.approximate === true ? '≈ ' : ''}${Number(c.balance.toFixed(2))} credits` : null;
    const value = c.unlimited ? 'unlimited' : (amount ?? (c.hasCredits ? 'available' : 'none'));
    lines.push(`${'Credits'.padEnd(width)}  ${value}`);
  }
  if (report.monthlyLimit) {
    const m = report.monthlyLimit;
    const reset = formatResetsIn(m.resetsAt, now);
    lines.push(
      `${'Monthly limit'.padEnd(width)}  ${textBar(m.remainingPercent)}  ${formatPercent(m.remainingPercent).padStart(4)} left · ${formatUsdPlain(m.used)} of ${formatUsdPlain(m.limit)} used${reset ? ` · ${reset}` : ''}`,
    );
  }
  if (report.resetCredits) lines.push(`${'Reset credits'.padEnd(width)}  ${resetCreditsSummary(report.resetCredits, now)}`);
  for (const warning of report.warnings ?? []) lines.push(`Warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function formatUsdPlain(value: number): string {
  return formatUsd(value).replace('$', '');
}

export function renderFailureText(failure: UsageFailure): string {
  const lines = [`quotabar usage: ${failure.error.message}`];
  if (failure.attempts.length > 1) {
    lines.push('Tried:');
    for (const attempt of failure.attempts) lines.push(`  ${attemptLine(attempt)}`);
  }
  return `${lines.join('\n')}\n`;
}

function attemptLine(attempt: Attempt): string {
  return attempt.ok ? `${attempt.source}: ok (${attempt.ms} ms)` : `${attempt.source}: ${attempt.error?.code ?? 'failed'}: ${attempt.error?.message ?? ''}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
