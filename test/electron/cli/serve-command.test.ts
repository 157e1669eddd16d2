import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/main.js';
import { tempDir } from '../../helpers/codex-home-fixture.js';

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
  assert.match(out.stderr, /binding to 0\.0\.0\.0 needs --token/);
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
