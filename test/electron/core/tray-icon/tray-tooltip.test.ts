import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOOLTIP_MAX_LENGTH, resetPhrase, trayTooltip } from '../../../../electron/core/tray-icon/tray-tooltip.js';
import { report } from './usage-fixtures.js';

// Friday 6 March 2026, noon UTC; the fixture's weekly window resets Friday 13 March, 09:00 UTC.
const now = new Date('2026-03-06T12:00:00.000Z');
const opts = { barsShow: 'remaining' as const, resetStyle: 'countdown' as const, now, timeZone: 'UTC', error: null };

test('the tooltip reads session then weekly, with a countdown within a day and a weekday beyond', () => {
  const r = report({ weekly: { usedPercent: 59, windowMinutes: 10080, resetsAt: '2026-03-10T09:00:00.000Z' } });
  assert.equal(trayTooltip({ ...opts, report: r }), 'Session 72% left · resets in 2h 5m — Weekly 41% left · resets Tue 09:00');
});

test('the clock style shows clock times for both windows, and the used style shows used percentages', () => {
  const r = report({ weekly: { usedPercent: 59, windowMinutes: 10080, resetsAt: '2026-03-10T09:00:00.000Z' } });
  assert.equal(trayTooltip({ ...opts, report: r, resetStyle: 'clock' }), 'Session 72% left · resets 14:05 — Weekly 41% left · resets Tue 09:00');
  assert.equal(trayTooltip({ ...opts, report: r, barsShow: 'used' }), 'Session 28% used · resets in 2h 5m — Weekly 59% used · resets Tue 09:00');
});

test('a weekly reset a week or more away shows its date', () => {
  assert.equal(trayTooltip({ ...opts, report: report() }), 'Session 72% left · resets in 2h 5m — Weekly 41% left · resets 13 Mar 09:00');
});

test('an exhausted weekly limit says the session is blocked', () => {
  const r = report({ weekly: { usedPercent: 100, windowMinutes: 10080, resetsAt: '2026-03-10T09:00:00.000Z' } });
  assert.equal(trayTooltip({ ...opts, report: r }), 'Session blocked by the weekly limit — Weekly 0% left · resets Tue 09:00');
});

test('a failed refresh keeps the last numbers and says when they are from', () => {
  const r = report({ fetchedAt: '2026-03-06T10:00:00.000Z' });
  const text = trayTooltip({ ...opts, report: r, error: { code: 'network', message: 'Could not reach chatgpt.com.' } });
  assert.equal(text.split('\n')[1], 'Refresh failed · updated 2h ago');
  const stale = trayTooltip({ ...opts, report: r });
  assert.equal(stale.split('\n')[1], 'Updated 2h ago');
  assert.equal(trayTooltip({ ...opts, report: report() }).includes('\n'), false, 'fresh data has one line');
});

test('before any report the tooltip says it is loading, or shows the error', () => {
  assert.equal(trayTooltip({ ...opts, report: null }), 'QuotaBar: loading usage…');
  assert.equal(
    trayTooltip({ ...opts, report: null, error: { code: 'not_logged_in', message: 'Run `codex login` first.' } }),
    'QuotaBar: Run `codex login` first.',
  );
});

test('missing windows are left out, and a long tooltip is cut to what Windows shows', () => {
  assert.equal(trayTooltip({ ...opts, report: report({ weekly: null }) }), 'Session 72% left · resets in 2h 5m');
  assert.equal(trayTooltip({ ...opts, report: report({ session: null, weekly: null }) }), 'QuotaBar: no usage windows reported');
  const long = trayTooltip({ ...opts, report: null, error: { code: 'network', message: 'x'.repeat(400) } });
  assert.equal(long.length, TOOLTIP_MAX_LENGTH);
  assert.ok(long.endsWith('…'));
});

test('reset phrases handle passed and unknown resets', () => {
  assert.equal(resetPhrase(null, 'countdown', now), null);
  assert.equal(resetPhrase('garbage', 'countdown', now), null);
  assert.equal(resetPhrase('2026-03-06T11:00:00.000Z', 'countdown', now), 'resets now');
  assert.equal(resetPhrase('2026-03-06T11:00:00.000Z', 'clock', now, 'UTC'), 'resets now');
  assert.equal(resetPhrase('2026-03-07T09:00:00.000Z', 'countdown', now, 'UTC'), 'resets in 21h');
  assert.equal(resetPhrase('2026-03-07T13:00:00.000Z', 'countdown', now, 'UTC'), 'resets tomorrow 13:00');
});
