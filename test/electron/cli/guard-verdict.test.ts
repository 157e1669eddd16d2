import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardVerdict } from '../../../electron/cli/guard-verdict.js';
import type { UsageReport } from '../../../shared/usage-model.js';
import { FIXTURE_NOW, plusReport } from '../../renderer/popover-fixtures.js';

// plusReport: session 77 % left (resets in 2h 5m, 14:05 UTC), weekly 59 % left (resets in 4d 21h).
const report = plusReport();

test('exactly the threshold left is enough; a hair less is below', () => {
  assert.equal(guardVerdict(report, 59, 'any', FIXTURE_NOW, 'UTC').kind, 'enough');
  assert.equal(guardVerdict(report, 59.5, 'any', FIXTURE_NOW, 'UTC').kind, 'below');
  assert.equal(guardVerdict(report, 0, 'any', FIXTURE_NOW, 'UTC').kind, 'enough');
});

test('"any" is decided by the window with the least left, and the line names it and its reset', () => {
  assert.deepEqual(guardVerdict(report, 60, 'any', FIXTURE_NOW, 'UTC'), {
    kind: 'below',
    line: 'quotabar guard: weekly window has 59% left (below 60%); it resets in 4d 21h (Thu 09:00).',
  });
  assert.deepEqual(guardVerdict(report, 60, 'session', FIXTURE_NOW, 'UTC'), {
    kind: 'enough',
    line: 'quotabar guard: session window has 77% left (at least 60%); it resets in 2h 5m (14:05).',
  });
  assert.equal(guardVerdict(report, 80, 'session', FIXTURE_NOW, 'UTC').kind, 'below');
});

test('a window the plan does not have cannot be checked, and says which to use instead', () => {
  const weeklyOnly: UsageReport = { ...report, session: null };
  const verdict = guardVerdict(weeklyOnly, 10, 'session', FIXTURE_NOW, 'UTC');
  assert.equal(verdict.kind, 'no-window');
  assert.match(verdict.line, /no session window.*--window weekly/);
  assert.equal(guardVerdict(weeklyOnly, 10, 'any', FIXTURE_NOW, 'UTC').kind, 'enough', 'any checks the windows there are');
  assert.equal(guardVerdict({ ...report, session: null, weekly: null }, 10, 'any', FIXTURE_NOW, 'UTC').kind, 'no-window');
});

test('a window without a reset time says so', () => {
  const noReset: UsageReport = { ...report, weekly: { usedPercent: 95, windowMinutes: 10080, resetsAt: null } };
  assert.equal(guardVerdict(noReset, 10, 'weekly', FIXTURE_NOW, 'UTC').line, 'quotabar guard: weekly window has 5% left (below 10%); no reset time reported.');
});
