import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusToSnapshot } from '../../../../../electron/core/usage/pty/status-snapshot.js';
import type { StatusLimitRow, StatusScreen } from '../../../../../electron/core/usage/pty/status-screen-parser.js';

type ReadStatus = Extract<StatusScreen, { kind: 'status' }>;

function row(partial: Partial<StatusLimitRow> & Pick<StatusLimitRow, 'label' | 'usedPercent'>): StatusLimitRow {
  return { bucket: null, length: null, secondary: false, windowMinutes: null, resetsAt: null, ...partial };
}

function status(partial: Partial<ReadStatus>): ReadStatus {
  return {
    kind: 'status',
    complete: true,
    rows: [],
    credits: null,
    monthlyLimit: null,
    account: { account: { email: null, plan: null, accountId: null }, apiKey: false },
    warnings: [],
    unreadableRows: [],
    ...partial,
  };
}

const FIVE_H = row({ label: '5h limit', length: '5h', windowMinutes: 300, usedPercent: 45, resetsAt: '2026-05-06T09:25:00.000Z' });
const WEEKLY = row({ label: 'Weekly limit', length: 'weekly', windowMinutes: 10080, usedPercent: 30, resetsAt: '2026-05-10T09:55:00.000Z' });

test('5h and weekly rows become session and weekly, with credits and account carried over', () => {
  const snapshot = statusToSnapshot(
    status({
      rows: [FIVE_H, WEEKLY],
      credits: { balance: 38, hasCredits: true, unlimited: false },
      account: { account: { email: 'a@example.com', plan: 'plus', accountId: null }, apiKey: false },
    }),
  );
  assert.deepEqual(snapshot, {
    account: { email: 'a@example.com', plan: 'plus', accountId: null },
    planFromDisplay: true,
    session: { usedPercent: 45, windowMinutes: 300, resetsAt: '2026-05-06T09:25:00.000Z' },
    weekly: { usedPercent: 30, windowMinutes: 10080, resetsAt: '2026-05-10T09:55:00.000Z' },
    extraWindows: [],
    codeReview: null,
    credits: { balance: 38, hasCredits: true, unlimited: false, approximate: true },
    monthlyLimit: null,
    warnings: ['Codex /status rounds credits to whole numbers: the balance is about 38, not exactly.'],
  });
});

test('a whole-number balance from the TUI is marked approximate, with a warning that says so', () => {
  const snapshot = statusToSnapshot(status({ rows: [FIVE_H], credits: { balance: 8, hasCredits: true, unlimited: false } }));
  assert.deepEqual(snapshot.credits, { balance: 8, hasCredits: true, unlimited: false, approximate: true });
  assert.deepEqual(snapshot.warnings, ['Codex /status rounds credits to whole numbers: the balance is about 8, not exactly.']);
});

test('a balance shown with decimals, and unlimited credits, are taken as they are', () => {
  const exact = statusToSnapshot(status({ rows: [FIVE_H], credits: { balance: 7.5, hasCredits: true, unlimited: false } }));
  assert.deepEqual(exact.credits, { balance: 7.5, hasCredits: true, unlimited: false });
  assert.equal(exact.warnings, undefined);
  const unlimited = statusToSnapshot(status({ rows: [FIVE_H], credits: { balance: null, hasCredits: true, unlimited: true } }));
  assert.deepEqual(unlimited.credits, { balance: null, hasCredits: true, unlimited: true });
  assert.equal(unlimited.warnings, undefined);
});

test('no Credits row (a free plan) says there are no credits, as the app-server does, rather than null', () => {
  const snapshot = statusToSnapshot(status({ rows: [WEEKLY] }));
  assert.deepEqual(snapshot.credits, { balance: null, hasCredits: false, unlimited: false });
});

test('a plan read from the Account row is marked as coming from a display name; no plan, no mark', () => {
  const withPlan = statusToSnapshot(status({ rows: [FIVE_H], account: { account: { email: null, plan: 'pro', accountId: null }, apiKey: false } }));
  assert.equal(withPlan.planFromDisplay, true);
  assert.equal(statusToSnapshot(status({ rows: [FIVE_H] })).planFromDisplay, undefined);
});

test('windows are classified by the length their label names, not by their order', () => {
  const snapshot = statusToSnapshot(status({ rows: [WEEKLY, FIVE_H] }));
  assert.equal(snapshot.session?.usedPercent, 45);
  assert.equal(snapshot.weekly?.usedPercent, 30);
});

test('a plan with only a weekly window has no session', () => {
  const snapshot = statusToSnapshot(status({ rows: [WEEKLY] }));
  assert.equal(snapshot.session, null);
  assert.equal(snapshot.weekly?.usedPercent, 30);
});

test('generic "Usage limit" windows are extra windows with distinct ids and no invented length', () => {
  const snapshot = statusToSnapshot(
    status({
      rows: [
        row({ label: 'Usage limit', usedPercent: 35, resetsAt: '2026-05-07T07:08:00.000Z' }),
        row({ label: 'Secondary usage limit', secondary: true, usedPercent: 50, resetsAt: '2026-05-08T07:08:00.000Z' }),
      ],
    }),
  );
  assert.equal(snapshot.session, null);
  assert.equal(snapshot.weekly, null);
  assert.deepEqual(snapshot.extraWindows, [
    { id: 'codex-usage', label: 'Codex usage', usedPercent: 35, windowMinutes: null, resetsAt: '2026-05-07T07:08:00.000Z' },
    { id: 'codex-secondary-usage', label: 'Codex secondary usage', usedPercent: 50, windowMinutes: null, resetsAt: '2026-05-08T07:08:00.000Z' },
  ]);
});

test('a daily main window is an extra window named by its length', () => {
  const snapshot = statusToSnapshot(status({ rows: [FIVE_H, row({ label: 'Daily limit', length: 'daily', windowMinutes: 1440, usedPercent: 12 })] }));
  assert.deepEqual(
    snapshot.extraWindows.map((w) => [w.id, w.label, w.windowMinutes]),
    [['codex-daily', 'Codex daily', 1440]],
  );
});

test('a Spark bucket gets the same ids as the other sources give it', () => {
  const snapshot = statusToSnapshot(
    status({
      rows: [
        FIVE_H,
        WEEKLY,
        row({ label: '5h limit', bucket: 'GPT-5.3-Codex-Spark', length: '5h', windowMinutes: 300, usedPercent: 3 }),
        row({ label: 'Weekly limit', bucket: 'GPT-5.3-Codex-Spark', length: 'weekly', windowMinutes: 10080, usedPercent: 9 }),
      ],
    }),
  );
  assert.equal(snapshot.session?.usedPercent, 45, "the bucket's 5h window never replaces the main session");
  assert.deepEqual(
    snapshot.extraWindows.map((w) => [w.id, w.label, w.usedPercent]),
    [
      ['codex-spark-session', 'Codex Spark 5h', 3],
      ['codex-spark-weekly', 'Codex Spark weekly', 9],
    ],
  );
});

test("Codex's warnings and unreadable rows are reported as warnings", () => {
  const snapshot = statusToSnapshot(
    status({ rows: [FIVE_H], warnings: ['limits may be stale - start new turn to refresh.'], unreadableRows: ['Weekly limit: [███]'] }),
  );
  assert.deepEqual(snapshot.warnings, [
    'Codex /status: limits may be stale - start new turn to refresh.',
    'Some /status rows could not be read: Weekly limit: [███]',
  ]);
});

test('used percent stays within 0–100', () => {
  const snapshot = statusToSnapshot(status({ rows: [row({ label: '5h limit', length: '5h', windowMinutes: 300, usedPercent: 130 })] }));
  assert.equal(snapshot.session?.usedPercent, 100);
});
