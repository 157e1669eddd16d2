import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderUsageText } from '../../../electron/cli/usage-text.js';
import type { UsageReport } from '../../../shared/usage-model.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');

function report(partial: Partial<UsageReport>): UsageReport {
  return {
    schemaVersion: 1,
    source: 'pty',
    sources: ['pty'],
    fetchedAt: NOW.toISOString(),
    account: { email: 'a@example.com', plan: 'pro', accountId: null },
    session: { usedPercent: 23, windowMinutes: 300, resetsAt: '2026-11-21T21:05:00.000Z' },
    weekly: null,
    extraWindows: [],
    codeReview: null,
    credits: null,
    monthlyLimit: null,
    attempts: [{ source: 'pty', ok: true, ms: 5, error: null }],
    ...partial,
  };
}

const creditsLine = (text: string) => text.split('\n').find((l) => l.startsWith('Credits'));

test('a balance the TUI rounded is printed as about that many credits', () => {
  const text = renderUsageText(report({ credits: { balance: 8, hasCredits: true, unlimited: false, approximate: true } }), NOW);
  assert.match(creditsLine(text) ?? '', /^Credits\s+≈ 8 credits$/);
});

test('an exact balance is printed as it is', () => {
  const text = renderUsageText(report({ source: 'rpc', sources: ['rpc'], credits: { balance: 7.5, hasCredits: true, unlimited: false } }), NOW);
  assert.match(creditsLine(text) ?? '', /^Credits\s+7\.5 credits$/);
});

test('a reached limit is printed as a warning line a person can act on', () => {
  const warning = 'Your workspace is out of credits. Ask your workspace owner to add more to continue.';
  const text = renderUsageText(report({ warnings: [warning] }), NOW);
  assert.ok(text.split('\n').includes(`Warning: ${warning}`), text);
});

test('reset credits get a line with the count and when the next one expires; none reported, no line', () => {
  const credit = { id: 'rc-1', status: 'available', grantedAt: null, expiresAt: '2026-11-24T20:00:00.000Z', title: null };
  const text = renderUsageText(report({ resetCredits: { available: 2, credits: [credit, { ...credit, id: 'rc-2', expiresAt: null }] } }), NOW);
  assert.ok(text.split('\n').includes('Reset credits  2 (next expires in 3 days)'), text);
  assert.ok(!renderUsageText(report({}), NOW).includes('Reset credits'));
});
