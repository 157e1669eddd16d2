import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusClass, statusText, statusTooltip, waybarOutput } from '../../shared/status-line.js';
import type { UsageReport } from '../../shared/usage-model.js';
import { failure, FIXTURE_NOW, plusReport, proEverythingReport } from '../renderer/popover-fixtures.js';

const withLeft = (sessionLeft: number | null, weeklyLeft: number | null): UsageReport =>
  plusReport(FIXTURE_NOW, {
    session: sessionLeft === null ? null : { usedPercent: 100 - sessionLeft, windowMinutes: 300, resetsAt: null },
    weekly: weeklyLeft === null ? null : { usedPercent: 100 - weeklyLeft, windowMinutes: 10080, resetsAt: null },
  });

test('the text is "% left" of the session and the weekly window, e.g. "5h 77% · wk 59%"', () => {
  assert.equal(statusText(plusReport()), '5h 77% · wk 59%');
  assert.equal(statusText(withLeft(null, 38)), 'wk 38%', 'a plan with only a weekly window shows that alone');
  assert.equal(statusText(withLeft(0.4, 100)), '5h <1% · wk 100%', 'a sliver never reads as 0 %');
  assert.equal(statusText(withLeft(null, null)), 'quota: no limits');
  assert.equal(statusText(failure('not_logged_in', 'Run `codex login`.')), 'quota: not logged in');
});

test('the class is warning at 20 % left or less in either main window, critical at 5 % or less, error on failure', () => {
  assert.equal(statusClass(withLeft(21, 90)), 'ok');
  assert.equal(statusClass(withLeft(90, 20)), 'warning');
  assert.equal(statusClass(withLeft(20.5, 90)), 'ok');
  assert.equal(statusClass(withLeft(5.5, 90)), 'warning');
  assert.equal(statusClass(withLeft(90, 5)), 'critical');
  assert.equal(statusClass(withLeft(0, 0)), 'critical');
  assert.equal(statusClass(withLeft(null, null)), 'ok');
  // Extra windows (Spark, code review) do not colour the bar.
  assert.equal(statusClass(plusReport(FIXTURE_NOW, { extraWindows: [{ id: 'x', label: 'X', usedPercent: 99, windowMinutes: 300, resetsAt: null }] })), 'ok');
  assert.equal(statusClass(failure()), 'error');
});

test('the tooltip lists every window with its reset as a clock time', () => {
  assert.equal(
    statusTooltip(proEverythingReport(), FIXTURE_NOW, 'UTC'),
    [
      'Codex · Pro · pro.user@example.com',
      'Session (5h): 38% left, resets 14:30',
      'Weekly: 12% left, resets Mon 15:00',
      'Codex Spark 5h: 97% left, resets 15:20',
      'Codex Spark weekly: 88% left, resets Fri 12:00',
      'Code review: 70% left, resets Tue 12:00',
    ].join('\n'),
  );
  // The same usage fetched an hour later gives the same tooltip, so `watch` prints no new line for it.
  assert.equal(statusTooltip(plusReport(), FIXTURE_NOW, 'UTC'), statusTooltip(plusReport(), new Date(FIXTURE_NOW.getTime() + 3_600_000), 'UTC'));
  assert.equal(statusTooltip(failure('timeout', 'Timed out after 10 s.'), FIXTURE_NOW), 'Timed out after 10 s.');
});

test('Waybar gets text, tooltip, class and the lowest % left of the two main windows as percentage', () => {
  const out = waybarOutput(proEverythingReport(), FIXTURE_NOW, 'UTC');
  assert.deepEqual(Object.keys(out), ['text', 'tooltip', 'class', 'percentage']);
  assert.equal(out.text, '5h 38% · wk 12%');
  assert.equal(out.class, 'warning');
  assert.equal(out.percentage, 12);
  assert.equal(waybarOutput(withLeft(87.5, 90), FIXTURE_NOW).percentage, 88);
  assert.equal(waybarOutput(withLeft(null, null), FIXTURE_NOW).percentage, 100);
  assert.deepEqual(waybarOutput(failure('server_error', 'ChatGPT answered 502.'), FIXTURE_NOW), {
    text: 'quota: server error',
    tooltip: 'ChatGPT answered 502.',
    class: 'error',
    percentage: 0,
  });
});
