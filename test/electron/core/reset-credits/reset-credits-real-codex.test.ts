import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runResetCreditAction } from '../../../../electron/core/reset-credits/reset-credit-action.js';
import { fetchUsage } from '../../../../electron/core/usage/usage-service.js';
import { isUsageFailure } from '../../../../shared/usage-model.js';
import type { DoubleResetCredit, ResetCreditsOptions } from '../../../doubles/chatgpt-backend-double.js';
import { realCodexHome, REAL_CODEX_BIN, requestedPaths, type RealCodexHome } from '../../../helpers/real-codex.js';

// Reset credits with the real Codex CLI 0.171 on the loopback backend double: what its app-server
// reads and how it spends one (`account/rateLimitResetCredit/consume`), and QuotaBar's reading of both.

const LIMIT = { timeout: 90_000 };
const DAY = 86_400;

function credits(nowSec: number): DoubleResetCredit[] {
  return [
    { id: 'rc-late', status: 'available', grantedAt: nowSec - 2 * DAY, expiresAt: nowSec + 10 * DAY, title: 'Reset' },
    { id: 'rc-soon', status: 'available', grantedAt: nowSec - DAY, expiresAt: nowSec + 3 * DAY + 3600, title: null },
    { id: 'rc-used', status: 'redeemed', grantedAt: nowSec - 5 * DAY, expiresAt: null },
  ];
}

async function withCodex(options: Partial<ResetCreditsOptions>, body: (f: RealCodexHome, nowSec: number) => Promise<void>): Promise<void> {
  const nowSec = Math.floor(Date.now() / 1000);
  const f = await realCodexHome({ scenario: 'plus', backend: { resetCredits: { credits: credits(nowSec), ...options } } });
  try {
    await body(f, nowSec);
    f.assertUntouched();
    await f.assertNoCodexLeft();
  } finally {
    await f.close();
  }
}

function request(f: RealCodexHome, source: 'rpc' | 'oauth' = 'rpc') {
  return { source, env: f.env, codexHome: f.codexHome, codexBin: REAL_CODEX_BIN, timeoutSeconds: 25 } as const;
}

test('the real app-server reads the reset-credit list and QuotaBar reports each credit with its expiry', LIMIT, async () => {
  await withCodex({}, async (f, nowSec) => {
    const result = await fetchUsage(request(f));
    assert.ok(!isUsageFailure(result), JSON.stringify(result));
    assert.equal(result.resetCredits?.available, 2);
    assert.deepEqual(
      result.resetCredits?.credits.map((c) => [c.id, c.status, c.expiresAt]),
      [
        ['rc-late', 'available', new Date((nowSec + 10 * DAY) * 1000).toISOString()],
        ['rc-soon', 'available', new Date((nowSec + 3 * DAY + 3600) * 1000).toISOString()],
        ['rc-used', 'redeemed', null],
      ],
    );
    assert.ok(requestedPaths(f.backend).includes('GET /backend-api/wham/rate-limit-reset-credits'));
    assert.equal(f.backend.consumes.length, 0, 'reading never spends a credit');
  });
});

test('oauth reads the count from wham/usage and the list from the detail endpoint with the same credentials', LIMIT, async () => {
  await withCodex({}, async (f) => {
    const result = await fetchUsage(request(f, 'oauth'));
    assert.ok(!isUsageFailure(result), JSON.stringify(result));
    assert.equal(result.resetCredits?.available, 2);
    assert.deepEqual(
      result.resetCredits?.credits.map((c) => c.id),
      ['rc-late', 'rc-soon', 'rc-used'],
    );
    const list = f.backend.requests.filter((r) => r.path === '/backend-api/wham/rate-limit-reset-credits');
    assert.equal(list.length, 1);
    assert.ok(list[0]?.authorized && list[0].accountIdMatched);
  });
});

test('using a credit sends exactly one consume with the idempotency key, through the real app-server', LIMIT, async () => {
  await withCodex({}, async (f) => {
    const key = randomUUID();
    const result = await runResetCreditAction(request(f), { idempotencyKey: key });
    assert.deepEqual(result.ok && [result.outcome, result.idempotencyKey], ['reset', key], JSON.stringify(result));
    assert.deepEqual(
      f.backend.consumes.map((c) => [c.body, c.authorized, c.accountIdMatched, c.code]),
      [[{ redeem_request_id: key }, true, true, 'reset']],
    );
  });
});

test('a chosen credit is passed on as credit_id', LIMIT, async () => {
  await withCodex({}, async (f) => {
    const key = randomUUID();
    const result = await runResetCreditAction(request(f), { idempotencyKey: key, creditId: 'rc-late' });
    assert.equal(result.ok && result.outcome, 'reset');
    assert.deepEqual(
      f.backend.consumes.map((c) => c.body),
      [{ redeem_request_id: key, credit_id: 'rc-late' }],
    );
  });
});

test('after a 5xx the action is retried once with the same key, and only one credit is spent', LIMIT, async () => {
  await withCodex({ failFirstConsumes: 1 }, async (f) => {
    const key = randomUUID();
    const result = await runResetCreditAction(request(f), { idempotencyKey: key });
    assert.equal(result.ok && result.outcome, 'reset', JSON.stringify(result));
    assert.deepEqual(
      f.backend.consumes.map((c) => [c.body, c.status]),
      [
        [{ redeem_request_id: key }, 503],
        [{ redeem_request_id: key }, 200],
      ],
    );
    const after = await fetchUsage(request(f, 'oauth'));
    assert.equal(!isUsageFailure(after) && after.resetCredits?.available, 1);
  });
});

test('repeating a request id that already went through spends nothing more: already_redeemed', LIMIT, async () => {
  await withCodex({}, async (f) => {
    const key = randomUUID();
    assert.equal((await runResetCreditAction(request(f), { idempotencyKey: key })).ok, true);
    const again = await runResetCreditAction(request(f), { idempotencyKey: key });
    assert.equal(again.ok && again.outcome, 'already_redeemed', JSON.stringify(again));
    assert.deepEqual(
      f.backend.consumes.map((c) => c.code),
      ['reset', 'already_redeemed'],
    );
  });
});

test("the backend's no_credit and nothing_to_reset come back as those outcomes", LIMIT, async () => {
  await withCodex({ nothingToReset: true }, async (f) => {
    const result = await runResetCreditAction(request(f), { idempotencyKey: randomUUID() });
    assert.equal(result.ok && result.outcome, 'nothing_to_reset', JSON.stringify(result));
  });
  const nowSec = Math.floor(Date.now() / 1000);
  const f = await realCodexHome({
    scenario: 'plus',
    backend: { resetCredits: { credits: [{ id: 'rc-used', status: 'redeemed', grantedAt: nowSec - DAY, expiresAt: null }] } },
  });
  try {
    const result = await runResetCreditAction(request(f), { idempotencyKey: randomUUID() });
    assert.equal(result.ok && result.outcome, 'no_credit', JSON.stringify(result));
    await f.assertNoCodexLeft();
  } finally {
    await f.close();
  }
});
