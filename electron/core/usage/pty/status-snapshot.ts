import type { Credits, ExtraWindow, UsageSnapshot, UsageWindow } from '../../../../shared/usage-model.js';
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
  return row.secondary ? extraWindow('codex-secondary-usage', 'Codex secondary usage', window) : extraWindow('codex-usage', 'Codex usage', window);
}

/**
 * Credits as the other sources report them. The TUI prints whole credits (7.5 → "8 credits"), so a
 * whole number is only about right; and it leaves the row out when there are none, where the
 * app-server says `{hasCredits: false}`.
 */
function statusCredits(credits: Credits | null): { credits: Credits; warning: string | null } {
  if (credits === null) return { credits: { balance: null, hasCredits: false, unlimited: false }, warning: null };
  if (credits.unlimited || credits.balance === null || !Number.isInteger(credits.balance)) return { credits, warning: null };
  return {
    credits: { ...credits, approximate: true },
    warning: `Codex /status rounds credits to whole numbers: the balance is about ${credits.balance}, not exactly.`,
  };
}

/**
 * The parsed card as a UsageSnapshot (interface §3). Session and weekly are picked by the length
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

  const credits = statusCredits(status.credits);
  const warnings = [...status.warnings.map((w) => `Codex /status: ${w}`)];
  if (credits.warning !== null) warnings.push(credits.warning);
  if (status.unreadableRows.length > 0) {
    warnings.push(`Some /status rows could not be read: ${status.unreadableRows.join('; ')}`);
  }
  return {
    account: status.account.account,
    ...(status.account.account.plan !== null ? { planFromDisplay: true } : {}),
    session: classified.session,
    weekly: classified.weekly,
    extraWindows: uniqueById(extras),
    codeReview: null,
    credits: credits.credits,
    monthlyLimit: status.monthlyLimit,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
