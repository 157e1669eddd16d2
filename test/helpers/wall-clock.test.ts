// The helpers that keep end-to-end tests right at any instant, checked at the instants that broke them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { earlierTodayUtc, startOfUtcDay } from './wall-clock.js';
import { SHIFTED_CLOCK_PRELOAD } from './shifted-clock-env.js';

test('"a minute ago" just after midnight stays on the same UTC day', () => {
  const justAfter = Date.parse('2026-11-22T00:00:20.000Z');
  assert.equal(earlierTodayUtc(justAfter, 60_000).toISOString(), '2026-11-22T00:00:00.000Z');
  assert.equal(earlierTodayUtc(Date.parse('2026-11-22T15:00:00.000Z'), 60_000).toISOString(), '2026-11-22T14:59:00.000Z');
  assert.equal(startOfUtcDay(Date.parse('2028-02-29T23:59:59.999Z')), Date.parse('2028-02-29T00:00:00.000Z'));
});

test('a process preloaded with the shifted clock reads the shifted time, and dates it is given stay as given', () => {
  // From the real clock (performance's), so this holds also when the run itself is shifted.
  const offset = Date.parse('2031-01-01T00:00:20.000Z') - (performance.timeOrigin + performance.now());
  const run = spawnSync(
    process.execPath,
    ['--import', SHIFTED_CLOCK_PRELOAD, '-e', 'console.log(JSON.stringify([new Date().toISOString(), Date.now(), new Date(0).toISOString()]))'],
    { env: { PATH: process.env.PATH, QUOTABAR_TEST_CLOCK_OFFSET_MS: String(offset) }, encoding: 'utf8' },
  );
  const [iso, now, epoch] = JSON.parse(run.stdout) as [string, number, string];
  assert.match(iso, /^2031-01-01T00:0/);
  assert.ok(Math.abs(now - Date.parse(iso)) < 1000);
  assert.equal(epoch, '1970-01-01T00:00:00.000Z');
});
