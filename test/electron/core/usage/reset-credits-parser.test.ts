import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseResetCredits } from '../../../../electron/core/usage/reset-credits-parser.js';
import { parseWhamUsage } from '../../../../electron/core/usage/oauth/wham-usage-parser.js';
import { parseRateLimitsResult } from '../../../../electron/core/usage/rpc/rate-limits-parser.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');
const fixture = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), 'utf8'));

test('the backend list: ISO dates, unknown keys ignored, credits without an id and non-objects dropped', () => {
  assert.deepEqual(parseResetCredits(fixture('fixtures/wham-rate-limit-reset-credits.json')), {
    available: 1,
    credits: [
      {
        id: 'rc-a',
        status: 'available',
        grantedAt: '2026-11-20T10:00:00.000Z',
        expiresAt: '2026-11-24T19:00:00.000Z',
        title: "Thanks for using Codex! You've been granted one free rate limit reset.",
      },
      { id: 'rc-b', status: 'redeeming', grantedAt: '2026-11-19T10:00:00.000Z', expiresAt: null, title: null },
    ],
  });
});

test("the app-server's summary captured from Codex 0.171: epoch seconds become ISO dates", () => {
  const captured = fixture('rpc/fixtures/app-server-0.171.0-pro-credits-depleted.json') as { rateLimitsRead: unknown };
  const snapshot = parseRateLimitsResult(captured.rateLimitsRead);
  assert.deepEqual(snapshot.resetCredits, {
    available: 1,
    credits: [
      { id: 'rc-1', status: 'available', grantedAt: new Date(1795842123_000).toISOString(), expiresAt: new Date(1796533323_000).toISOString(), title: 'Reset' },
    ],
  });
});

test('a summary without details (credits: null) keeps the count; a null summary is no reset credits', () => {
  assert.deepEqual(parseResetCredits({ availableCount: 2, credits: null }), { available: 2, credits: [] });
  assert.equal(parseResetCredits(null), null);
  const captured = fixture('rpc/fixtures/app-server-0.171.0-free-weekly-only.json') as { rateLimitsRead: unknown };
  assert.equal(parseRateLimitsResult(captured.rateLimitsRead).resetCredits, undefined);
});

test('odd counts: a string number is read, a negative or fractional one is not trusted', () => {
  assert.deepEqual(parseResetCredits({ available_count: '3' }), { available: 3, credits: [] });
  assert.equal(parseResetCredits({ available_count: -1 }), null);
  assert.equal(parseResetCredits({ available_count: 1.5 }), null);
  assert.equal(parseResetCredits({ availableCount: 'lots' }), null);
  // With a list beside a bad count, the available credits listed are counted instead.
  assert.deepEqual(parseResetCredits({ available_count: -1, credits: [{ id: 'x', status: 'available', expires_at: 'soon' }] }), {
    available: 1,
    credits: [{ id: 'x', status: 'available', grantedAt: null, expiresAt: null, title: null }],
  });
  assert.equal(parseResetCredits([1, 2]), null);
  assert.equal(parseResetCredits('2'), null);
});

test('wham/usage carries only the count; a body without the key has no reset credits field', () => {
  const body = { plan_type: 'plus', rate_limit: { primary_window: { used_percent: 10, limit_window_seconds: 18000, reset_at: 1795280400 } } };
  assert.deepEqual(parseWhamUsage({ ...body, rate_limit_reset_credits: { available_count: 2 } }, NOW).resetCredits, { available: 2, credits: [] });
  assert.equal('resetCredits' in parseWhamUsage(body, NOW), false);
  assert.equal('resetCredits' in parseWhamUsage({ ...body, rate_limit_reset_credits: 'two' }, NOW), false);
  assert.equal(parseWhamUsage({ ...body, rate_limit_reset_credits: { available_count: 0 } }, NOW).resetCredits?.available, 0);
});
