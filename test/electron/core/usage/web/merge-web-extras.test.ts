import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageSnapshot } from '../../../../../shared/usage-model.js';
import { mergeWebExtras } from '../../../../../electron/core/usage/web/merge-web-extras.js';

const W = (usedPercent: number, windowMinutes: number) => ({ usedPercent, windowMinutes, resetsAt: '2026-11-21T22:00:00.000Z' });

function snapshot(partial: Partial<UsageSnapshot>): UsageSnapshot {
  return {
    account: { email: null, plan: null, accountId: null },
    session: null,
    weekly: null,
    extraWindows: [],
    codeReview: null,
    credits: null,
    monthlyLimit: null,
    ...partial,
  };
}

const web = snapshot({
  account: { email: 'web@example.com', plan: 'pro', accountId: 'acc-web' },
  session: W(99, 300),
  weekly: W(98, 10080),
  extraWindows: [
    { id: 'codex-spark-session', label: 'Codex Spark 5h', ...W(3, 300) },
    { id: 'other', label: 'Other', ...W(50, 30) },
  ],
  codeReview: W(12, 10080),
  credits: { balance: 7.5, hasCredits: true, unlimited: false },
  monthlyLimit: { limit: 1000, used: 36.79, remainingPercent: 96, resetsAt: null },
  warnings: ['from web'],
});

test('web fills code review, credits, the monthly limit and identity that the rpc snapshot lacks', () => {
  const rpc = snapshot({ account: { email: 'codex@example.com', plan: null, accountId: null }, session: W(23, 300), weekly: W(41, 10080) });
  const merged = mergeWebExtras(rpc, web);
  assert.deepEqual(merged.codeReview, web.codeReview);
  assert.deepEqual(merged.credits, web.credits);
  assert.deepEqual(merged.monthlyLimit, web.monthlyLimit);
  assert.deepEqual(merged.account, { email: 'codex@example.com', plan: 'pro', accountId: 'acc-web' });
  assert.deepEqual(merged.warnings, ['from web']);
});

test('the oauth/rpc session and weekly windows, code review and credits are never overridden by web', () => {
  const oauth = snapshot({
    account: { email: 'a@example.com', plan: 'plus', accountId: 'acc-1' },
    session: W(23, 300),
    weekly: W(41, 10080),
    extraWindows: [{ id: 'codex-spark-session', label: 'Codex Spark 5h', ...W(1, 300) }],
    codeReview: W(5, 10080),
    credits: { balance: 0, hasCredits: false, unlimited: false },
    warnings: ['from oauth'],
  });
  const merged = mergeWebExtras(oauth, web);
  assert.deepEqual(merged.session, oauth.session);
  assert.deepEqual(merged.weekly, oauth.weekly);
  assert.deepEqual(merged.codeReview, oauth.codeReview);
  assert.deepEqual(merged.credits, oauth.credits);
  assert.deepEqual(merged.account, oauth.account);
  assert.deepEqual(
    merged.extraWindows.map((w) => [w.id, w.usedPercent]),
    [
      ['codex-spark-session', 1],
      ['other', 50],
    ],
  );
  assert.deepEqual(merged.warnings, ['from oauth', 'from web']);
});

test('a plan with no session window keeps session null even when web has one', () => {
  const free = snapshot({ weekly: W(62, 10080) });
  assert.equal(mergeWebExtras(free, web).session, null);
  assert.equal('warnings' in mergeWebExtras(free, snapshot({})), false);
});

test("a plan the TUI showed by its display name gives way to the web session's plan id", () => {
  const pty = snapshot({ account: { email: 'codex@example.com', plan: 'team', accountId: null }, planFromDisplay: true, session: W(23, 300) });
  const merged = mergeWebExtras(pty, web);
  assert.equal(merged.account.plan, 'pro');
  assert.equal(merged.planFromDisplay, undefined, 'the plan now comes from an id');
  const noWebPlan = mergeWebExtras(pty, snapshot({ account: { email: null, plan: null, accountId: null } }));
  assert.equal(noWebPlan.account.plan, 'team');
  assert.equal(noWebPlan.planFromDisplay, true, 'still a display name, so auth.json may replace it');
});

test("a plan id from oauth or rpc is kept over the web session's", () => {
  const rpc = snapshot({ account: { email: null, plan: 'plus', accountId: null }, session: W(23, 300) });
  assert.equal(mergeWebExtras(rpc, web).account.plan, 'plus');
});
