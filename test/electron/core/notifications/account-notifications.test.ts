import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountEntry } from '../../../../shared/quotabar-api.js';
import { defaultSettings } from '../../../../shared/settings-model.js';
import type { UsageReport } from '../../../../shared/usage-model.js';
import {
  initialAccountsPlannerState,
  notificationInputs,
  planAccountsNotifications,
  type AccountReport,
  type AccountsPlannerState,
} from '../../../../electron/core/notifications/account-notifications.js';
import { failure } from '../../../renderer/popover-fixtures.js';

const T0 = Date.parse('2026-03-06T12:00:00.000Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const R1 = iso(T0 + 2 * H);
const R2 = iso(T0 + 7 * H);
const W1 = iso(T0 + 3 * 24 * H);

function rep(accountId: string, sessionUsed: number, at: number, sessionReset = R1): UsageReport {
  return {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: iso(at),
    attempts: [],
    account: { email: `${accountId}@example.com`, plan: 'plus', accountId },
    session: { usedPercent: sessionUsed, windowMinutes: 300, resetsAt: sessionReset },
    weekly: { usedPercent: 30, windowMinutes: 10080, resetsAt: W1 },
    extraWindows: [],
    codeReview: null,
    credits: null,
    monthlyLimit: null,
  };
}

function plan(previous: AccountsPlannerState, reports: AccountReport[], at: number) {
  return planAccountsNotifications({ previous, reports, settings: defaultSettings(), now: new Date(at) });
}

test('with more than one account each notification names its account, and ids differ per account', () => {
  const { notifications } = plan(
    initialAccountsPlannerState(),
    [
      { label: 'Work', report: rep('acc-work', 85, T0) },
      { label: 'carol@example.com', report: rep('acc-carol', 100, T0) },
    ],
    T0,
  );
  assert.deepEqual(
    notifications.map((n) => n.title),
    ['Codex session quota low (Work)', 'Codex session depleted (carol@example.com)'],
  );
  assert.equal(new Set(notifications.map((n) => n.id)).size, 2);
  assert.ok(notifications.every((n) => n.id.startsWith('acc-')));
});

test('one account alone keeps the plain texts', () => {
  const { notifications } = plan(initialAccountsPlannerState(), [{ label: '', report: rep('acc-1', 85, T0) }], T0);
  assert.deepEqual(
    notifications.map((n) => n.title),
    ['Codex session quota low'],
  );
  assert.match(notifications[0]?.id ?? '', /^threshold:session:20:/);
});

test('each account keeps its own memory: one account’s reset never restores or re-warns another', () => {
  const first = plan(
    initialAccountsPlannerState(),
    [
      { label: 'A', report: rep('acc-a', 100, T0) },
      { label: 'B', report: rep('acc-b', 10, T0) },
    ],
    T0,
  );
  assert.deepEqual(
    first.notifications.map((n) => n.title),
    ['Codex session depleted (A)'],
  );
  // B is fine and A still out: nothing new, though the "shown" account is now B.
  const second = plan(
    first.state,
    [
      { label: 'A', report: rep('acc-a', 100, T0 + 60_000) },
      { label: 'B', report: rep('acc-b', 12, T0 + 60_000) },
    ],
    T0 + 60_000,
  );
  assert.deepEqual(second.notifications, []);
  // A's window really resets: A is restored, B untouched.
  const after = Date.parse(R1) + 60_000;
  const third = plan(
    second.state,
    [
      { label: 'A', report: rep('acc-a', 0, after, R2) },
      { label: 'B', report: rep('acc-b', 12, after) },
    ],
    after,
  );
  assert.deepEqual(
    third.notifications.map((n) => n.title),
    ['Codex session restored (A)'],
  );
});

test('a report already planned is not planned again when the state repeats it', () => {
  const reports = [
    { label: 'A', report: rep('acc-a', 85, T0) },
    { label: 'B', report: rep('acc-b', 10, T0) },
  ];
  const first = plan(initialAccountsPlannerState(), reports, T0);
  assert.equal(first.notifications.length, 1);
  const again = plan(first.state, reports, T0 + 3 * H);
  assert.deepEqual(again.notifications, []);
  assert.deepEqual(again.state, first.state);
});

test('the reports planned are every account’s successful one, or the shown one alone when there is one account', () => {
  const a = rep('acc-a', 10, T0);
  const entry = (id: string, usage: AccountEntry['usage']): AccountEntry => ({ id, label: id, origin: 'ccs', email: null, usage, lastGoodUsage: null });
  assert.deepEqual(notificationInputs({ usage: a, accounts: [] }), [{ label: '', report: a }]);
  assert.deepEqual(notificationInputs({ usage: failure(), accounts: [] }), []);
  assert.deepEqual(notificationInputs({ usage: a, accounts: [entry('x', a), entry('y', failure()), entry('z', null)] }), [{ label: 'x', report: a }]);
});
