import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResetText } from '../../../../../electron/core/usage/pty/reset-time.js';

/** Runs `fn` with the process in another time zone (Node re-reads TZ when it is assigned). */
function inZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    process.env.TZ = before;
  }
}

const NOW = new Date('2026-05-06T08:00:00.000Z'); // the runner's zone is UTC

test('a time later today is today', () => {
  assert.equal(parseResetText('09:25', NOW), '2026-05-06T09:25:00.000Z');
});

test('a time already past today is tomorrow', () => {
  assert.equal(parseResetText('03:14', NOW), '2026-05-07T03:14:00.000Z');
});

test('the minute Codex truncated to stays today for up to a minute', () => {
  const now = new Date('2026-05-06T09:25:40.000Z');
  assert.equal(parseResetText('09:25', now), '2026-05-06T09:25:00.000Z');
  assert.equal(parseResetText('09:24', now), '2026-05-07T09:24:00.000Z');
});

test('"HH:MM on D Mon" and "HH:MM on Mon D" are dates of this year', () => {
  assert.equal(parseResetText('07:08 on 7 May', NOW), '2026-05-07T07:08:00.000Z');
  assert.equal(parseResetText('07:08 on May 7', NOW), '2026-05-07T07:08:00.000Z');
  assert.equal(parseResetText('04:01 on 27 Nov', NOW), '2026-11-27T04:01:00.000Z');
});

test('a date without a year that has passed is next year', () => {
  const now = new Date('2026-12-30T22:00:00.000Z');
  assert.equal(parseResetText('01:00 on 2 Jan', now), '2027-01-02T01:00:00.000Z');
});

test('a dated reset only hours in the past (stale limits) is not pushed a year ahead', () => {
  const now = new Date('2026-05-07T09:00:00.000Z');
  assert.equal(parseResetText('07:08 on 7 May', now), '2026-05-07T07:08:00.000Z');
});

test("a window's length bounds the roll-over: a 5 h reset just past is not tomorrow, a weekly one may be", () => {
  const now = new Date('2026-05-06T09:30:00.000Z');
  assert.equal(parseResetText('09:25', now, 300), '2026-05-06T09:25:00.000Z');
  assert.equal(parseResetText('09:25', now, 10080), '2026-05-07T09:25:00.000Z');
  assert.equal(parseResetText('09:25', now), '2026-05-07T09:25:00.000Z', 'no known length: tomorrow');
  assert.equal(parseResetText('03:00', new Date('2026-05-06T23:00:00.000Z'), 300), '2026-05-07T03:00:00.000Z', 'within 5 h: tomorrow');
});

test('a monthly window does not roll a date a few days past into next year', () => {
  const now = new Date('2026-05-10T12:00:00.000Z');
  assert.equal(parseResetText('07:08 on 7 May', now, 43200), '2026-05-07T07:08:00.000Z');
  assert.equal(parseResetText('07:08 on 7 May', now), '2027-05-07T07:08:00.000Z');
});

test('12-hour clock times are understood', () => {
  assert.equal(parseResetText('9:05 PM', NOW), '2026-05-06T21:05:00.000Z');
  assert.equal(parseResetText('12:30 am on 8 May', NOW), '2026-05-08T00:30:00.000Z');
});

test('shapes Codex never prints give null rather than a wrong time', () => {
  for (const text of ['soon', '25:00', '10:61', '07:08 on 31 Feb', '07:08 on 7 Foo', '', 'in 2h']) {
    assert.equal(parseResetText(text, NOW), null, text);
  }
});

test('times are read in the local time zone, including half-hour offsets', () => {
  const iso = inZone('Asia/Kolkata', () => parseResetText('09:25', new Date('2026-05-06T02:00:00.000Z')));
  assert.equal(iso, '2026-05-06T03:55:00.000Z');
});

test('rolling to tomorrow across a daylight-saving change keeps the wall-clock time', () => {
  // 22:00 CET on 28 March 2026; clocks go forward that night, so 09:00 tomorrow is 07:00 UTC.
  const iso = inZone('Europe/Berlin', () => parseResetText('09:00', new Date('2026-03-28T21:00:00.000Z')));
  assert.equal(iso, '2026-03-29T07:00:00.000Z');
});
