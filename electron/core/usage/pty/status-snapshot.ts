import type { ExtraWindow, UsageSnapshot, UsageWindow } from '../../../../shared/usage-model.js';
import { bucketExtraWindows, uniqueById } from '../snapshot-builder.js';
import { classifyWindows, extraWindow, normalizePercent } from '../window-classifier.js';
import type { StatusLimitRow, StatusScreen } from './status-screen-parser.js';

type ReadStatus = Extract<StatusScreen, { kind: 'status' }>;

function toWindow(row: StatusLimitRow): UsageWindow {
  return { usedPercent: normalizePercent(row.usedPercent), windowMinutes: row.windowMinutes, resetsAt: row.resetsAt };
}

const LENGTH_LABEL: Record<string, string> = { daily: 'daily', weekly: 'weekly', monthly: 'monthly', annual: 'annual', '5h': '5h' };

/**
 * A main-bucket window that is neither the session nor the weekly one. The generic labels carry
 * no length, so they keep their own ids rather than collapsing into one "unknown" window.
 */
function mainExtra(row: StatusLimitRow, window: UsageWindow): ExtraWindow {
  if (row.length !== null) return extraWindow(`codex-${row.length}`, `Codex ${LENGTH_LABEL[row.length] ?? row.length}`, window);
  return row.secondary
    ? extraWindow('codex-secondary-usage', 'Codex secondary usage', window)
    : extraWindow('codex-usage', 'Codex usage', window);
}

/**
 * The parsed card as a UsageSnapshot (CONTRACT §3). Session and weekly are picked by the length
 * the label names (`5h limit`, `Weekly limit`), never by position; the TUI prints "% left", which
 * the parser has already turned into used percent.
 */
export function statusToSnapshot(status: ReadStatus): UsageSnapshot {
  const mainRows = status.rows.filter((r) => r.bucket === null);
  const mainWindows = mainRows.map((row) => ({ row, window: toWindow(row) }));
  const classified = classifyWindows(mainWindows.map((m) => m.window));
  const extras: ExtraWindow[] = mainWindows
    .filter((m) => m.window !== classified.session && m.window !== classified.weekly)
    .map((m) => mainExtra(m.row, m.window));

  const buckets = new Map<string, StatusLimitRow[]>();
  for (const row of status.rows) {
    if (row.bucket === null) continue;
    buckets.set(row.bucket, [...(buckets.get(row.bucket) ?? []), row]);
  }
  for (const [name, rows] of buckets) {
    extras.push(...bucketExtraWindows({ id: name, name, windows: rows.map(toWindow) }));
  }

  const warnings = [...status.warnings.map((w) => `Codex /status: ${w}`)];
  if (status.unreadableRows.length > 0) {
    warnings.push(`Some /status rows could not be read: ${status.unreadableRows.join('; ')}`);
  }
  return {
    account: status.account.account,
    session: classified.session,
    weekly: classified.weekly,
    extraWindows: uniqueById(extras),
    codeReview: null,
    credits: status.credits,
    monthlyLimit: status.monthlyLimit,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
