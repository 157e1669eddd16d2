import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountsReport, AccountUsage } from '../../shared/accounts-model.js';
import { accountsWaybarOutput, accountStatusLine } from '../../shared/accounts-status-line.js';
import type { UsageReport, UsageResult } from '../../shared/usage-model.js';
import { failure, FIXTURE_NOW, plusReport } from '../renderer/popover-fixtures.js';

const withLeft = (sessionLeft: number | null, weeklyLeft: number | null): UsageReport =>
  plusReport(FIXTURE_NOW, {
    session: sessionLeft === null ? null : { usedPercent: 100 - sessionLeft, windowMinutes: 300, resetsAt: null },
    weekly: weeklyLeft === null ? null : { usedPercent: 100 - weeklyLeft, windowMinutes: 10080, resetsAt: null },
  });

const account = (label: string, usage: UsageResult): AccountUsage => ({ id: `id-${label}`, label, origin: 'codex-home', email: null, usage });
const report = (...accounts: AccountUsage[]): AccountsReport => ({ schemaVersion: 1, accounts });

test('each account line is the label, then the one-account text', () => {
  assert.equal(accountStatusLine(account('Work', withLeft(63, 19))), 'Work: 5h 63% · wk 19%');
  assert.equal(accountStatusLine(account('Home', failure('token_stale', 'Run CCS.'))), 'Home: quota: token stale');
});

test('the Waybar text and percentage follow the account with the least left; the first one wins a tie', () => {
  const out = accountsWaybarOutput(report(account('A', withLeft(50, 40)), account('B', withLeft(12, 90)), account('C', withLeft(80, 12))), FIXTURE_NOW, 'UTC');
  assert.equal(out.text, 'B: 5h 12% · wk 90%');
  assert.equal(out.percentage, 12);
  assert.equal(out.class, 'warning');
});

test('the class is the worst of the accounts that have usage; a failed one does not make it error', () => {
  const out = accountsWaybarOutput(
    report(account('Down', failure('server_error', 'The server failed.')), account('Fine', withLeft(90, 90)), account('Low', withLeft(4, 60))),
    FIXTURE_NOW,
    'UTC',
  );
  assert.equal(out.class, 'critical');
  assert.equal(out.text, 'Low: 5h 4% · wk 60%');
  assert.match(out.tooltip, /^Down\nThe server failed\.\n\nFine · Plus/);
  const noLimits = accountsWaybarOutput(report(account('Free', withLeft(null, null)), account('Ok', withLeft(70, 70))), FIXTURE_NOW, 'UTC');
  assert.equal(noLimits.text, 'Ok: 5h 70% · wk 70%', 'an account without main windows counts as all left');
  assert.equal(noLimits.class, 'ok');
});

test('the class is error, the percentage 0, only when every account failed', () => {
  const out = accountsWaybarOutput(
    report(account('A', failure('unauthorized', 'Sign in.')), account('B', failure('timeout', 'Too slow.'))),
    FIXTURE_NOW,
    'UTC',
  );
  assert.deepEqual(out, { text: 'A: quota: unauthorized', tooltip: 'A\nSign in.\n\nB\nToo slow.', class: 'error', percentage: 0 });
});
