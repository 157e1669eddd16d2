import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startQuotabarServer, ServeConfigError } from '../../../electron/server/quotabar-server.js';
import { silentLogger } from '../../../electron/core/util/logger.js';
import { startFixtureServe, type FixtureServe } from '../../renderer/fixture-serve.js';
import { costReport, failure, plusReport } from '../../renderer/popover-fixtures.js';
import { rawRequest } from '../../helpers/raw-http.js';

let dir: string;
let rendererDir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'quotabar-serve-test-'));
  rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>QuotaBar</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  symlinkSync(join(dir, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function withServe(fn: (s: FixtureServe) => Promise<void>, opts: Parameters<typeof startFixtureServe>[0] = { usage: [plusReport()], cost: costReport() }) {
  const serve = await startFixtureServe({ ...opts, server: { rendererDir, ...opts.server } });
  try {
    await fn(serve);
  } finally {
    await serve.close();
  }
}

const get = (s: FixtureServe, path: string, headers: Record<string, string> = {}) => rawRequest({ port: s.port, path, headers });
const post = (s: FixtureServe, path: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest({ port: s.port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

test('health, usage and cost answer with the contract objects', async () => {
  await withServe(async (s) => {
    const health = await get(s, '/api/health');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { ok: true, version: '0.1.0' });
    assert.match(String(health.headers['content-type']), /^application\/json/);
    assert.equal(health.headers['cache-control'], 'no-store');

    const usage = await get(s, '/api/usage');
    assert.equal(usage.status, 200);
    assert.deepEqual(JSON.parse(usage.body), plusReport());
    const cost = await get(s, '/api/cost');
    assert.equal(cost.status, 200);
    assert.deepEqual(JSON.parse(cost.body), costReport());
  });
});

test('?refresh=1 forces a refresh; a failure is served as the contract failure object', async () => {
  await withServe(async (s) => {
    assert.equal(s.requests.length, 1);
    await get(s, '/api/usage');
    assert.equal(s.requests.length, 1, 'a plain GET serves the latest');
    s.setUsage(failure('rate_limited', 'ChatGPT says too many requests. Wait a few minutes.'));
    const forced = await get(s, '/api/usage?refresh=1');
    assert.equal(s.requests.length, 2);
    assert.equal(forced.status, 200);
    assert.deepEqual(JSON.parse(forced.body), failure('rate_limited', 'ChatGPT says too many requests. Wait a few minutes.'));
  });
});

test('the first /api/usage waits for the first refresh instead of answering empty', async () => {
  await withServe(
    async (s) => {
      const usage = await get(s, '/api/usage');
      assert.equal(usage.status, 200);
      assert.equal(JSON.parse(usage.body).source, 'oauth');
    },
    { usage: [plusReport()], cost: costReport(), refreshFirst: false },
  );
});

test('a failed cost scan is a 503 with a message', async () => {
  await withServe(
    async (s) => {
      const cost = await get(s, '/api/cost');
      assert.equal(cost.status, 503);
      assert.match(JSON.parse(cost.body).error.message, /Local cost could not be computed: disk on fire/);
    },
    { usage: [plusReport()], cost: new Error('disk on fire') },
  );
});

test('/api/events sends the current state at once, then usage and cost as they change', async () => {
  await withServe(async (s) => {
    const controller = new AbortController();
    const response = await fetch(`${s.url}api/events`, { signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    assert.ok(reader);
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}`);
        text += value;
      }
    };
    await readUntil(/event: cost\n/);
    assert.match(text, /^retry: 2000\n\nevent: state\ndata: \{.*\}\n\nevent: usage\ndata: \{.*\}\n\nevent: cost\ndata: \{.*\}\n\n$/s);
    text = '';
    s.setUsage(failure());
    await s.controller.refresh();
    await readUntil(/event: state\ndata: .*"refreshing":false.*\n\n/);
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(events, ['state', 'usage', 'state', 'state'], 'cost unchanged: no cost event');
    assert.match(text, /event: usage\ndata: \{"schemaVersion":1,"error":\{"code":"server_error"/);
    controller.abort();
  });
});

test('the page is served with its content type and CSP, assets with theirs', async () => {
  await withServe(async (s) => {
    const page = await get(s, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get(s, '/index.html')).body, page.body);
    const js = await get(s, '/assets/index-abc.js');
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(String(js.headers['cache-control']), /immutable/);
    assert.equal((await get(s, '/assets/index-abc.css')).headers['content-type'], 'text/css; charset=utf-8');
  });
});

test('nothing outside the renderer folder can be read', async () => {
  await withServe(async (s) => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/link.txt', '/assets/', '/assets/..%5c..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      const res = await get(s, path);
      assert.equal(res.status, 404, path);
      assert.ok(!res.body.includes('outside the renderer'), path);
    }
  });
});

test('on loopback, a request naming another host is refused (DNS rebinding)', async () => {
  await withServe(async (s) => {
    const res = await get(s, '/api/usage', { Host: `attacker.example:${s.port}` });
    assert.equal(res.status, 421);
    assert.ok(!res.body.includes('a@example.com'));
    assert.equal((await get(s, '/api/health', { Host: `localhost:${s.port}` })).status, 200);
  });
});

test('writes from another origin are refused; the page’s own are accepted', async () => {
  await withServe(async (s) => {
    const patch = { display: { barsShow: 'used' } };
    assert.equal((await post(s, '/api/settings', patch, { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await post(s, '/api/settings', patch, { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    assert.equal((await post(s, '/api/settings', patch, { Origin: 'null' })).status, 403);
    assert.equal(s.controller.getState().settings.display.barsShow, 'remaining');
    const ok = await post(s, '/api/settings', patch, { Origin: `http://127.0.0.1:${s.port}`, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).settings.display.barsShow, 'used');
  });
});

test('bodies are validated: shape, size and type', async () => {
  await withServe(async (s) => {
    const unknown = await post(s, '/api/settings', { display: { colour: 'red' } });
    assert.equal(unknown.status, 400);
    assert.match(JSON.parse(unknown.body).error.message, /display/);
    assert.equal((await post(s, '/api/settings', { usageSource: 'carrier-pigeon' })).status, 400);
    assert.equal((await post(s, '/api/settings', '{not json')).status, 400);
    assert.equal((await post(s, '/api/settings', JSON.stringify({ launchAtLogin: true }), { 'Content-Type': 'text/plain' })).status, 415);
    const huge = await post(s, '/api/cookie-header', { header: 'a='.padEnd(200_000, 'x') });
    assert.equal(huge.status, 413);
    const invalid = await post(s, '/api/settings', { refresh: { fixedMinutes: 7 } });
    assert.equal(invalid.status, 422);
    assert.equal(JSON.parse(invalid.body).errors[0].path, 'refresh.fixedMinutes');
  });
});

test('a stored Cookie header is acknowledged but never served back', async () => {
  await withServe(async (s) => {
    const value = 'cookievalue-5b1e0c77d4';
    const res = await post(s, '/api/cookie-header', { header: `__Secure-next-auth.session-token=${value}` });
    assert.equal(res.status, 200);
    const state = await get(s, '/api/state');
    assert.equal(JSON.parse(state.body).manualCookieHeaderSet, true);
    for (const path of ['/api/state', '/api/usage', '/api/cost']) assert.ok(!(await get(s, path)).body.includes(value), path);
    const bad = await post(s, '/api/cookie-header', { header: 'line\nbreak=1' });
    assert.equal(bad.status, 422);
  });
});

test('POST /api/refresh waits for the refresh and returns the new state', async () => {
  await withServe(async (s) => {
    s.setUsage(failure('timeout', 'Codex did not answer in time.'));
    const res = await post(s, '/api/refresh', {});
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body);
    assert.equal(body.ok, false);
    assert.equal(body.state.usage.error.code, 'timeout');
    assert.equal(body.state.lastGoodUsage.source, 'oauth');
    assert.equal(s.requests.at(-1)?.interactive, true);
  });
});

test('unknown routes are 404 and wrong methods 405', async () => {
  await withServe(async (s) => {
    assert.equal((await get(s, '/api/nope')).status, 404);
    const wrong = await get(s, '/api/refresh');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'POST');
    assert.equal((await post(s, '/api/usage', {})).status, 405);
    assert.equal((await post(s, '/', {})).status, 405);
  });
});

test('with a token, every request needs it as a bearer token, the page included', async () => {
  const token = 'tok-3f6c0d9e1a7b';
  await withServe(
    async (s) => {
      assert.equal((await get(s, '/api/health')).status, 401);
      assert.equal((await get(s, '/api/health')).headers['www-authenticate'], 'Bearer');
      assert.equal((await get(s, '/api/usage', { Authorization: 'Bearer wrong-token-value' })).status, 401);
      assert.equal((await get(s, '/api/usage', { Authorization: `Basic ${token}` })).status, 401);
      assert.equal((await get(s, '/api/events', { Authorization: `Bearer ${token}x` })).status, 401);
      const ok = await get(s, '/api/usage', { Authorization: `Bearer ${token}` });
      assert.equal(ok.status, 200);
      assert.equal((await get(s, '/')).status, 401);
      assert.equal((await get(s, '/', { Authorization: `Bearer ${token}` })).status, 200);
      for (const path of ['/api/health', '/api/usage', '/', '/api/nope']) assert.ok(!(await get(s, path)).body.includes(token));
    },
    { usage: [plusReport()], cost: costReport(), server: { token } },
  );
});

test('binding beyond loopback without a token is refused; with one, every request is checked', async () => {
  const fixture = await startFixtureServe({ usage: [plusReport()], cost: costReport() });
  try {
    await assert.rejects(
      startQuotabarServer({ controller: fixture.controller, host: '0.0.0.0', port: 0, version: '0', logger: silentLogger }),
      ServeConfigError,
    );
    const open = await startQuotabarServer({ controller: fixture.controller, host: '0.0.0.0', port: 0, version: '0', logger: silentLogger, token: 'a-long-enough-token', rendererDir });
    try {
      assert.equal((await rawRequest({ port: open.port, path: '/api/usage' })).status, 401);
      assert.equal((await rawRequest({ port: open.port, path: '/api/usage', headers: { Authorization: 'Bearer a-long-enough-token', Host: 'quotabar.lan' } })).status, 200);
    } finally {
      await open.close();
    }
  } finally {
    await fixture.close();
  }
});
