import { formatPercent } from '../../shared/format.js';
import { bucketPeaks } from '../../shared/history-series.js';
import type { HistoryReport, HistoryWindow } from '../../shared/usage-history.js';

// The human form of `quotabar history`: per account, each window as a sparkline of its usage over the
// range, with a marker line under it where the window reset.

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
export const SPARKLINE_COLUMNS = 56;

function windowLabel(window: HistoryWindow): string {
  if (window.id === 'session') return 'Session';
  if (window.id === 'weekly') return 'Weekly';
  if (window.id === 'codeReview') return 'Code review';
  return window.id;
}

export function sparkline(values: ReadonlyArray<number | null>): string {
  return values.map((v) => (v === null ? ' ' : BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.floor((v / 100) * BLOCKS.length)))])).join('');
}

function resetMarkers(window: HistoryWindow, from: number, to: number, columns: number): string {
  const marks = Array.from({ length: columns }, () => ' ');
  for (const reset of window.resets) {
    const column = Math.min(columns - 1, Math.max(0, Math.floor(((Date.parse(reset.at) - from) / (to - from)) * columns)));
    marks[column] = '↑';
  }
  return marks.join('').trimEnd();
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function renderHistoryText(report: HistoryReport, days: number, now: Date): string {
  const to = now.getTime();
  const from = to - days * 86_400_000;
  const lines: string[] = [`Usage history, last ${days} day${days === 1 ? '' : 's'} (${shortTime(new Date(from).toISOString())} → now)`];
  if (report.accounts.length === 0) {
    lines.push('No history yet: it is recorded by every successful `quotabar usage`, `quotabar serve` and the tray app.');
    return `${lines.join('\n')}\n`;
  }
  for (const account of report.accounts) {
    lines.push('', [account.email, account.accountId].filter((x) => x !== null).join(' · ') || 'Unknown account');
    const width = Math.max(12, ...account.windows.map((w) => windowLabel(w).length));
    for (const window of account.windows) {
      const latest = window.samples.at(-1);
      const now = latest === undefined ? '' : `  ${formatPercent(latest.usedPercent).padStart(4)} used`;
      lines.push(`  ${windowLabel(window).padEnd(width)}  ${sparkline(bucketPeaks(window.samples, from, to, SPARKLINE_COLUMNS))}${now}`);
      const markers = resetMarkers(window, from, to, SPARKLINE_COLUMNS);
      if (markers !== '') lines.push(`  ${' '.repeat(width)}  ${markers}`);
      for (const reset of window.resets)
        lines.push(`  ${' '.repeat(width)}  ↑ reset ${shortTime(reset.at)} (was ${formatPercent(reset.usedPercentBefore)} used)`);
    }
  }
  return `${lines.join('\n')}\n`;
}
