import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, canonicalTimeZone, dateKeyFormatter, isValidDate, resolveDayRange } from '../../../../electron/core/cost/day-range.js';

test('the default window is the last 30 days including today in the chosen zone', () => {
  // 23:30 UTC on the 21st is already the 22nd in Berlin.
  const now = new Date('2026-11-21T23:30:00Z');
  assert.deepEqual(resolveDayRange({ timeZone: 'UTC', now }), { since: '2026-10-23', until: '2026-11-21' });
  assert.deepEqual(resolveDayRange({ timeZone: 'Europe/Berlin', now }), { since: '2026-10-24', until: '2026-11-22' });
  assert.deepEqual(resolveDayRange({ timeZone: 'UTC', now, days: 1 }), { since: '2026-11-21', until: '2026-11-21' });
  assert.deepEqual(resolveDayRange({ timeZone: 'UTC', now, days: 7, until: '2026-11-10' }), { since: '2026-11-04', until: '2026-11-10' });
  assert.deepEqual(resolveDayRange({ timeZone: 'UTC', now, since: '2026-11-01' }), { since: '2026-11-01', until: '2026-11-21' });
});

test('days follow the zone, including half-hour offsets and daylight saving changes', () => {
  const kolkata = dateKeyFormatter('Asia/Kolkata');
  assert.equal(kolkata(Date.parse('2026-11-20T18:29:59Z')), '2026-11-20');
  assert.equal(kolkata(Date.parse('2026-11-20T18:30:00Z')), '2026-11-21');
  const ny = dateKeyFormatter('America/New_York');
  // 2026-11-01 is the end of daylight saving time in New York: midnight is 04:00Z before, 05:00Z after.
  assert.equal(ny(Date.parse('2026-11-01T03:59:00Z')), '2026-10-31');
  assert.equal(ny(Date.parse('2026-11-01T04:00:00Z')), '2026-11-01');
  assert.equal(ny(Date.parse('2026-11-02T04:59:00Z')), '2026-11-01');
  assert.equal(ny(Date.parse('2026-11-02T05:00:00Z')), '2026-11-02');
});

test('dates and zones are validated', () => {
  assert.equal(isValidDate('2026-02-29'), false);
  assert.equal(isValidDate('2028-02-29'), true);
  assert.equal(isValidDate('2026-1-5'), false);
  assert.equal(canonicalTimeZone('Mars/Olympus'), null);
  assert.equal(canonicalTimeZone('Europe/Berlin'), 'Europe/Berlin');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
});
