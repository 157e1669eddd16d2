import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhamUsage } from '../../../../../electron/core/usage/oauth/wham-usage-parser.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');
const iso = (sec: number) => new Date(sec * 1000).toISOString();

// codex-protocol.md §3.3: the exact body of upstream's rate_limits test.
const UPSTREAM_BODY = {
  plan_type: 'pro',
  rate_limit: {
    allowed: true,
    limit_reached: false,
    primary_window: { used_percent: 42, limit_window_seconds: 3600, reset_after_seconds: 120, reset_at: 1735689720 },
    secondary_window: { used_percent: 5, limit_window_seconds: 86400, reset_after_seconds: 43200, reset_at: 1735693200 },
  },
  rate_limit_reached_type: { type: 'workspace_member_usage_limit_reached' },
  spend_control: {
    reached: false,
    individual_limit: {
      source: 'workspace_spend_controls',
      limit: '25000',
      used: '8000',
      remaining: '17000',
      used_percent: 32,
      remaining_percent: 68,
      reset_after_seconds: 43200,
      reset_at: 1735693200,
    },
  },
  additional_rate_limits: [
    {
      limit_name: 'codex_other',
      metered_feature: 'codex_other',
      rate_limit: {
        allowed: true,
        limit_reached: false,
        primary_window: { used_percent: 88, limit_window_seconds: 1800, reset_after_seconds: 600, reset_at: 1735693200 },
      },
    },
  ],
};

test("upstream's test body: hourly and daily windows are extras, not session or weekly", () => {
  const s = parseWhamUsage(UPSTREAM_BODY, NOW);
  assert.equal(s.session, null);
  assert.equal(s.weekly, null);
  assert.deepEqual(s.extraWindows, [
    { id: 'codex-60m', label: 'Codex 60-minute', usedPercent: 42, windowMinutes: 60, resetsAt: '2025-01-01T00:02:00.000Z' },
    { id: 'codex-daily', label: 'Codex daily', usedPercent: 5, windowMinutes: 1440, resetsAt: '2025-01-01T01:00:00.000Z' },
    { id: 'codex-other', label: 'codex_other', usedPercent: 88, windowMinutes: 30, resetsAt: '2025-01-01T01:00:00.000Z' },
  ]);
  assert.deepEqual(s.monthlyLimit, { limit: 25000, used: 8000, remainingPercent: 68, resetsAt: '2025-01-01T01:00:00.000Z' });
  assert.equal(s.account.plan, 'pro');
});

test('the realistic Plus body maps to session and weekly with the string balance as a number', () => {
  const body = {
    plan_type: 'plus',
    rate_limit: {
      allowed: true,
      limit_reached: false,
      primary_window: { used_percent: 23, limit_window_seconds: 18000, reset_after_seconds: 15904, reset_at: 1795280400 },
      secondary_window: { used_percent: 41, limit_window_seconds: 604800, reset_after_seconds: 420904, reset_at: 1795685400 },
    },
    credits: { has_credits: false, unlimited: false, balance: '0' },
    additional_rate_limits: null,
  };
  const s = parseWhamUsage(body, NOW);
  assert.deepEqual(s.session, { usedPercent: 23, windowMinutes: 300, resetsAt: iso(1795280400) });
  assert.deepEqual(s.weekly, { usedPercent: 41, windowMinutes: 10080, resetsAt: iso(1795685400) });
  assert.deepEqual(s.credits, { balance: 0, hasCredits: false, unlimited: false });
  assert.deepEqual(s.extraWindows, []);
  assert.equal(s.codeReview, null);
});

test('swapped primary and secondary windows are classified by duration', () => {
  const s = parseWhamUsage(
    {
      plan_type: 'plus',
      rate_limit: {
        primary_window: { used_percent: 41, limit_window_seconds: 604800, reset_at: 1795685400 },
        secondary_window: { used_percent: 23, limit_window_seconds: 18000, reset_at: 1795280400 },
      },
    },
    NOW,
  );
  assert.equal(s.session?.usedPercent, 23);
  assert.equal(s.weekly?.usedPercent, 41);
});

test('a free plan with only a weekly primary window has no session', () => {
  const s = parseWhamUsage(
    {
      plan_type: 'free',
      rate_limit: {
        allowed: true,
        limit_reached: false,
        primary_window: { used_percent: 62, limit_window_seconds: 604800, reset_after_seconds: 1, reset_at: 1795685400 },
        secondary_window: null,
      },
    },
    NOW,
  );
  assert.equal(s.session, null);
  assert.deepEqual(s.weekly, { usedPercent: 62, windowMinutes: 10080, resetsAt: iso(1795685400) });
});

test('float percentages and "0E-10" balances are accepted', () => {
  const s = parseWhamUsage(
    {
      plan_type: 'plus',
      rate_limit: { primary_window: { used_percent: 12.5, limit_window_seconds: 18000, reset_at: 1795280400 } },
      credits: { has_credits: true, unlimited: false, balance: '0E-10' },
    },
    NOW,
  );
  assert.equal(s.session?.usedPercent, 12.5);
  assert.deepEqual(s.credits, { balance: 0, hasCredits: true, unlimited: false });
  const n = parseWhamUsage({ plan_type: 'plus', credits: { has_credits: true, unlimited: false, balance: 7.25 } }, NOW);
  assert.equal(n.credits?.balance, 7.25);
});

test('Spark windows get the Codex Spark names and a malformed sibling is dropped', () => {
  const s = parseWhamUsage(
    {
      plan_type: 'pro',
      additional_rate_limits: [
        { limit_name: 'Broken', metered_feature: 'broken', rate_limit: { primary_window: { used_percent: 'lots' } } },
        'not an object',
        { metered_feature: 42 },
        {
          limit_name: 'GPT-5.3-Codex-Spark',
          metered_feature: 'gpt_5_3_codex_spark',
          rate_limit: {
            primary_window: { used_percent: 3, limit_window_seconds: 18000, reset_at: 1795280400 },
            secondary_window: { used_percent: 9, limit_window_seconds: 604800, reset_at: 1795685400 },
          },
        },
      ],
    },
    NOW,
  );
  assert.deepEqual(s.extraWindows, [
    { id: 'codex-spark-session', label: 'Codex Spark 5h', usedPercent: 3, windowMinutes: 300, resetsAt: iso(1795280400) },
    { id: 'codex-spark-weekly', label: 'Codex Spark weekly', usedPercent: 9, windowMinutes: 10080, resetsAt: iso(1795685400) },
  ]);
});

test('code_review_rate_limit becomes codeReview', () => {
  const s = parseWhamUsage(
    {
      plan_type: 'pro',
      code_review_rate_limit: {
        allowed: true,
        limit_reached: false,
        primary_window: { used_percent: 12, limit_window_seconds: 604800, reset_at: 1795685400 },
        secondary_window: null,
      },
    },
    NOW,
  );
  assert.deepEqual(s.codeReview, { usedPercent: 12, windowMinutes: 10080, resetsAt: iso(1795685400) });
});

test('the monthly limit prefers root individual_limit, then rate_limit, then spend_control', () => {
  const limit = (n: string) => ({ limit: n, used: '10', remaining_percent: 50, reset_at: 1795685400 });
  const all = parseWhamUsage(
    { plan_type: 'team', individual_limit: limit('1'), rate_limit: { individual_limit: limit('2') }, spend_control: { individual_limit: limit('3') } },
    NOW,
  );
  assert.equal(all.monthlyLimit?.limit, 1);
  const two = parseWhamUsage({ plan_type: 'team', rate_limit: { individual_limit: limit('2') }, spend_control: { individual_limit: limit('3') } }, NOW);
  assert.equal(two.monthlyLimit?.limit, 2);
  const team = parseWhamUsage(
    {
      plan_type: 'team',
      spend_control: { reached: false, individual_limit: { limit: '1000', used: '36.79', remaining: '963.2', remaining_percent: 96, reset_at: 1788220800 } },
    },
    NOW,
  );
  assert.deepEqual(team.monthlyLimit, { limit: 1000, used: 36.79, remainingPercent: 96, resetsAt: iso(1788220800) });
});

test('a reset time missing reset_at is derived from reset_after_seconds', () => {
  const s = parseWhamUsage(
    { plan_type: 'plus', rate_limit: { primary_window: { used_percent: 1, limit_window_seconds: 18000, reset_after_seconds: 3600 } } },
    NOW,
  );
  assert.equal(s.session?.resetsAt, '2026-11-21T20:00:00.000Z');
});

test('unknown fields are ignored and new plan types are kept', () => {
  const s = parseWhamUsage(
    {
      plan_type: 'prolite',
      brand_new: { x: 1 },
      rate_limit: { primary_window: { used_percent: 5, limit_window_seconds: 18000, reset_at: 1795280400, extra: true } },
    },
    NOW,
  );
  assert.equal(s.account.plan, 'prolite');
  assert.equal(s.session?.usedPercent, 5);
  assert.equal(parseWhamUsage({ plan_type: 'education' }, NOW).account.plan, 'edu');
});

test('a body that is not a usage object is a bad_response', () => {
  for (const body of [null, [], 'text', 42, { detail: 'nope' }]) {
    assert.throws(
      () => parseWhamUsage(body, NOW),
      (e: unknown) => e instanceof SourceError && e.code === 'bad_response',
    );
  }
});

test("the backend's rate_limit_reached_type becomes the same warning the app-server's does", () => {
  const s = parseWhamUsage(UPSTREAM_BODY, NOW);
  assert.deepEqual(s.warnings, ['You have hit the spend cap the owner of your workspace set. Ask an owner to increase it to continue.']);
  assert.equal(parseWhamUsage({ ...UPSTREAM_BODY, rate_limit_reached_type: null }, NOW).warnings, undefined);
});
