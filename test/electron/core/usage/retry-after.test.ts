import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpStatusError, MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from '../../../../electron/core/usage/http-errors.js';
import { fetchWhamUsage } from '../../../../electron/core/usage/oauth/wham-usage-client.js';
import { SourceError } from '../../../../electron/core/util/source-error.js';
import { startBackendDouble } from '../../../doubles/chatgpt-backend-double.js';

const NOW = new Date('2026-11-21T00:00:00.000Z');

test('Retry-After is read as delay-seconds or an HTTP date, capped, and ignored when unreadable', () => {
  assert.equal(parseRetryAfter('120', NOW), 120);
  assert.equal(parseRetryAfter(' 0 ', NOW), 0);
  assert.equal(parseRetryAfter('Sat, 21 Nov 2026 00:02:30 GMT', NOW), 150);
  assert.equal(parseRetryAfter('Fri, 20 Nov 2026 23:00:00 GMT', NOW), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter('99999999', NOW), MAX_RETRY_AFTER_SECONDS);
  for (const bad of [null, undefined, '', '-5', '1.5', 'soon', '12abc']) assert.equal(parseRetryAfter(bad, NOW), undefined, String(bad));
});

test('a 429 keeps its wait in the error and says when QuotaBar tries again', () => {
  const error = httpStatusError(429, 'application/json', '{}', 'ChatGPT usage', 120);
  assert.equal(error.code, 'rate_limited');
  assert.match(error.message, /retry in 2 min/);
  assert.deepEqual(error.toInfo(), { code: 'rate_limited', message: error.message, retryAfterSeconds: 120 });
  assert.deepEqual(Object.keys(httpStatusError(429, 'application/json', '{}', 'ChatGPT usage').toInfo()), ['code', 'message']);
});

test('the oauth client reads Retry-After from a real 429', async () => {
  const double = await startBackendDouble({ scenario: 'rate-limited', accessToken: 'tok-retry-after-test', accountId: null });
  try {
    const error = await fetchWhamUsage({ url: `${double.baseUrl}/wham/usage`, accessToken: 'tok-retry-after-test', accountId: null, timeoutMs: 5000 }).then(
      () => assert.fail('expected a 429'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SourceError);
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfterSeconds, 30);
  } finally {
    await double.close();
  }
});
