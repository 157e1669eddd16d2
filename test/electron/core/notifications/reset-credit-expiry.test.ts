import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../../../shared/settings-model.js';
import type { ResetCredit, ResetCredits, UsageReport } from '../../../../shared/usage-model.js';
import { planCreditExpiryWarning } from '../../../../electron/core/notifications/reset-credit-expiry.js';
import { initialPlannerState, planNotifications } from '../../../../electron/core/notifications/notification-planner.js';
import { loadPlannerState, savePlannerState } from '../../../../electron/core/notifications/notification-state-file.js';
import { initialAccountsPlannerState, planAccountsNotifications } from '../../../../electron/core/notifications/account-notifications.js';

import { H, historyReport, iso } from '../history/history-reports.js';

const T0 = Date.parse('2026-03-06T12:00:00.000Z');
const at = (ms: number) => new Date(ms);

function credit(id: string, expiresInMs: number | null, status = 'available'): ResetCredit {
  return { id, status, grantedAt: iso(T0 - 24 * H), expiresAt: expiresInMs === null ? null : iso(T0 + expiresInMs), title: null };
}
const credits = (...list: ResetCredit[]): ResetCredits => ({ available: list.filter((c) => c.status === 'available').length, credits: list });

/** A report with plenty left in both windows (nothing but the credits to announce), fetched at `fetchedAtMs`. */
function report(resetCredits: ResetCredits | null, fetchedAtMs = T0, accountId = 'acct-1'): UsageReport {
  return { ...historyReport(fetchedAtMs, { accountId }), resetCredits };
}

test('a credit is announced once it has a day or less left, with the time left, and only once', () => {
  const list = credits(credit('c1', 30 * H));
  const early = planCreditExpiryWarning({ resetCredits: list, warned: [], enabled: true, now: at(T0) });
  assert.equal(early.warning, null, '30 hours left: not yet');
  const due = planCreditExpiryWarning({ resetCredits: list, warned: early.warned, enabled: true, now: at(T0 + 7 * H) });
  assert.deepEqual(due.warning, {
    id: 'credit-expiring:c1',
    title: 'Codex reset credit expires soon',
    body: 'A reset credit expires in 23h. Using one resets the session and weekly limits at once.',
  });
  assert.deepEqual(due.warned, ['c1']);
  const again = planCreditExpiryWarning({ resetCredits: list, warned: due.warned, enabled: true, now: at(T0 + 20 * H) });
  assert.equal(again.warning, null, 'said once');
  assert.deepEqual(again.warned, ['c1']);
});

test('credits spent, expired or without an expiry are never announced', () => {
  const list = credits(credit('spent', 2 * H, 'redeemed'), credit('gone', -H), credit('forever', null));
  const plan = planCreditExpiryWarning({ resetCredits: list, warned: [], enabled: true, now: at(T0) });
  assert.equal(plan.warning, null);
  assert.deepEqual(plan.warned, []);
});

test('several credits due at once make one notification that counts them and names the first to expire', () => {
  const list = credits(credit('later', 20 * H), credit('sooner', 90 * 60_000), credit('far', 5 * 24 * H));
  const plan = planCreditExpiryWarning({ resetCredits: list, warned: [], enabled: true, now: at(T0) });
  assert.equal(plan.warning?.title, '2 Codex reset credits expire soon');
  assert.equal(plan.warning?.body, 'The first expires in 1h 30m. Using one resets the session and weekly limits at once.');
  assert.equal(plan.warning?.id, 'credit-expiring:sooner,later');
  assert.deepEqual(plan.warned, ['sooner', 'later']);
});

test('turned off, nothing is announced and nothing is remembered, so turning it on still warns in time', () => {
  const list = credits(credit('c1', 5 * H));
  const off = planCreditExpiryWarning({ resetCredits: list, warned: [], enabled: false, now: at(T0) });
  assert.equal(off.warning, null);
  assert.deepEqual(off.warned, []);
  assert.notEqual(planCreditExpiryWarning({ resetCredits: list, warned: off.warned, enabled: true, now: at(T0 + H) }).warning, null);
});

test('a credit the backend no longer lists is forgotten; a report without credits forgets nothing', () => {
  const kept = planCreditExpiryWarning({ resetCredits: null, warned: ['c1'], enabled: true, now: at(T0) });
  assert.deepEqual(kept.warned, ['c1']);
  const gone = planCreditExpiryWarning({ resetCredits: credits(credit('c2', 40 * H)), warned: ['c1'], enabled: true, now: at(T0) });
  assert.deepEqual(gone.warned, []);
});

test('the planner adds the warning to a report and keeps what it said across a restart of the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quotabar-credit-notes-'));
  try {
    const settings = defaultSettings();
    const first = planNotifications({ previous: initialPlannerState(), report: report(credits(credit('c1', 10 * H))), settings, now: at(T0) });
    const notes = first.notifications.filter((n) => n.kind === 'credit-expiring');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.window, null);
    assert.deepEqual(first.state.creditsWarned, ['c1']);
    const path = join(dir, 'notification-state.json');
    savePlannerState(
      path,
      planAccountsNotifications({
        previous: initialAccountsPlannerState(),
        reports: [{ label: '', report: report(credits(credit('c1', 10 * H))) }],
        settings,
        now: at(T0),
      }).state,
    );
    const restored = loadPlannerState(path);
    assert.deepEqual(restored.accounts['acct-1']?.creditsWarned, ['c1'], 'the state file keeps it');
    const later = planAccountsNotifications({
      previous: restored,
      reports: [{ label: '', report: report(credits(credit('c1', 10 * H)), T0 + H) }],
      settings,
      now: at(T0 + H),
    });
    assert.deepEqual(
      later.notifications.filter((n) => n.kind === 'credit-expiring'),
      [],
      'not said again after the restart',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with several accounts the warning names the account whose credit expires', () => {
  const plan = planAccountsNotifications({
    previous: initialAccountsPlannerState(),
    reports: [
      { label: 'Work', report: report(credits(credit('w1', 3 * H)), T0, 'acct-work') },
      { label: 'Home', report: report(credits(credit('h1', 72 * H)), T0, 'acct-home') },
    ],
    settings: defaultSettings(),
    now: at(T0),
  });
  assert.deepEqual(
    plan.notifications.map((n) => n.title),
    ['Codex reset credit expires soon (Work)'],
  );
});

test('the setting turns the warning off in the planner too', () => {
  const settings = defaultSettings();
  settings.notifications.resetCreditExpiring = false;
  const plan = planNotifications({ previous: initialPlannerState(), report: report(credits(credit('c1', 2 * H))), settings, now: at(T0) });
  assert.deepEqual(
    plan.notifications.filter((n) => n.kind === 'credit-expiring'),
    [],
  );
});
