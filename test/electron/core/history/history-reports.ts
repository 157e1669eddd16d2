import type { UsageReport } from '../../../../shared/usage-model.js';

export const H = 3_600_000;
export const DAY = 24 * H;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A successful report fetched at `at`, its session resetting `sessionResetsAt` (default: 2 h later). */
export function historyReport(
  at: number,
  opts: {
    accountId?: string | null;
    email?: string | null;
    session?: number | null;
    sessionResetsAt?: number | null;
    weekly?: number | null;
    weeklyResetsAt?: number;
  } = {},
): UsageReport {
  const session = opts.session === undefined ? 10 : opts.session;
  const weekly = opts.weekly === undefined ? 20 : opts.weekly;
  const sessionResetsAt = opts.sessionResetsAt === undefined ? at + 2 * H : opts.sessionResetsAt;
  return {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: iso(at),
    attempts: [],
    account: {
      email: opts.email === undefined ? 'a@example.com' : opts.email,
      plan: 'plus',
      accountId: opts.accountId === undefined ? 'acc-1' : opts.accountId,
    },
    session: session === null ? null : { usedPercent: session, windowMinutes: 300, resetsAt: sessionResetsAt === null ? null : iso(sessionResetsAt) },
    weekly: weekly === null ? null : { usedPercent: weekly, windowMinutes: 10080, resetsAt: iso(opts.weeklyResetsAt ?? at + 3 * DAY) },
    extraWindows: [],
    codeReview: null,
    credits: null,
    monthlyLimit: null,
  };
}
