import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackendDouble } from '../../doubles/chatgpt-backend-double.js';
import { runCli } from '../../../electron/cli/main.js';
import { tempDir, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';

function io(env: Record<string, string>, signal?: AbortSignal) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env,
      ...(signal ? { signal } : {}),
    },
  };
}

test('binding beyond loopback without --token is refused with exit 64 and the reason', async () => {
  const { out, io: cliIo } = io({});
  assert.equal(await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], cliIo), 64);
  assert.match(out.stderr, /binding to 0\.0\.0\.0 needs a token \(--token-file PATH, \$QUOTABAR_SERVE_TOKEN or --token TOKEN\)/);
});

test('a token from --token-file (trimmed) or $QUOTABAR_SERVE_TOKEN opens a non-loopback bind; bad token files are argument errors', async () => {
  const home = tempDir('quotabar-serve-token-');
  try {
    const file = join(home.path, 'token');
    writeFileSync(file, '\n  tok-from-file-5c4b3a29181716  \n');
    const env = { HOME: home.path, CODEX_HOME: join(home.path, 'no-codex'), QUOTABAR_HOME: join(home.path, 'qb') };
    for (const [args, extraEnv, token] of [
      [['--token-file', file], {}, 'tok-from-file-5c4b3a29181716'],
      [[], { QUOTABAR_SERVE_TOKEN: 'tok-from-env-0a1b2c3d4e5f6a7b' }, 'tok-from-env-0a1b2c3d4e5f6a7b'],
    ] as const) {
      const abort = new AbortController();
      const { out, io: cliIo } = io({ ...env, ...extraEnv }, abort.signal);
      const running = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--codex-bin', join(home.path, 'missing'), ...args], cliIo);
      const url = await listening(out);
      const port = new URL(url).port;
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/health`)).status, 401);
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
      assert.doesNotMatch(out.stderr, /\?token=/, 'with a token there is no launch secret to print');
      assert.ok(!out.stderr.includes(token), 'the token is never printed');
      abort.abort();
      assert.equal(await running, 0);
    }
    writeFileSync(file, '   \n');
    mkdirSync(join(home.path, 'a-dir'));
    for (const args of [
      ['--token-file', file],
      ['--token-file', join(home.path, 'missing')],
      ['--token-file', join(home.path, 'a-dir')],
      ['--token', 'x', '--token-file', file],
    ]) {
      const { out, io: cliIo } = io(env);
      assert.equal(await runCli(['serve', '--host', '0.0.0.0', '--port', '0', ...args], cliIo), 64, args.join(' '));
      assert.match(out.stderr, /^quotabar serve: .*(token-file|--token)/);
    }
  } finally {
    home.cleanup();
  }
});

async function listening(out: { stderr: string }): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const url = /listening on (http:\/\/[^\s]+\/)/.exec(out.stderr)?.[1];
    if (url !== undefined) return url;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`serve did not start:\n${out.stderr}`);
}

test('serve prints the secret link once; it opens writes, five rapid ?refresh=1 and a 429 reach the backend once', async () => {
  const home = tempDir('quotabar-serve-secret-');
  const codexHome = join(home.path, 'codex-home');
  const auth = writeChatgptAuth(codexHome, {});
  const backend = await startBackendDouble({ scenario: 'rate-limited', accessToken: auth.accessToken, accountId: auth.accountId });
  const abort = new AbortController();
  const env = { HOME: home.path, CODEX_HOME: codexHome, QUOTABAR_HOME: join(home.path, 'qb'), QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl };
  const { out, io: cliIo } = io(env, abort.signal);
  try {
    const running = runCli(['serve', '--port', '0', '--codex-bin', join(home.path, 'missing-codex')], cliIo);
    const url = await listening(out);
    const link = new RegExp(`to change settings, open (${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?token=([A-Za-z0-9_-]{32}))`).exec(out.stderr);
    assert.ok(link?.[1] !== undefined && link[2] !== undefined, out.stderr);
    const secret = link[2];
    assert.equal(out.stderr.split(secret).length - 1, 1, 'the secret appears once, in that line');

    // The startup refresh met the 429 (Retry-After: 30): wait for it, then force five times at once.
    const usage = (await (await fetch(`${url}api/usage`)).json()) as { error?: { code: string; retryAfterSeconds?: number } };
    assert.equal(usage.error?.code, 'rate_limited');
    assert.equal(usage.error?.retryAfterSeconds, 30);
    const seen = backend.requests.length;
    assert.equal(seen, 1);
    backend.setScenario('plus');
    const forced = await Promise.all([1, 2, 3, 4, 5].map(() => fetch(`${url}api/usage?refresh=1`).then((r) => r.json() as Promise<typeof usage>)));
    for (const f of forced) assert.equal(f.error?.code, 'rate_limited', 'the latest result, not a new request');
    assert.equal(backend.requests.length, seen, 'the backend saw no request during Retry-After');

    const patch = { display: { barsShow: 'used' } };
    const refused = await fetch(`${url}api/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
    assert.equal(refused.status, 401);
    const opened = await fetch(link[1], { redirect: 'manual' });
    assert.equal(opened.status, 303);
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const saved = await fetch(`${url}api/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(patch),
    });
    assert.equal(saved.status, 200);
    const evil = await fetch(`${url}api/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ codexBinaryPath: '/tmp/evil' }),
    });
    assert.equal(evil.status, 403);
    assert.match(
      ((await evil.json()) as { error: { message: string } }).error.message,
      new RegExp(`in ${join(home.path, 'qb', 'settings.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    assert.doesNotMatch(readFileSync(join(home.path, 'qb', 'settings.json'), 'utf8'), /evil/);
    abort.abort();
    assert.equal(await running, 0);
    assert.equal(out.stderr.split(secret).length - 1, 1, 'still only once after requests and shutdown');
  } finally {
    abort.abort();
    await backend.close();
    home.cleanup();
  }
});

test('bad ports and unknown flags are argument errors', async () => {
  for (const args of [['--port', '70000'], ['--port', 'http'], ['--timeout', '0'], ['--what']]) {
    const { out, io: cliIo } = io({});
    assert.equal(await runCli(['serve', ...args], cliIo), 64, args.join(' '));
    assert.match(out.stderr, /^quotabar serve: /);
  }
});

test('serve prints where it listens, answers, and stops cleanly when asked', async () => {
  const home = tempDir('quotabar-serve-cmd-');
  const abort = new AbortController();
  const env = { HOME: home.path, CODEX_HOME: join(home.path, 'no-codex'), QUOTABAR_HOME: join(home.path, 'qb') };
  const { out, io: cliIo } = io(env, abort.signal);
  try {
    const running = runCli(['serve', '--port', '0', '--codex-bin', join(home.path, 'missing-codex')], cliIo);
    let url: string | undefined;
    for (let i = 0; i < 200 && url === undefined; i++) {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.stderr)?.[1];
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(url, out.stderr);
    const health = (await (await fetch(`${url}api/health`)).json()) as { ok: boolean; version: string };
    assert.equal(health.ok, true);
    assert.match(health.version, /^\d+\.\d+\.\d+/);
    const usage = await fetch(`${url}api/usage`);
    assert.equal(usage.status, 200, 'the failure object, served like any usage object');
    const body = (await usage.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'codex_not_found', 'no auth.json, and the codex binary it falls back to is missing');
    abort.abort();
    assert.equal(await running, 0);
    assert.match(out.stderr, /quotabar serve: stopped\n$/);
    await assert.rejects(fetch(`${url}api/health`));
    assert.equal(out.stdout, '');
  } finally {
    abort.abort();
    home.cleanup();
  }
});

test('a port already in use is a clear failure', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const { port } = blocker.address() as AddressInfo;
  const home = tempDir('quotabar-serve-cmd-');
  try {
    const { out, io: cliIo } = io({ HOME: home.path, QUOTABAR_HOME: join(home.path, 'qb') });
    assert.equal(await runCli(['serve', '--port', String(port)], cliIo), 1);
    assert.match(out.stderr, new RegExp(`port ${port} is already in use; pick another with --port`));
  } finally {
    blocker.close();
    home.cleanup();
  }
});
