import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReset } from '../../shared/reset-rule.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

test('a drop after the previous reset time has passed is a reset', () => {
  assert.equal(isReset({ usedPercent: 80, resetsAt: iso(T0 + H) }, { usedPercent: 3, resetsAt: iso(T0 + 6 * H) }, new Date(T0 + H + 60_000)), true);
  // A slow source may still report the old reset time: the drop after it passed is still the reset.
  assert.equal(isReset({ usedPercent: 80, resetsAt: iso(T0 + H) }, { usedPercent: 0, resetsAt: iso(T0 + H) }, new Date(T0 + H + 60_000)), true);
});

test('a drop that comes with a new reset time before the old one passed is an early reset', () => {
  assert.equal(isReset({ usedPercent: 60, resetsAt: iso(T0 + 3 * H) }, { usedPercent: 0, resetsAt: iso(T0 + 5 * H) }, new Date(T0)), true);
});

test('a reset time that drifts while usage does not drop (a window not yet started) is no reset', () => {
  assert.equal(isReset({ usedPercent: 0, resetsAt: iso(T0 + 5 * H) }, { usedPercent: 0, resetsAt: iso(T0 + 5 * H + 60 * 60_000) }, new Date(T0 + H)), false);
  assert.equal(isReset({ usedPercent: 40, resetsAt: iso(T0 + H) }, { usedPercent: 45, resetsAt: iso(T0 + 6 * H) }, new Date(T0 + 2 * H)), false, 'usage rose');
});

test('a drop while the reset time stays the same (a dip) is no reset, nor is a minute of source jitter', () => {
  assert.equal(isReset({ usedPercent: 50, resetsAt: iso(T0 + H) }, { usedPercent: 20, resetsAt: iso(T0 + H) }, new Date(T0)), false);
  assert.equal(isReset({ usedPercent: 50, resetsAt: iso(T0 + H) }, { usedPercent: 20, resetsAt: iso(T0 + H + 60_000) }, new Date(T0)), false);
  assert.equal(isReset({ usedPercent: 50, resetsAt: null }, { usedPercent: 20, resetsAt: null }, new Date(T0)), false);
});
