import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastRunOut } from '../../shared/burn-rate.js';
import { describeRunOut } from '../../shared/pace.js';
import type { HistorySample } from '../../shared/usage-history.js';

const NOW = Date.parse('2032-02-29T23:30:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const RESET = iso(NOW + 180 * MIN); // the session resets in 3 h
const sample = (minutesAgo: number, usedPercent: number, resetsAt = RESET): HistorySample => ({ at: iso(NOW - minutesAgo * MIN), usedPercent, resetsAt });
const session = (usedPercent: number, resetsAt = RESET) => ({ usedPercent, windowMinutes: 300, resetsAt });

test('the burn rate is the rise over the last fifth of the window, and says when that runs the window out', () => {
  // Lookback 60 min of 300: at 60 min ago usage was 20 (the sample at 60 min ago), now 50: 30 %/h.
  // 50 % left at 30 %/h is 100 minutes, before the reset in 180: shown.
  const history = [sample(120, 5), sample(90, 10), sample(60, 20), sample(30, 35)];
  const burn = forecastRunOut(session(50), history, new Date(NOW));
  assert.ok(burn !== null);
  assert.equal(burn.percentPerHour, 30);
  assert.equal(burn.runsOutInMs, 100 * MIN);
  assert.equal(describeRunOut(null, new Date(NOW), burn), 'Runs out in 1h 40m');
});

test('a rate that lasts past the reset gives no run-out, and says nothing', () => {
  // Now 40: a rise of 20 in 60 min is 20 %/h; 60 % left lasts 3 h, exactly until the reset: not shown.
  const burn = forecastRunOut(session(40), [sample(90, 10), sample(60, 20), sample(30, 35)], new Date(NOW));
  assert.deepEqual(burn, { percentPerHour: 20, runsOutInMs: null });
  assert.equal(describeRunOut(null, new Date(NOW), burn), null);
});

test('only the current period counts: a reset inside the lookback starts the slope at the reset', () => {
  const oldReset = iso(NOW - 40 * MIN);
  // 90 % before the reset 40 min ago; since then 0 → 12 in 40 min: 18 %/h; 88 % left is 293⅓ min, past the reset.
  const history = [sample(70, 90, oldReset), sample(40, 0), sample(10, 9)];
  const burn = forecastRunOut(session(12), history, new Date(NOW));
  assert.ok(burn !== null);
  assert.equal(burn.percentPerHour, 18);
  assert.equal(burn.runsOutInMs, null);
});

test('no forecast without enough history, without a rise, or without a reset time', () => {
  assert.equal(forecastRunOut(session(30), [sample(5, 10)], new Date(NOW)), null, '5 minutes of a 5-hour window is under 3 %');
  assert.equal(forecastRunOut(session(30), [sample(60, 30)], new Date(NOW)), null, 'flat');
  assert.equal(forecastRunOut(session(30), [], new Date(NOW)), null);
  assert.equal(forecastRunOut({ usedPercent: 30, windowMinutes: 300, resetsAt: null }, [sample(60, 10)], new Date(NOW)), null);
});
