import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rpcSource } from '../../../../../electron/core/usage/rpc/rpc-source.js';
import { buildContext } from '../../../../../electron/core/usage/usage-service.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';
import { writeRecordingCodexDouble } from '../../../../helpers/codex-double-bin.js';
import { tempDir, writeChatgptAuth } from '../../../../helpers/codex-home-fixture.js';
import { processesMentioning, waitForNoProcesses } from '../../../../helpers/process-scan.js';
import { startBackendDouble } from '../../../../doubles/chatgpt-backend-double.js';

const dir = tempDir('quotabar-rpc-');
after(() => dir.cleanup());
const codexHome = join(dir.path, 'codex-home');
const auth = writeChatgptAuth(codexHome, { exp: Math.floor(Date.now() / 1000) + 3600 });

function setup(scenario: string, extraEnv: Record<string, string> = {}) {
  const binDir = join(dir.path, `bin-${scenario}-${Math.random().toString(36).slice(2)}`);
  const { bin, entries: lines } = writeRecordingCodexDouble(binDir, { CODEX_DOUBLE_RPC: scenario });
  const ctx = buildContext({ source: 'rpc', env: { PATH: '/usr/bin:/bin', HOME: dir.path, ...extraEnv }, codexHome, codexBin: bin, timeoutSeconds: 1.5 });
  return { ctx, binDir, lines };
}

async function fetchError(ctx: ReturnType<typeof setup>['ctx']): Promise<SourceError> {
  try {
    await rpcSource.fetch(ctx);
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the fetch to fail');
}

test('the normal scenario speaks the wire format: no jsonrpc field, clientInfo, no params on rateLimits/read', async () => {
  const { ctx, lines, binDir } = setup('normal');
  const snapshot = await rpcSource.fetch(ctx);
  assert.equal(snapshot.session?.usedPercent, 23);
  assert.equal(snapshot.weekly?.usedPercent, 41);
  assert.equal(snapshot.account.email, 'rpc@example.com');
  const received = lines()
    .filter((l) => 'in' in l)
    .map((l) => l.in as Record<string, unknown>);
  assert.deepEqual(
    received.map((m) => m.method),
    ['initialize', 'initialized', 'account/rateLimits/read', 'account/read'],
  );
  assert.ok(received.every((m) => !('jsonrpc' in m)));
  const packageVersion = (JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  assert.deepEqual((received[0]?.params as { clientInfo: unknown }).clientInfo, { name: 'quotabar', title: 'QuotaBar', version: packageVersion });
  assert.ok(!('params' in (received[2] ?? {})));
  assert.deepEqual(received[3]?.params, {});
  const start = lines().find((l) => 'start' in l)?.start as { argv: string[] };
  assert.deepEqual(start.argv, ['app-server']);
  assert.deepEqual(await waitForNoProcesses(binDir), []);
});

test('API keys in the parent environment never reach the app-server', async () => {
  const { ctx, lines } = setup('normal', { OPENAI_API_KEY: 'sk-should-not-pass', CODEX_API_KEY: 'sk-nor-this', SOME_SECRET: 'x' });
  await rpcSource.fetch(ctx);
  const start = lines().find((l) => 'start' in l)?.start as { envKeys: string[] };
  assert.ok(!start.envKeys.includes('OPENAI_API_KEY'));
  assert.ok(!start.envKeys.includes('CODEX_API_KEY'));
  assert.ok(!start.envKeys.includes('SOME_SECRET'));
  assert.ok(start.envKeys.includes('CODEX_HOME'));
});

test('notifications interleaved before the replies are ignored', async () => {
  const snapshot = await rpcSource.fetch(setup('notifications-first').ctx);
  // The rolling update carried 99 %; only the read's answer counts.
  assert.equal(snapshot.session?.usedPercent, 23);
});

test('garbage lines and a server-to-client request do not break the exchange', async () => {
  const snapshot = await rpcSource.fetch(setup('garbage').ctx);
  assert.equal(snapshot.weekly?.usedPercent, 41);
});

test('the pro scenario reports the Spark bucket, credits and the monthly limit', async () => {
  const snapshot = await rpcSource.fetch(setup('pro').ctx);
  assert.deepEqual(
    snapshot.extraWindows.map((w) => w.id),
    ['codex-spark-session', 'codex-spark-weekly'],
  );
  assert.equal(snapshot.credits?.balance, 7.5);
  assert.equal(snapshot.monthlyLimit?.remainingPercent, 68);
});

test('not logged in and API-key login both map to not_logged_in with their own advice', async () => {
  const notLogged = await fetchError(setup('not-logged-in').ctx);
  assert.equal(notLogged.code, 'not_logged_in');
  assert.match(notLogged.message, /codex login/);
  const apiKey = await fetchError(setup('api-key').ctx);
  assert.equal(apiKey.code, 'not_logged_in');
  assert.match(apiKey.message, /API key/);
});

test('a -32603 error embedding the backend body is parsed as usage', async () => {
  const snapshot = await rpcSource.fetch(setup('body-decode-error').ctx);
  assert.equal(snapshot.account.plan, 'prolite');
  assert.equal(snapshot.session?.usedPercent, 35);
  assert.equal(snapshot.weekly?.usedPercent, 12);
  assert.equal(snapshot.credits?.balance, 0);
});

test('an unsupported method is not_supported; a crash says the app-server exited', async () => {
  assert.equal((await fetchError(setup('unsupported').ctx)).code, 'not_supported');
  const crash = await fetchError(setup('crash').ctx);
  assert.equal(crash.code, 'not_supported');
  assert.match(crash.message, /exited before answering \(exit code 101\)/);
});

test('a hang times out within --timeout and the child is reaped', async () => {
  const { ctx, binDir } = setup('hang');
  // The double never answers: only the source's own deadline can end this with a timeout.
  const error = await fetchError(ctx);
  assert.equal(error.code, 'timeout');
  assert.match(error.message, /initialize/);
  assert.deepEqual(await waitForNoProcesses(binDir), []);
});

test('a hang on account/rateLimits/read times out naming that method', async () => {
  const error = await fetchError(setup('hang-rate-limits').ctx);
  assert.equal(error.code, 'timeout');
  assert.match(error.message, /account\/rateLimits\/read/);
});

test('a child that ignores SIGTERM is killed, with its grandchildren', async () => {
  for (const scenario of ['ignore-sigterm', 'hang-with-child']) {
    const { ctx, binDir, lines } = setup(scenario);
    await fetchError(ctx);
    assert.deepEqual(await waitForNoProcesses(binDir), [], `${scenario} left processes behind`);
    assert.ok(
      lines().some((l) => l.signal === 'SIGTERM'),
      'SIGTERM came first',
    );
  }
});

test('a runaway line is capped instead of buffered', async () => {
  const error = await fetchError(setup('huge-line').ctx);
  assert.equal(error.code, 'bad_response');
  assert.match(error.message, /over \d+ bytes/);
});

test('a missing binary is codex_not_found before anything is spawned', async () => {
  const ctx = buildContext({ source: 'rpc', env: { PATH: join(dir.path, 'empty'), HOME: join(dir.path, 'nohome') }, codexHome });
  const availability = await rpcSource.isAvailable(ctx);
  assert.equal(availability.ok, false);
  assert.equal(!availability.ok && availability.error.code, 'codex_not_found');
});

test('with a base URL override the app-server is pointed at it and reads the backend itself', async () => {
  const backend = await startBackendDouble({ scenario: 'pro-spark-review', accessToken: auth.accessToken, accountId: 'acc-123' });
  try {
    const { ctx, lines } = setup('proxy', { QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl });
    const snapshot = await rpcSource.fetch(ctx);
    assert.equal(snapshot.session?.usedPercent, 4);
    const start = lines().find((l) => 'start' in l)?.start as { argv: string[] };
    assert.deepEqual(start.argv, ['-c', `chatgpt_base_url=${JSON.stringify(backend.baseUrl)}`, 'app-server']);
    assert.equal(backend.requests.at(-1)?.authorized, true);
  } finally {
    await backend.close();
  }
});

test('auth.json is never written by the rpc source', async () => {
  const before = { text: readFileSync(auth.path, 'utf8'), mtime: statSync(auth.path).mtimeMs };
  await rpcSource.fetch(setup('normal').ctx);
  await fetchError(setup('crash').ctx);
  assert.equal(readFileSync(auth.path, 'utf8'), before.text);
  assert.equal(statSync(auth.path).mtimeMs, before.mtime);
  assert.deepEqual(
    processesMentioning(dir.path).filter((p) => p !== process.pid),
    [],
  );
});
