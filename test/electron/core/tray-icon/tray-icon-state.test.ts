import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../../../shared/settings-model.js';
import type { AppState } from '../../../../shared/quotabar-api.js';
import { report } from './usage-fixtures.js';
import { STALE_AFTER_MS, trayIconKey, trayIconState, trayIconStateFromApp } from '../../../../electron/core/tray-icon/tray-icon-state.js';

const now = new Date('2026-03-06T12:00:00.000Z');

test('remaining percentages come from used percentages, clamped to 0–100', () => {
  const state = trayIconState({ report: report(), failed: false, fillShows: 'remaining', now });
  assert.deepEqual(state, { sessionRemaining: 72, weeklyRemaining: 41, sessionBlocked: false, dimmed: false, fillShows: 'remaining' });
  const over = trayIconState({ report: report({ session: { usedPercent: 130, windowMinutes: 300, resetsAt: null } }), failed: false, fillShows: 'used', now });
  assert.equal(over.sessionRemaining, 0);
  assert.equal(over.fillShows, 'used');
});

test('an exhausted weekly window with a future reset blocks the session; once its reset passes it does not', () => {
  const weekly = { usedPercent: 100, windowMinutes: 10080, resetsAt: '2026-03-08T09:00:00.000Z' };
  assert.equal(trayIconState({ report: report({ weekly }), failed: false, fillShows: 'remaining', now }).sessionBlocked, true);
  assert.equal(trayIconState({ report: report({ weekly: { ...weekly, resetsAt: null } }), failed: false, fillShows: 'remaining', now }).sessionBlocked, true);
  const passed = trayIconState({ report: report({ weekly: { ...weekly, resetsAt: '2026-03-06T11:00:00.000Z' } }), failed: false, fillShows: 'remaining', now });
  assert.equal(passed.sessionBlocked, false);
  assert.equal(passed.dimmed, true, 'a passed reset means the numbers are out of date');
  assert.equal(
    trayIconState({ report: report({ weekly: { ...weekly, usedPercent: 99.9 } }), failed: false, fillShows: 'remaining', now }).sessionBlocked,
    false,
  );
});

test('the icon dims when the last refresh failed or the data is older than the stale limit', () => {
  assert.equal(trayIconState({ report: report(), failed: true, fillShows: 'remaining', now }).dimmed, true);
  const old = new Date(now.getTime() - STALE_AFTER_MS - 1000).toISOString();
  assert.equal(trayIconState({ report: report({ fetchedAt: old }), failed: false, fillShows: 'remaining', now }).dimmed, true);
  const recent = new Date(now.getTime() - STALE_AFTER_MS + 60_000).toISOString();
  assert.equal(trayIconState({ report: report({ fetchedAt: recent }), failed: false, fillShows: 'remaining', now }).dimmed, false);
});

test('no report at all draws empty bars, dimmed only when a refresh failed', () => {
  assert.deepEqual(trayIconState({ report: null, failed: false, fillShows: 'remaining', now }), {
    sessionRemaining: null,
    weeklyRemaining: null,
    sessionBlocked: false,
    dimmed: false,
    fillShows: 'remaining',
  });
  assert.equal(trayIconState({ report: null, failed: true, fillShows: 'remaining', now }).dimmed, true);
});

test('the app state maps to the last good report, dimmed while the latest refresh failed', () => {
  const settings = defaultSettings();
  settings.display.barsShow = 'used';
  const state: AppState = {
    version: '0.1.0',
    usage: { schemaVersion: 1, error: { code: 'network', message: 'offline' }, attempts: [] },
    lastGoodUsage: report(),
    cost: null,
    costError: null,
    refreshing: false,
    settings,
    manualCookieHeaderSet: false,
    manualCookieHeaderPersistent: true,
    host: 'electron',
  };
  assert.deepEqual(trayIconStateFromApp(state, now), { sessionRemaining: 72, weeklyRemaining: 41, sessionBlocked: false, dimmed: true, fillShows: 'used' });
});

test('the redraw key changes with what is drawn and not with sub-percent noise', () => {
  const a = trayIconState({ report: report(), failed: false, fillShows: 'remaining', now });
  const b = trayIconState({
    report: report({ session: { usedPercent: 28.2, windowMinutes: 300, resetsAt: null } }),
    failed: false,
    fillShows: 'remaining',
    now,
  });
  assert.equal(trayIconKey(a), trayIconKey(b));
  assert.notEqual(trayIconKey(a), trayIconKey({ ...a, dimmed: true }));
  assert.notEqual(trayIconKey(a), trayIconKey({ ...a, fillShows: 'used' }));
  assert.notEqual(trayIconKey(a), trayIconKey({ ...a, sessionRemaining: 71 }));
  assert.notEqual(trayIconKey(a), trayIconKey({ ...a, weeklyRemaining: null }));
});
