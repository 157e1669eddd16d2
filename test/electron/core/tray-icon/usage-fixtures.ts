import type { UsageReport } from '../../../../shared/usage-model.js';

/** A Plus report taken at 2026-03-06T11:59Z: session 28 % used (resets 14:05), weekly 59 % used. */
export function report(overrides: Partial<UsageReport> = {}): UsageReport {
  return {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: '2026-03-06T11:59:00.000Z',
    attempts: [],
    account: { email: null, plan: 'plus', accountId: null },
    session: { usedPercent: 28, windowMinutes: 300, resetsAt: '2026-03-06T14:05:00.000Z' },
    weekly: { usedPercent: 59, windowMinutes: 10080, resetsAt: '2026-03-13T09:00:00.000Z' },
    extraWindows: [],
    codeReview: null,
    credits: null,
    monthlyLimit: null,
    ...overrides,
  };
}
