import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractEmbeddedBody, parseAccountResult, parseRateLimitsResult } from '../../../../../electron/core/usage/rpc/rate-limits-parser.js';
import { mapRateLimitsError } from '../../../../../electron/core/usage/rpc/rpc-error-mapping.js';
import { RpcError } from '../../../../../electron/core/usage/rpc/app-server-connection.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');
const iso = (sec: number) => new Date(sec * 1000).toISOString();

test("upstream's account/rateLimits/read result: buckets become extras and the individual limit the monthly limit", () => {
  // codex-protocol.md §1.5, verbatim.
  const codex = {
    limitId: 'codex',
    limitName: null,
    primary: { usedPercent: 42, windowDurationMins: 60, resetsAt: 1735689720 },
    secondary: { usedPercent: 5, windowDurationMins: 1440, resetsAt: 1735693200 },
    credits: null,
    individualLimit: { limit: '25000', used: '8000', remainingPercent: 68, resetsAt: 1735693200 },
    planType: 'pro',
    rateLimitReachedType: 'workspace_member_usage_limit_reached',
  };
  const other = {
    limitId: 'codex_other',
    limitName: 'codex_other',
    primary: { usedPercent: 88, windowDurationMins: 30, resetsAt: 1735693200 },
    secondary: null,
    credits: null,
    individualLimit: null,
    planType: 'pro',
    rateLimitReachedType: null,
  };
  const s = parseRateLimitsResult({ rateLimits: codex, rateLimitsByLimitId: { codex, codex_other: other } });
  assert.equal(s.session, null);
  assert.deepEqual(
    s.extraWindows.map((w) => [w.id, w.usedPercent, w.windowMinutes]),
    [
      ['codex-60m', 42, 60],
      ['codex-daily', 5, 1440],
      ['codex-other', 88, 30],
    ],
  );
  assert.deepEqual(s.monthlyLimit, { limit: 25000, used: 8000, remainingPercent: 68, resetsAt: iso(1735693200) });
  assert.equal(s.account.plan, 'pro');
  assert.equal(s.credits, null);
});

test('a typical Plus result maps to session and weekly', () => {
  const snap = {
    limitId: 'codex',
    limitName: null,
    primary: { usedPercent: 23, windowDurationMins: 300, resetsAt: 1795280400 },
    secondary: { usedPercent: 41, windowDurationMins: 10080, resetsAt: 1795685400 },
    credits: { hasCredits: false, unlimited: false, balance: null },
    individualLimit: null,
    planType: 'plus',
    rateLimitReachedType: null,
  };
  const s = parseRateLimitsResult({ rateLimits: snap, rateLimitsByLimitId: { codex: snap } });
  assert.deepEqual(s.session, { usedPercent: 23, windowMinutes: 300, resetsAt: iso(1795280400) });
  assert.deepEqual(s.weekly, { usedPercent: 41, windowMinutes: 10080, resetsAt: iso(1795685400) });
  assert.deepEqual(s.credits, { balance: null, hasCredits: false, unlimited: false });
  assert.deepEqual(s.extraWindows, []);
});

test('an older CLI without rateLimitsByLimitId and with snake_case keys still parses', () => {
  const s = parseRateLimitsResult({ rate_limits: { primary: { used_percent: 12.5, window_minutes: 300, resets_at: 1795280400 }, secondary: null } });
  assert.equal(s.session?.usedPercent, 12.5);
  assert.throws(
    () => parseRateLimitsResult({}),
    (e: unknown) => e instanceof SourceError && e.code === 'bad_response',
  );
});

test('account/read gives email and plan, or the API-key type', () => {
  assert.deepEqual(parseAccountResult({ account: { type: 'chatgpt', email: 'user@example.com', planType: 'pro' }, requiresOpenaiAuth: true }), {
    type: 'chatgpt',
    email: 'user@example.com',
    plan: 'pro',
  });
  assert.deepEqual(parseAccountResult({ account: { type: 'apiKey' } }), { type: 'apiKey', email: null, plan: null });
  assert.deepEqual(parseAccountResult({ account: null, requiresOpenaiAuth: true }), { type: null });
});

test('the body after body= is found even with braces inside strings', () => {
  const msg =
    'failed: Decode error for https://x/wham/usage: unknown variant `prolite`; content-type=application/json; body={"plan_type":"prolite","note":"a } and { in text \\" quoted","rate_limit":{"primary_window":{"used_percent":35,"limit_window_seconds":18000,"reset_at":1795280400}}} trailing';
  assert.deepEqual(extractEmbeddedBody(msg), {
    plan_type: 'prolite',
    note: 'a } and { in text " quoted',
    rate_limit: { primary_window: { used_percent: 35, limit_window_seconds: 18000, reset_at: 1795280400 } },
  });
  assert.equal(extractEmbeddedBody('no body here'), undefined);
  assert.equal(extractEmbeddedBody('body={"truncated": '), undefined);
});

test('a -32603 decode error with an embedded body is recovered as usage', () => {
  const body = {
    plan_type: 'prolite',
    rate_limit: { primary_window: { used_percent: 35, limit_window_seconds: 18000, reset_after_seconds: 1, reset_at: 1795280400 } },
    credits: { has_credits: false, unlimited: false, balance: '0E-10' },
  };
  const result = mapRateLimitsError(
    new RpcError(
      -32603,
      `failed to fetch codex rate limits: Decode error for https://chatgpt.com/backend-api/wham/usage: unknown variant \`prolite\`; content-type=application/json; body=${JSON.stringify(body)}`,
    ),
    NOW,
  );
  assert.ok(!(result instanceof SourceError));
  assert.equal(result.session?.usedPercent, 35);
  assert.equal(result.account.plan, 'prolite');
});

test('app-server errors map to contract codes', () => {
  const code = (c: number, m: string) => {
    const r = mapRateLimitsError(new RpcError(c, m), NOW);
    return r instanceof SourceError ? r.code : 'snapshot';
  };
  assert.equal(code(-32600, 'codex account authentication required to read rate limits'), 'not_logged_in');
  const apiKey = mapRateLimitsError(new RpcError(-32600, 'chatgpt authentication required to read rate limits'), NOW);
  assert.ok(apiKey instanceof SourceError && apiKey.code === 'not_logged_in' && /API key/.test(apiKey.message));
  assert.equal(code(-32600, 'Invalid request: unknown variant `account/rateLimits/read`'), 'not_supported');
  assert.equal(code(-32601, 'Method not found'), 'not_supported');
  assert.equal(
    code(
      -32603,
      'failed to fetch codex rate limits: GET https://chatgpt.com/backend-api/wham/usage failed: 401 Unauthorized; content-type=application/json; body={"detail":"x"}',
    ),
    'unauthorized',
  );
  assert.equal(
    code(-32603, 'failed to fetch codex rate limits: GET https://x failed: 503 Service Unavailable; content-type=text/plain; body=down'),
    'server_error',
  );
  assert.equal(
    code(-32603, 'failed to fetch codex rate limits: GET https://x failed: 429 Too Many Requests; content-type=application/json; body={}'),
    'rate_limited',
  );
  assert.equal(code(-32603, 'failed to fetch codex rate limits: no snapshots returned'), 'bad_response');
  assert.equal(code(-32001, 'Server overloaded; retry later.'), 'rate_limited');
});

// Captured from the real Codex CLI 0.171.0 (`codex app-server` against a loopback backend; synthetic
// account, no secrets): the fields a 0.171 app-server adds around the snapshot.
function captured(name: string): { rateLimitsRead: unknown; accountRead: unknown } {
  const path = fileURLToPath(new URL(`fixtures/app-server-0.171.0-${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as { rateLimitsRead: unknown; accountRead: unknown };
}

test('a real 0.171 answer: Spark from rateLimitsByLimitId, credits, the individual limit, the account id and the reached type as a warning', () => {
  const s = parseRateLimitsResult(captured('pro-credits-depleted').rateLimitsRead);
  assert.deepEqual(s.session, { usedPercent: 100, windowMinutes: 300, resetsAt: iso(1795937180) });
  assert.deepEqual(s.weekly, { usedPercent: 19, windowMinutes: 10080, resetsAt: iso(1796116204) });
  assert.deepEqual(s.extraWindows, [
    { id: 'codex-spark-session', label: 'Codex Spark 5h', usedPercent: 3, windowMinutes: 300, resetsAt: iso(1795937523) },
    { id: 'codex-spark-weekly', label: 'Codex Spark weekly', usedPercent: 9, windowMinutes: 10080, resetsAt: iso(1796128523) },
  ]);
  assert.deepEqual(s.credits, { balance: 7.5, hasCredits: true, unlimited: false });
  assert.deepEqual(s.monthlyLimit, { limit: 25000, used: 8000, remainingPercent: 68, resetsAt: iso(1795971723) });
  assert.deepEqual(s.account, { email: null, plan: 'pro', accountId: 'acc-123' });
  assert.deepEqual(s.warnings, ['Your workspace is out of credits. Ask your workspace owner to add more to continue.']);
});

test('a real 0.171 free answer: weekly only, credits say none, and no warning', () => {
  const s = parseRateLimitsResult(captured('free-weekly-only').rateLimitsRead);
  assert.equal(s.session, null);
  assert.equal(s.weekly?.usedPercent, 62);
  assert.deepEqual(s.credits, { balance: null, hasCredits: false, unlimited: false });
  assert.equal(s.account.plan, 'free');
  assert.equal(s.warnings, undefined);
  assert.deepEqual(parseAccountResult(captured('free-weekly-only').accountRead), { type: 'chatgpt', email: 'pro@example.com', plan: 'free' });
});
