// The usage history of interface §8: what `quotabar history --json` prints, `/api/history` serves and the
// popover charts. Pure types and functions, shared by the Node core and the browser renderer.

import { isReset } from './reset-rule.js';
import type { UsageReport, UsageWindow } from './usage-model.js';

export interface HistorySample {
  /** When this reading was first seen (unchanged readings after it are stored once). */
  at: string;
  usedPercent: number;
  resetsAt: string | null;
}

export interface HistoryReset {
  /** The time of the first sample that shows the reset. */
  at: string;
  usedPercentBefore: number;
}

export interface HistoryWindow {
  /** `session`, `weekly`, `codeReview`, or an extra window's id. */
  id: string;
  windowMinutes: number | null;
  /** Oldest first. */
  samples: HistorySample[];
  resets: HistoryReset[];
}

export interface HistoryAccount {
  accountId: string | null;
  email: string | null;
  windows: HistoryWindow[];
}

export interface HistoryReport {
  schemaVersion: 1;
  accounts: HistoryAccount[];
}

export const DEFAULT_HISTORY_DAYS = 7;

/** Every window of a report under its history id, main windows first. */
export function windowsOfReport(report: Pick<UsageReport, 'session' | 'weekly' | 'codeReview' | 'extraWindows'>): Array<{ id: string; window: UsageWindow }> {
  const out: Array<{ id: string; window: UsageWindow }> = [];
  if (report.session !== null) out.push({ id: 'session', window: report.session });
  if (report.weekly !== null) out.push({ id: 'weekly', window: report.weekly });
  if (report.codeReview !== null) out.push({ id: 'codeReview', window: report.codeReview });
  for (const extra of report.extraWindows) {
    if (!out.some((w) => w.id === extra.id))
      out.push({ id: extra.id, window: { usedPercent: extra.usedPercent, windowMinutes: extra.windowMinutes, resetsAt: extra.resetsAt } });
  }
  return out;
}

/**
 * The resets among `samples` (oldest first), each at the first sample showing it. `before` is the sample
 * just before the first one, when there is one, so a reset at the start of a range is not missed.
 */
export function detectResets(samples: readonly HistorySample[], before: HistorySample | null = null): HistoryReset[] {
  const resets: HistoryReset[] = [];
  let previous = before;
  for (const sample of samples) {
    if (previous !== null && isReset(previous, sample, new Date(sample.at))) resets.push({ at: sample.at, usedPercentBefore: previous.usedPercent });
    previous = sample;
  }
  return resets;
}
