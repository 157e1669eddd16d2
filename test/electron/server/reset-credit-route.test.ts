import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startFixtureServe, type FixtureServe } from '../../renderer/fixture-serve.js';
import { costReport, plusReport } from '../../renderer/popover-fixtures.js';
import { rawRequest } from '../../helpers/raw-http.js';

// `POST /api/reset-credit` spends something, so it is a write like any other (interface §5): only with
// this launch's secret (or the token), never from another site, and only with a well-formed request.

async function withServe(fn: (s: FixtureServe) => Promise<void>, server: { token?: string } = {}): Promise<void> {
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport(), server });
  try {
    await fn(serve);
  } finally {
    await serve.close();
  }
}

const post = (s: FixtureServe, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest({
    port: s.port,
    path: '/api/reset-credit',
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function signIn(s: FixtureServe): Promise<Record<string, string>> {
  const link = new URL(s.secretUrl);
  const res = await rawRequest({ port: s.port, path: `${link.pathname}${link.search}`, headers: { 'Sec-Fetch-Site': 'none' } });
  assert.equal(res.status, 303);
  return { Cookie: String(res.headers['set-cookie']).split(';')[0] ?? '' };
}

test("without this launch's secret the request is 401 and nothing is spent", async () => {
  await withServe(async (s) => {
    const body = { idempotencyKey: randomUUID() };
    for (const headers of [{}, { Cookie: `quotabar_secret_${s.port}=guessed` }, { Authorization: 'Bearer guessed' }] as Array<Record<string, string>>) {
      const res = await post(s, body, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.match(JSON.parse(res.body).error.message, /read-only/);
    }
    assert.deepEqual(s.resetCreditUses, []);
  });
});

test('from another site it is 403, even with the secret', async () => {
  await withServe(async (s) => {
    const cookie = await signIn(s);
    const body = { idempotencyKey: randomUUID() };
    assert.equal((await post(s, body, { Origin: 'http://evil.example', ...cookie })).status, 403);
    assert.equal((await post(s, body, { 'Sec-Fetch-Site': 'cross-site', ...cookie })).status, 403);
    assert.equal((await post(s, body, { Origin: 'null', ...cookie })).status, 403);
    assert.equal((await post(s, body, { Host: 'evil.example', ...cookie })).status, 421);
    assert.deepEqual(s.resetCreditUses, []);
  });
});

test('with the secret, a malformed request is 400 and only a well-formed one is spent, once', async () => {
  await withServe(async (s) => {
    const cookie = await signIn(s);
    for (const bad of [
      {},
      { idempotencyKey: 'not-a-uuid' },
      { idempotencyKey: randomUUID(), window: 'session' },
      { idempotencyKey: randomUUID(), creditId: '' },
      'not json',
      [],
    ]) {
      assert.equal((await post(s, bad, cookie)).status, 400, JSON.stringify(bad));
    }
    assert.deepEqual(s.resetCreditUses, []);
    const key = randomUUID();
    const before = s.requests.length;
    const res = await post(s, { idempotencyKey: key, creditId: 'rc-1' }, { Origin: `http://127.0.0.1:${s.port}`, 'Sec-Fetch-Site': 'same-origin', ...cookie });
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(JSON.parse(res.body), {
      ok: true,
      outcome: 'reset',
      message: 'Done: one reset credit was used and your Codex limits were reset.',
      idempotencyKey: key,
    });
    assert.deepEqual(s.resetCreditUses, [{ idempotencyKey: key, creditId: 'rc-1' }]);
    // The new limits are fetched right after a reset.
    for (let i = 0; i < 50 && s.requests.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(s.requests.length, before + 1);
    assert.equal((await rawRequest({ port: s.port, path: '/api/reset-credit' })).status, 405);
  });
});

test('with a --token, the bearer token is what allows it', async () => {
  const token = 'a-long-serve-token-for-the-test-0123456789';
  await withServe(
    async (s) => {
      assert.equal((await post(s, { idempotencyKey: randomUUID() })).status, 401);
      assert.equal((await post(s, { idempotencyKey: randomUUID() }, { Authorization: 'Bearer wrong' })).status, 401);
      const ok = await post(s, { idempotencyKey: randomUUID() }, { Authorization: `Bearer ${token}` });
      assert.equal(ok.status, 200);
      assert.equal(s.resetCreditUses.length, 1);
    },
    { token },
  );
});
