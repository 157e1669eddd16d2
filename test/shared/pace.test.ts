import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computePace, describePaceDelta, describeRunOut, paceStage } from '../../shared/pace.js';
import type { UsageWindow } from '../../shared/usage-model.js';

const now = new Date('2026-11-21T12:00:00.000Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();

function sessionWindow(usedPercent: number, resetsInHours: number): UsageWindow {
  return { usedPercent, windowMinutes: 300, resetsAt: hours(resetsInHours) };
}

test('the expected usage is the elapsed share of the window', () => {
  // 5 h window resetting in 3 h: 2 h of 5 elapsed = 40 %.
  const pace = computePace(sessionWindow(40, 3), now);
  assert.ok(pace);
  assert.equal(Math.round(pace.expectedUsedPercent), 40);
  assert.equal(pace.stage, 'on-track');
  assert.equal(describePaceDelta(pace), 'On pace');
  assert.equal(describeRunOut(pace, now), null);
});

test('spending faster than even reports the deficit and when the window runs out', () => {
  // 60 % used after 2 h: 30 %/h, so the last 40 % lasts 1h 20m, before the reset in 3 h.
  const pace = computePace(sessionWindow(60, 3), now);
  assert.ok(pace);
  assert.equal(Math.round(pace.deltaPercent), 20);
  assert.equal(pace.stage, 'far-ahead');
  assert.equal(describePaceDelta(pace), '20% in deficit');
  assert.equal(Math.round((pace.runsOutInMs ?? 0) / 60_000), 80);
  assert.equal(describeRunOut(pace, now), 'Runs out in 1h 20m');
});

test('a small deficit still projects a run-out time; on pace projects nothing', () => {
  // 55 % after 2.5 h of 5 (50 % expected): 22 %/h, so the last 45 % lasts 2h 3m, just before the reset.
  const ahead = computePace(sessionWindow(55, 2.5), now);
  assert.ok(ahead);
  assert.equal(ahead.stage, 'slightly-ahead');
  assert.equal(describeRunOut(ahead, now), 'Runs out in 2h 3m');
  const even = computePace(sessionWindow(51, 2.5), now);
  assert.ok(even);
  assert.equal(even.stage, 'on-track');
  assert.equal(even.runsOutInMs, null);
  assert.equal(even.lastsUntilReset, false);
});

test('spending slower than even is a reserve', () => {
  const pace = computePace({ usedPercent: 10, windowMinutes: 10080, resetsAt: hours(84) }, now);
  assert.ok(pace);
  assert.equal(Math.round(pace.expectedUsedPercent), 50);
  assert.equal(pace.stage, 'far-behind');
  assert.equal(describePaceDelta(pace), '40% in reserve');
  assert.equal(describeRunOut(pace, now), 'Lasts until reset');
});

test('no pace is shown when it cannot be judged', () => {
  assert.equal(computePace({ usedPercent: 10, windowMinutes: null, resetsAt: hours(1) }, now), null, 'no window length');
  assert.equal(computePace({ usedPercent: 10, windowMinutes: 300, resetsAt: null }, now), null, 'no reset time');
  assert.equal(computePace(sessionWindow(10, -1), now), null, 'reset already passed');
  assert.equal(computePace(sessionWindow(1, 4.95), now), null, 'under 3 % of the window elapsed');
  assert.equal(computePace(sessionWindow(10, 40), now), null, 'reset further away than the window is long');
  assert.equal(computePace(sessionWindow(100, 2), now), null, 'already used up');
  assert.equal(computePace({ usedPercent: 10, windowMinutes: 300, resetsAt: 'not a date' }, now), null, 'bad date');
});

test('pace stages follow the 2/6/12 point bands on both sides', () => {
  assert.deepEqual([0, 2, 2.5, 6, 7, 12, 13, -2, -3, -6.5, -12, -20].map(paceStage), [
    'on-track',
    'on-track',
    'slightly-ahead',
    'slightly-ahead',
    'ahead',
    'ahead',
    'far-ahead',
    'on-track',
    'slightly-behind',
    'behind',
    'behind',
    'far-behind',
  ]);
});

test('a run-out less than a minute away still reads as a countdown', () => {
  // 98 % used after 4 h 59 m: the last 2 % would go in about 6 minutes, the reset is 1 minute away.
  const pace = computePace(sessionWindow(99.9, 0.5), now);
  assert.ok(pace);
  assert.match(describeRunOut(pace, now) ?? '', /^Runs out in \d+m$/);
});
