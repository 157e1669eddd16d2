import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings, type Settings } from '../../../../shared/settings-model.js';
import type { UsageReport } from '../../../../shared/usage-model.js';
import {
  initialPlannerState,
  periodMoved,
  planNotifications,
  type NotificationPlannerState,
  type PlannedNotification,
} from '../../../../electron/core/notifications/notification-planner.js';
import { loadPlannerState, notificationStatePath, savePlannerState } from '../../../../electron/core/notifications/notification-state-file.js';
import { initialAccountsPlannerState, planAccountsNotifications } from '../../../../electron/core/notifications/account-notifications.js';

const T0 = Date.parse('2026-03-06T12:00:00.000Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const R1 = iso(T0 + 2 * H + 5 * 60_000); // session resets 14:05
const R2 = iso(T0 + 7 * H + 5 * 60_000); // the next session period resets 19:05
const W1 = iso(T0 + 3 * 24 * H); // weekly resets in 3 days
const W2 = iso(T0 + 10 * 24 * H);

function rep(
  sessionUsed: number | null,
  sessionReset: string | null,
  weeklyUsed: number | null = 30,
  weeklyReset: string | null = W1,
  accountId = 'acct-1',
): UsageReport {
  return {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: iso(T0),
    attempts: [],
    account: { email: null, plan: 'plus', accountId },
    session: sessionUsed === null ? null : { usedPercent: sessionUsed, windowMinutes: 300, resetsAt: sessionReset },
    weekly: weeklyUsed === null ? null : { usedPercent: weeklyUsed, windowMinutes: 10080, resetsAt: weeklyReset },
    extraWindows: [],
    codeReview: null,
    credits: null,
    monthlyLimit: null,
  };
}

/** Feeds reports in order (each a minute later), collecting what would be shown. */
function run(reports: UsageReport[], settings: Settings = defaultSettings(), start: NotificationPlannerState = initialPlannerState()) {
  let state = start;
  const shown: PlannedNotification[][] = [];
  reports.forEach((report, i) => {
    const result = planNotifications({ previous: state, report, settings, now: new Date(T0 + i * 60_000) });
    state = result.state;
    shown.push(result.notifications);
  });
  return { state, shown, titles: shown.map((n) => n.map((x) => x.title)) };
}

test('a window period is identified by its reset time, with a few minutes of slack between sources', () => {
  const now = new Date(T0);
  assert.equal(periodMoved(R1, R1, now), false);
  assert.equal(periodMoved(R1, iso(Date.parse(R1) + 60_000), now), false, 'a minute apart is the same period');
  assert.equal(periodMoved(R1, R2, now), true);
  assert.equal(periodMoved(R1, null, now), true, 'the reset vanished: the window restarted');
  assert.equal(periodMoved(null, null, now), false);
  assert.equal(periodMoved(null, R1, now), true);
  assert.equal(periodMoved(iso(T0 - 1000), iso(T0 - 1000), now), true, 'the old reset has passed');
});

test('threshold warnings fire once per level as the session runs down, at the default 50 % and 20 %', () => {
  const { titles, shown } = run([rep(28, R1), rep(55, R1), rep(56, R1), rep(82, R1), rep(90, R1)]);
  assert.deepEqual(titles, [[], ['Codex session quota low'], [], ['Codex session quota low'], []]);
  assert.equal(shown[1]![0]!.body, '45% left. Reached your 50% session warning threshold. Resets in 2h 4m.');
  assert.equal(shown[3]![0]!.level, 20);
  assert.equal(shown[3]![0]!.body, '18% left. Reached your 20% session warning threshold. Resets in 2h 2m.');
});

test('a jump past several levels gives one warning, for the lowest level crossed', () => {
  const { shown, state } = run([rep(10, R1), rep(85, R1)]);
  assert.deepEqual(
    shown[1]!.map((n) => [n.kind, n.level]),
    [['threshold', 20]],
  );
  assert.deepEqual(state.session?.fired, [50, 20]);
});

test('warnings fire again in the next window period, not within the same one', () => {
  const { titles } = run([rep(60, R1), rep(40, R1), rep(60, R1), rep(10, R2), rep(60, R2)]);
  assert.deepEqual(titles, [['Codex session quota low'], [], [], [], ['Codex session quota low']]);
});

test('weekly warnings are off by default and follow their own levels when turned on', () => {
  const off = run([rep(10, R1, 30), rep(10, R1, 85)]);
  assert.deepEqual(off.titles, [[], []]);
  const settings = defaultSettings();
  settings.notifications.weekly = { enabled: true, levels: [30] };
  settings.notifications.session.enabled = false;
  const on = run([rep(60, R1, 30), rep(90, R1, 75), rep(90, R1, 80)], settings);
  assert.deepEqual(on.titles, [[], ['Codex weekly quota low'], []]);
  assert.equal(on.shown[1]![0]!.body, '25% left. Reached your 30% weekly warning threshold. Resets in 2d 23h.');
});

test('the session depleted notice fires once, and restored waits for a reset that really moved', () => {
  const { titles, shown, state } = run([
    rep(70, R1), // 30 % left: the 50 % warning
    rep(100, R1), // depleted (no separate 20 % warning)
    rep(100, R1),
    rep(0, R1), // usage dropped but the reset did not move: a glitch, not a restore
    rep(0, iso(Date.parse(R1) + 60_000)), // a minute of source jitter is still the same period
    rep(3, R2), // a new period: restored
    rep(3, R2),
  ]);
  assert.deepEqual(titles, [['Codex session quota low'], ['Codex session depleted'], [], [], [], ['Codex session restored'], []]);
  assert.equal(shown[1]![0]!.body, "0% left. Resets in 2h 4m. Will notify when it's available again.");
  assert.equal(shown[5]![0]!.body, 'Session quota is available again.');
  assert.equal(state.depleted, null);
});

test('no "restored" while the weekly limit is still exhausted, even after the session resets', () => {
  const { titles } = run([
    rep(100, R1, 90), // session depleted
    rep(100, R1, 100), // the weekly limit runs out too
    rep(0, R2, 100), // the session window reset, but the weekly limit still blocks
    rep(0, R2, 100),
    rep(0, R2, 2, W2), // the weekly window reset: now it is usable
  ]);
  assert.deepEqual(titles, [['Codex session depleted'], [], [], [], ['Codex session restored']]);
});

test('a dip (usage drops while the reset time stays) is no restore, however low it dips', () => {
  const { titles } = run([rep(100, R1), rep(97, R1), rep(40, iso(Date.parse(R1) + 30_000)), rep(2, R2)]);
  assert.deepEqual(titles, [['Codex session depleted'], [], [], ['Codex session restored']]);
});

test('a reset time that drifts or passes while usage holds at 100 % is no restore (no false "session is back")', () => {
  let state = run([rep(100, R1)]).state;
  // The window has not started again: each refresh gives a later reset time, usage unchanged.
  const afterReset = Date.parse(R1) + 60_000;
  for (const [i, resetsAt] of [R1, iso(afterReset - 1000), iso(afterReset + 5 * H)].entries()) {
    const now = new Date(afterReset + i * 60_000);
    const result = planNotifications({ previous: state, report: rep(100, resetsAt), settings: defaultSettings(), now });
    assert.ok(!result.notifications.some((n) => n.kind === 'restored'), `drift ${i} is not a restore`);
    state = result.state;
  }
  assert.equal(state.depleted?.cause, 'session');
  const back = planNotifications({ previous: state, report: rep(0, R2), settings: defaultSettings(), now: new Date(afterReset + 4 * 60_000) });
  assert.deepEqual(
    back.notifications.map((n) => n.kind),
    ['restored'],
  );
});

test('an exhausted weekly limit says so, and session warnings stay quiet while it blocks', () => {
  const { titles, shown } = run([rep(20, R1, 95), rep(70, R1, 100), rep(90, R1, 100), rep(90, R1, 2, W2)]);
  assert.deepEqual(titles, [[], ['Codex weekly limit reached'], [], ['Codex session restored', 'Codex session quota low']]);
  assert.equal(shown[1]![0]!.body, "0% left this week, so sessions are unavailable. Resets in 2d 23h. Will notify when it's available again.");
});

test('a reset time that has passed counts as a new period even if a slow source still reports it', () => {
  let state = run([rep(100, R1)]).state;
  const after = new Date(Date.parse(R1) + 60_000);
  const result = planNotifications({ previous: state, report: rep(0, R1), settings: defaultSettings(), now: after });
  assert.deepEqual(
    result.notifications.map((n) => n.kind),
    ['restored'],
  );
  state = result.state;
  assert.equal(state.depleted, null);
});

test('a report whose window already reset does not re-arm warnings for the period that ended', () => {
  const { state } = run([rep(85, R1)]);
  const after = new Date(Date.parse(R1) + 60_000);
  const stale = planNotifications({ previous: state, report: rep(85, R1), settings: defaultSettings(), now: after });
  assert.deepEqual(stale.notifications, []);
  assert.deepEqual(stale.state.session, state.session);
  const fresh = planNotifications({ previous: stale.state, report: rep(85, R2), settings: defaultSettings(), now: after });
  assert.deepEqual(
    fresh.notifications.map((n) => n.level),
    [20],
  );
});

test('with depleted/restored notices off, the 20 % warning still covers running out', () => {
  const settings = defaultSettings();
  settings.notifications.sessionDepletedRestored = false;
  const { shown, state } = run([rep(70, R1), rep(100, R1), rep(0, R2)], settings);
  assert.deepEqual(
    shown.map((n) => n.map((x) => `${x.kind}:${x.level}`)),
    [['threshold:50'], ['threshold:20'], []],
  );
  assert.equal(state.depleted, null, 'the state still follows along, so turning notices on later is not confused');
});

test('switching to another account starts afresh instead of announcing a restore', () => {
  const first = run([rep(100, R1, 30, W1, 'acct-1')]);
  const { titles } = run([rep(10, R1, 30, W1, 'acct-2'), rep(60, R1, 30, W1, 'acct-2')], defaultSettings(), first.state);
  assert.deepEqual(titles, [[], ['Codex session quota low']]);
});

test('notification ids are stable per event and period, so the shell can replace rather than stack them', () => {
  const a = run([rep(60, R1)]).shown[0]![0]!;
  const b = run([rep(61, R1)]).shown[0]![0]!;
  assert.equal(a.id, b.id);
  const c = run([rep(60, R2)]).shown[0]![0]!;
  assert.notEqual(a.id, c.id);
});

test('the planner state survives a restart through its file; a damaged file starts afresh', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-notify-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const path = notificationStatePath(home);
  assert.deepEqual(loadPlannerState(path), initialAccountsPlannerState());
  const { state } = planAccountsNotifications({
    previous: initialAccountsPlannerState(),
    reports: [{ label: '', report: rep(85, R1) }],
    settings: defaultSettings(),
    now: new Date(T0),
  });
  savePlannerState(path, state);
  const restored = loadPlannerState(path);
  assert.deepEqual(restored, state);
  // After the restart the same period fires nothing again, even for a newer report.
  const later = { ...rep(85, R1), fetchedAt: iso(T0 + 60_000) };
  assert.deepEqual(
    planAccountsNotifications({ previous: restored, reports: [{ label: '', report: later }], settings: defaultSettings(), now: new Date(T0 + 60_000) })
      .notifications,
    [],
  );
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
  writeFileSync(path, '{"version":1,"session":"nope"}');
  assert.deepEqual(loadPlannerState(path, logger), initialAccountsPlannerState());
  writeFileSync(path, 'not json');
  assert.deepEqual(loadPlannerState(path, logger), initialAccountsPlannerState());
  assert.equal(warnings.length, 2);
});

test('a file written before accounts were planned apart keeps its one account’s memory', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-notify-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const path = notificationStatePath(home);
  const { state: single } = run([rep(100, R1)]);
  writeFileSync(path, JSON.stringify(single));
  const migrated = loadPlannerState(path);
  assert.deepEqual(migrated.accounts['acct-1']?.depleted, single.depleted);
  // Still depleted after the restart: no second "depleted"; the reset brings "restored".
  const reset = { ...rep(0, R2), fetchedAt: iso(Date.parse(R1) + 60_000) };
  const plan = planAccountsNotifications({
    previous: migrated,
    reports: [{ label: '', report: reset }],
    settings: defaultSettings(),
    now: new Date(Date.parse(R1) + 60_000),
  });
  assert.deepEqual(
    plan.notifications.map((n) => n.title),
    ['Codex session restored'],
  );
});
