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
import { FakeClock } from '../core/scheduler/fake-clock.js';
import { request as httpRequest } from 'node:http';

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

async function withServe(
  fn: (s: FixtureServe) => Promise<void>,
  opts: Parameters<typeof startFixtureServe>[0] = { usage: [plusReport()], cost: costReport() },
) {
  const serve = await startFixtureServe({ ...opts, server: { rendererDir, ...opts.server } });
  try {
    await fn(serve);
  } finally {
    await serve.close();
  }
}

const get = (s: FixtureServe, path: string, headers: Record<string, string> = {}) => rawRequest({ port: s.port, path, headers });
const post = (s: FixtureServe, path: string, body: unknown, headers: Record<string, string> = {}) => postRaw(s, path, body, headers);
const postRaw = (s: FixtureServe, path: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest({
    port: s.port,
    path,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Opens the printed `?token=` link as a browser would and returns the cookie it sets, as a request header. */
async function signIn(s: FixtureServe): Promise<Record<string, string>> {
  const link = new URL(s.secretUrl);
  const res = await get(s, `${link.pathname}${link.search}`, { 'Sec-Fetch-Site': 'none' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /; HttpOnly/);
  assert.match(setCookie, /; SameSite=Strict/);
  return { Cookie: setCookie.split(';')[0] ?? '' };
}

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
  await withServe(
    async (s) => {
      assert.equal(s.requests.length, 1);
      await get(s, '/api/usage');
      assert.equal(s.requests.length, 1, 'a plain GET serves the latest');
      s.setUsage(failure('server_error', 'ChatGPT had a server error.'));
      const forced = await get(s, '/api/usage?refresh=1');
      assert.equal(s.requests.length, 2);
      assert.equal(forced.status, 200);
      assert.deepEqual(JSON.parse(forced.body), failure('server_error', 'ChatGPT had a server error.'));
    },
    { usage: [plusReport()], cost: costReport(), clock: new FakeClock() },
  );
});

test('five rapid ?refresh=1 ask the backend once; the others get the latest result', async () => {
  const clock = new FakeClock();
  await withServe(
    async (s) => {
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => get(s, '/api/usage?refresh=1')));
      for (let i = 0; i < 5; i++) assert.equal((await get(s, '/api/usage?refresh=1')).status, 200);
      assert.equal(s.requests.length, 1, 'one backend request for ten forced refreshes');
      for (const a of answers) assert.deepEqual(JSON.parse(a.body), plusReport());
      await clock.advance(29_999);
      await get(s, '/api/usage?refresh=1');
      assert.equal(s.requests.length, 1);
      await clock.advance(1);
      await get(s, '/api/usage?refresh=1');
      assert.equal(s.requests.length, 2, '30 s later one more is allowed');
    },
    { usage: [plusReport()], cost: costReport(), refreshFirst: false, clock },
  );
});

test('after a 429 with Retry-After, ?refresh=1 serves the 429 until the wait is over', async () => {
  const clock = new FakeClock();
  const limited = {
    ...failure('rate_limited', 'ChatGPT usage is rate-limiting requests (HTTP 429).'),
    error: { code: 'rate_limited' as const, message: 'wait', retryAfterSeconds: 120 },
  };
  await withServe(
    async (s) => {
      const first = await get(s, '/api/usage?refresh=1');
      assert.equal(JSON.parse(first.body).error.retryAfterSeconds, 120);
      assert.equal(s.requests.length, 1);
      s.setUsage(plusReport());
      await clock.advance(119_000);
      const held = await get(s, '/api/usage?refresh=1');
      assert.equal(s.requests.length, 1, 'no backend request during Retry-After (past the 30 s gap)');
      assert.equal(JSON.parse(held.body).error.code, 'rate_limited');
      const cookie = await signIn(s);
      assert.equal(JSON.parse((await post(s, '/api/refresh', {}, cookie)).body).ok, false, 'not even the Refresh button');
      assert.equal(s.requests.length, 1);
      await clock.advance(1_000);
      // One failure on the adaptive cadence backs off past the Retry-After too: wait that out as well.
      await clock.advance(60 * 60_000);
      const after = await get(s, '/api/usage?refresh=1');
      assert.equal(s.requests.length, 2);
      assert.equal(JSON.parse(after.body).source, 'oauth');
    },
    { usage: [limited], cost: costReport(), refreshFirst: false, clock },
  );
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
    await readUntil(/event: accounts\ndata: .*\n\n/);
    assert.match(
      text,
      /^retry: 2000\n\nevent: state\ndata: \{.*\}\n\nevent: usage\ndata: \{.*\}\n\nevent: cost\ndata: \{.*\}\n\nevent: accounts\ndata: \{.*\}\n\n$/s,
    );
    text = '';
    s.setUsage(failure());
    await s.controller.refresh();
    await readUntil(/event: state\ndata: .*"refreshing":false.*\n\nevent: accounts\ndata: .*\n\n/);
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(events, ['refreshing', 'usage', 'state', 'accounts'], 'cost unchanged: no cost event; the account’s usage changed: an accounts event');
    assert.match(text, /^event: refreshing\ndata: \{"refreshing":true\}\n\n/);
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
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/link.txt',
      '/assets/',
      '/assets/..%5c..%5csecret.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const res = await get(s, path);
      assert.equal(res.status, 404, path);
      assert.ok(!res.body.includes('outside the renderer'), path);
    }
  });
});

test('on loopback, a request naming another host is refused on every route (DNS rebinding)', async () => {
  await withServe(async (s) => {
    const cookie = await signIn(s);
    for (const path of ['/api/usage', '/api/state', '/api/events', '/api/access', '/', `/?token=${new URL(s.secretUrl).searchParams.get('token')}`]) {
      const res = await get(s, path, { Host: `evil.example:${s.port}` });
      assert.equal(res.status, 421, path);
      assert.ok(!res.body.includes('a@example.com'), path);
      assert.equal(res.headers['set-cookie'], undefined, path);
    }
    const write = await post(s, '/api/settings', { display: { barsShow: 'used' } }, { Host: `evil.example:${s.port}`, ...cookie });
    assert.equal(write.status, 421);
    assert.equal(s.controller.getState().settings.display.barsShow, 'remaining');
    assert.equal((await get(s, '/api/health', { Host: `localhost:${s.port}` })).status, 200);
  });
});

test('requests from another site are refused on every route, even with the secret; the page’s own are accepted', async () => {
  await withServe(async (s) => {
    const cookie = await signIn(s);
    const patch = { display: { barsShow: 'used' } };
    assert.equal((await post(s, '/api/settings', patch, { Origin: 'http://evil.example', ...cookie })).status, 403);
    assert.equal((await post(s, '/api/settings', patch, { 'Sec-Fetch-Site': 'cross-site', ...cookie })).status, 403);
    assert.equal((await post(s, '/api/settings', patch, { Origin: 'null', ...cookie })).status, 403);
    assert.equal(
      (await post(s, '/api/settings', patch, { Origin: `http://127.0.0.1:${s.port + 1}`, ...cookie })).status,
      403,
      'another port is another origin',
    );
    for (const path of ['/api/usage', '/api/state', '/api/events', '/']) {
      assert.equal((await get(s, path, { Origin: 'http://evil.example' })).status, 403, path);
      assert.equal((await get(s, path, { 'Sec-Fetch-Site': 'cross-site' })).status, 403, path);
    }
    assert.equal(s.controller.getState().settings.display.barsShow, 'remaining');
    const ok = await post(s, '/api/settings', patch, { Origin: `http://127.0.0.1:${s.port}`, 'Sec-Fetch-Site': 'same-origin', ...cookie });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).settings.display.barsShow, 'used');
  });
});

test('without this launch’s secret every write is 401 and reads stay open', async () => {
  await withServe(async (s) => {
    const before = s.requests.length;
    const forged = { Cookie: `quotabar_secret_${s.port}=guessed-value` };
    for (const headers of [{}, forged, { Authorization: 'Bearer guessed-value' }] as Array<Record<string, string>>) {
      const settings = await post(s, '/api/settings', { display: { barsShow: 'used' } }, headers);
      assert.equal(settings.status, 401);
      assert.match(JSON.parse(settings.body).error.message, /read-only.*\?token=/);
      assert.equal((await post(s, '/api/cookie-header', { header: 'a=b' }, headers)).status, 401);
      assert.equal((await post(s, '/api/refresh', {}, headers)).status, 401);
      assert.equal((await rawRequest({ port: s.port, path: '/api/settings', method: 'PUT', headers })).status, 401);
      assert.equal((await rawRequest({ port: s.port, path: '/api/settings', method: 'DELETE', headers })).status, 401);
    }
    assert.equal(s.controller.getState().settings.display.barsShow, 'remaining');
    assert.equal(s.controller.getState().manualCookieHeaderSet, false);
    assert.equal(s.requests.length, before, 'no refresh was started');
    assert.deepEqual(JSON.parse((await get(s, '/api/access')).body), { canWrite: false, fixedSettings: ['codexBinaryPath', 'accounts', 'importAccounts'] });
    assert.equal((await get(s, '/api/usage')).status, 200);
    assert.equal((await get(s, '/')).status, 200);

    // A wrong or stale link sets nothing.
    const stale = await get(s, '/?token=from-an-earlier-launch');
    assert.equal(stale.status, 401);
    assert.equal(stale.headers['set-cookie'], undefined);

    const cookie = await signIn(s);
    assert.deepEqual(JSON.parse((await get(s, '/api/access', cookie)).body).canWrite, true);
    assert.equal((await post(s, '/api/settings', { display: { barsShow: 'used' } }, cookie)).status, 200);
    const secret = new URL(s.secretUrl).searchParams.get('token') ?? '';
    assert.equal(
      (await post(s, '/api/settings', { display: { hideEmail: true } }, { Authorization: `Bearer ${secret}` })).status,
      200,
      'scripts may send it as a bearer token',
    );
  });
});

test('settings that name a program or a folder are never changed over HTTP, with any secret or token', async () => {
  const token = 'tok-6a1f0c2e9d8b7a65';
  const attempts = [
    { codexBinaryPath: '/tmp/evil-codex' },
    { accounts: [{ id: 'x', label: 'Evil', codexHome: '/tmp/evil-home' }] },
    { importAccounts: { ccs: true } },
    { display: { barsShow: 'used' }, codexBinaryPath: null },
  ];
  const settingsFile = join(dir, 'settings-named-in-refusals.json');
  await withServe(
    async (s) => {
      const cookie = await signIn(s);
      for (const patch of attempts) {
        const res = await post(s, '/api/settings', patch, cookie);
        assert.equal(res.status, 403, JSON.stringify(patch));
        const message = JSON.parse(res.body).error.message as string;
        assert.match(message, /never changed over HTTP/);
        assert.match(message, new RegExp(`Change (it|them) in the QuotaBar app's Preferences or in ${settingsFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        assert.equal((await post(s, '/api/settings', patch)).status, 401, 'and without the secret, simply refused');
      }
      const settings = s.controller.getState().settings;
      assert.equal(settings.codexBinaryPath, null);
      assert.deepEqual(settings.accounts, []);
      assert.equal(settings.display.barsShow, 'remaining', 'a patch with a fixed setting changes nothing at all');
    },
    { usage: [plusReport()], cost: costReport(), server: { settingsPath: settingsFile } },
  );
  await withServe(
    async (s) => {
      for (const patch of attempts) {
        assert.equal((await post(s, '/api/settings', patch, { Authorization: `Bearer ${token}` })).status, 403, JSON.stringify(patch));
      }
      assert.equal(s.controller.getState().settings.codexBinaryPath, null);
      assert.deepEqual(JSON.parse((await get(s, '/api/access', { Authorization: `Bearer ${token}` })).body).canWrite, true);
    },
    { usage: [plusReport()], cost: costReport(), server: { token } },
  );
});

test('a body that never ends is cut off with 408 and the server keeps answering', async () => {
  await withServe(
    async (s) => {
      const cookie = await signIn(s);
      const answer = await new Promise<{ status: number; closed: boolean }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: s.port,
            path: '/api/settings',
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Content-Length': '1000', ...cookie },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, closed: res.headers.connection === 'close' }));
          },
        );
        req.on('error', reject);
        req.write('{"display":'); // and nothing more, ever
      });
      assert.deepEqual(answer, { status: 408, closed: true });
      assert.equal((await get(s, '/api/health')).status, 200);
      assert.equal(s.controller.getState().settings.display.barsShow, 'remaining');
    },
    { usage: [plusReport()], cost: costReport(), server: { bodyTimeoutMs: 300 } },
  );
});

test('bodies are validated: shape, size and type', async () => {
  await withServe(async (s) => {
    const c = await signIn(s);
    const post = (s: FixtureServe, path: string, body: unknown, headers: Record<string, string> = {}) => postRaw(s, path, body, { ...c, ...headers });
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
    const c = await signIn(s);
    const post = (s: FixtureServe, path: string, body: unknown) => postRaw(s, path, body, c);
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
    const c = await signIn(s);
    const post = (s: FixtureServe, path: string, body: unknown) => postRaw(s, path, body, c);
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
    const c = await signIn(s);
    const post = (s: FixtureServe, path: string, body: unknown) => postRaw(s, path, body, c);
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
    const open = await startQuotabarServer({
      controller: fixture.controller,
      host: '0.0.0.0',
      port: 0,
      version: '0',
      logger: silentLogger,
      token: 'a-long-enough-token',
      rendererDir,
    });
    try {
      assert.equal((await rawRequest({ port: open.port, path: '/api/usage' })).status, 401);
      assert.equal(
        (await rawRequest({ port: open.port, path: '/api/usage', headers: { Authorization: 'Bearer a-long-enough-token', Host: 'quotabar.lan' } })).status,
        200,
      );
    } finally {
      await open.close();
    }
  } finally {
    await fixture.close();
  }
});
