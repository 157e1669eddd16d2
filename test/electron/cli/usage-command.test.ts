import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackendDouble, type BackendDouble, type BackendScenario } from '../../doubles/chatgpt-backend-double.js';
import { writeCodexDouble } from '../../helpers/codex-double-bin.js';
import { tempDir, writeChatgptAuth, type WrittenAuth } from '../../helpers/codex-home-fixture.js';
import { runQuotabar } from '../../helpers/run-cli.js';

const FIXED_NOW = Date.parse('2026-11-21T19:00:00.000Z');
const NOW_SEC = FIXED_NOW / 1000;
const at = (afterSeconds: number) => new Date((NOW_SEC + afterSeconds) * 1000).toISOString();

const dir = tempDir('quotabar-cli-');
const codexHome = join(dir.path, 'codex-home');
const emptyPath = join(dir.path, 'empty-bin');
let auth: WrittenAuth;
let backend: BackendDouble;
let authBefore: { text: string; mtime: number };
const rpcDouble = writeCodexDouble(join(dir.path, 'rpc-normal'), { CODEX_DOUBLE_RPC: 'normal' });

before(async () => {
  auth = writeChatgptAuth(codexHome, { email: 'a@example.com', plan: 'plus', exp: Math.floor(Date.now() / 1000) + 3600 });
  authBefore = { text: readFileSync(auth.path, 'utf8'), mtime: statSync(auth.path).mtimeMs };
  backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123', now: () => FIXED_NOW, slowMs: 5000 });
});

after(async () => {
  // Every path above read auth.json; none may have changed it.
  assert.equal(readFileSync(auth.path, 'utf8'), authBefore.text);
  assert.equal(statSync(auth.path).mtimeMs, authBefore.mtime);
  await backend.close();
  dir.cleanup();
});

function env(extra: Record<string, string> = {}) {
  return { HOME: dir.path, PATH: `${emptyPath}:/usr/bin:/bin`, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, QUOTABAR_HOME: join(dir.path, 'qb-home'), ...extra };
}

async function usageJson(scenario: BackendScenario, args: string[] = [], extraEnv: Record<string, string> = {}) {
  backend.setScenario(scenario);
  const run = await runQuotabar(['usage', '--json', '--codex-home', codexHome, ...args], env(extraEnv));
  const json = JSON.parse(run.stdout) as Record<string, unknown>;
  // Timing varies: everything else must match the contract exactly.
  const attempts = (json.attempts as Array<{ ms: number }>).map((a) => ({ ...a, ms: typeof a.ms === 'number' ? 0 : a.ms }));
  const normalized: Record<string, unknown> = { ...json, attempts, ...(typeof json.fetchedAt === 'string' ? { fetchedAt: 'T' } : {}) };
  return { run, json: normalized };
}

const ok = (source: string) => ({ source, ok: true, ms: 0, error: null });
const ACCOUNT = { email: 'a@example.com', plan: 'plus', accountId: 'acc-123' };

test('normal plus: exactly the contract JSON from oauth', async () => {
  const { run, json } = await usageJson('plus');
  assert.equal(run.code, 0);
  assert.deepEqual(json, {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: 'T',
    account: ACCOUNT,
    session: { usedPercent: 23, windowMinutes: 300, resetsAt: at(7500) },
    weekly: { usedPercent: 41, windowMinutes: 10080, resetsAt: at(300000) },
    extraWindows: [],
    codeReview: null,
    credits: { balance: 0, hasCredits: false, unlimited: false },
    monthlyLimit: null,
    attempts: [ok('oauth')],
  });
  assert.equal(run.stderr, '');
  const last = backend.requests.at(-1);
  assert.equal(last?.path, '/backend-api/wham/usage');
  assert.equal(last?.authorized, true);
  assert.equal(last?.accountIdMatched, true);
});

test('pro with Spark and code review: extra windows, code review and credits', async () => {
  const { json } = await usageJson('pro-spark-review');
  assert.deepEqual(json, {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: 'T',
    account: { ...ACCOUNT, plan: 'pro' },
    session: { usedPercent: 4, windowMinutes: 300, resetsAt: at(8657) },
    weekly: { usedPercent: 19, windowMinutes: 10080, resetsAt: at(187681) },
    extraWindows: [
      { id: 'codex-spark-session', label: 'Codex Spark 5h', usedPercent: 3, windowMinutes: 300, resetsAt: at(9000) },
      { id: 'codex-spark-weekly', label: 'Codex Spark weekly', usedPercent: 9, windowMinutes: 10080, resetsAt: at(200000) },
      { id: 'codex-other', label: 'codex_other', usedPercent: 88, windowMinutes: 30, resetsAt: at(600) },
    ],
    codeReview: { usedPercent: 12, windowMinutes: 10080, resetsAt: at(400000) },
    credits: { balance: 7.5, hasCredits: true, unlimited: false },
    monthlyLimit: null,
    attempts: [ok('oauth')],
  });
});

test('free weekly-only: session is null and the weekly window is classified by duration', async () => {
  const { json } = await usageJson('free-weekly-only');
  assert.equal(json.session, null);
  assert.deepEqual(json.weekly, { usedPercent: 62, windowMinutes: 10080, resetsAt: at(250000) });
  assert.deepEqual(json.credits, { balance: null, hasCredits: false, unlimited: false });
  assert.deepEqual((json.account as { plan: string }).plan, 'free');
});

test('team with spend control: the monthly limit', async () => {
  const { json } = await usageJson('team-spend-control');
  assert.deepEqual(json.monthlyLimit, { limit: 1000, used: 36.79, remainingPercent: 96, resetsAt: at(2105558) });
  assert.deepEqual(json.credits, { balance: 0, hasCredits: false, unlimited: false });
});

test('swapped windows and a malformed sibling: classified by duration, the bad entry dropped', async () => {
  const swapped = await usageJson('swapped-windows');
  assert.equal((swapped.json.session as { usedPercent: number }).usedPercent, 23);
  const sibling = await usageJson('malformed-sibling');
  assert.deepEqual(sibling.json.extraWindows, [{ id: 'codex-spark-session', label: 'Codex Spark 5h', usedPercent: 7, windowMinutes: 300, resetsAt: at(500) }]);
});

test('401 moves on to rpc', async () => {
  const { run, json } = await usageJson('unauthorized', ['--codex-bin', rpcDouble]);
  assert.equal(run.code, 0);
  assert.equal(json.source, 'rpc');
  assert.deepEqual(json.sources, ['rpc']);
  const attempts = json.attempts as Array<{ source: string; ok: boolean; error: { code: string } | null }>;
  assert.deepEqual(
    attempts.map((a) => [a.source, a.ok, a.error?.code ?? null]),
    [
      ['oauth', false, 'unauthorized'],
      ['rpc', true, null],
    ],
  );
  assert.equal((json.session as { usedPercent: number }).usedPercent, 23);
});

test('500 is server_error with no rpc attempt', async () => {
  const { run, json } = await usageJson('server-error', ['--codex-bin', rpcDouble]);
  assert.equal(run.code, 1);
  assert.deepEqual(Object.keys(json), ['schemaVersion', 'error', 'attempts']);
  assert.equal((json.error as { code: string }).code, 'server_error');
  assert.deepEqual(
    (json.attempts as Array<{ source: string }>).map((a) => a.source),
    ['oauth'],
  );
});

test('429 is rate_limited, a Cloudflare page and non-JSON are bad_response (exit 3), all without rpc', async () => {
  const limited = await usageJson('rate-limited', ['--codex-bin', rpcDouble]);
  assert.equal(limited.run.code, 1);
  assert.equal((limited.json.error as { code: string }).code, 'rate_limited');
  for (const scenario of ['cloudflare-html', 'not-json'] as const) {
    const { run, json } = await usageJson(scenario, ['--codex-bin', rpcDouble]);
    assert.equal(run.code, 3, scenario);
    assert.equal((json.error as { code: string }).code, 'bad_response');
    assert.equal((json.attempts as unknown[]).length, 1);
  }
});

test('a slow backend times out within --timeout with exit code 4', async () => {
  // The double answers only after 10 s: a timeout error (rather than usage) shows --timeout 1 ended it.
  const { run, json } = await usageJson('slow', ['--timeout', '1']);
  assert.equal(run.code, 4);
  assert.equal((json.error as { code: string }).code, 'timeout');
  assert.match((json.error as { message: string }).message, /within 1 s/);
});

test('a missing auth.json moves on to rpc', async () => {
  const home = join(dir.path, 'no-auth-home');
  backend.setScenario('plus');
  const run = await runQuotabar(['usage', '--json', '--codex-home', home, '--codex-bin', rpcDouble], env());
  const json = JSON.parse(run.stdout) as { source: string; attempts: Array<{ source: string; error: { code: string; message: string } | null }> };
  assert.equal(run.code, 0);
  assert.equal(json.source, 'rpc');
  assert.equal(json.attempts[0]?.error?.code, 'not_logged_in');
  assert.match(json.attempts[0]?.error?.message ?? '', /codex login/);
});

test('a stale token moves on to rpc without calling the backend with it', async () => {
  const home = join(dir.path, 'stale-home');
  const stale = writeChatgptAuth(home, { exp: Math.floor(Date.now() / 1000) + 60 });
  const requestsBefore = backend.requests.length;
  const run = await runQuotabar(['usage', '--json', '--codex-home', home, '--codex-bin', rpcDouble], env());
  const json = JSON.parse(run.stdout) as { source: string; attempts: Array<{ source: string; error: { code: string } | null }> };
  assert.equal(json.source, 'rpc');
  assert.deepEqual(
    json.attempts.map((a) => a.error?.code ?? 'ok'),
    ['token_stale', 'ok'],
  );
  assert.equal(backend.requests.length, requestsBefore);
  assert.equal(readFileSync(stale.path, 'utf8'), stale.text);
});

test('no auth.json and no codex binary: codex_not_found with exit code 2', async () => {
  const run = await runQuotabar(['usage', '--json', '--codex-home', join(dir.path, 'nothing')], env());
  const json = JSON.parse(run.stdout) as { error: { code: string; message: string }; attempts: Array<{ source: string }> };
  assert.equal(json.error.code, 'codex_not_found');
  assert.match(json.error.message, /npm i -g @openai\/codex/);
  assert.equal(run.code, 2);
  assert.deepEqual(
    json.attempts.map((a) => a.source),
    ['oauth', 'rpc', 'pty'],
  );
});

test('--source oauth runs oauth alone even when it cannot authenticate', async () => {
  const { run, json } = await usageJson('unauthorized', ['--source', 'oauth', '--codex-bin', rpcDouble]);
  assert.equal(run.code, 1);
  assert.equal((json.error as { code: string }).code, 'unauthorized');
  assert.deepEqual(
    (json.attempts as Array<{ source: string }>).map((a) => a.source),
    ['oauth'],
  );
});

test('--source rpc runs the app-server alone', async () => {
  const { json } = await usageJson('plus', ['--source', 'rpc', '--codex-bin', rpcDouble]);
  assert.equal(json.source, 'rpc');
  assert.deepEqual(
    (json.attempts as Array<{ source: string }>).map((a) => a.source),
    ['rpc'],
  );
});

test('bad arguments exit 64, as JSON with --json', async () => {
  const bad = await runQuotabar(['usage', '--json', '--source', 'carrier-pigeon'], env());
  assert.equal(bad.code, 64);
  assert.deepEqual(JSON.parse(bad.stdout), {
    schemaVersion: 1,
    error: { code: 'bad_arguments', message: '--source must be one of auto, oauth, cli, rpc, pty, web; got "carrier-pigeon". Run `quotabar help usage`.' },
    attempts: [],
  });
  const timeout = await runQuotabar(['usage', '--timeout', '-3'], env());
  assert.equal(timeout.code, 64);
  assert.match(timeout.stderr, /--timeout/);
  const unknown = await runQuotabar(['usage', '--frobnicate'], env());
  assert.equal(unknown.code, 64);
});

test('text output shows bars, "% left" and the reset countdown', async () => {
  const live = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123' });
  try {
    const run = await runQuotabar(['usage', '--codex-home', codexHome], { ...env(), QUOTABAR_CHATGPT_BASE_URL: live.baseUrl });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Codex · Plus · a@example\.com {2}\(from oauth\)$/m);
    assert.match(run.stdout, /^Session \(5h\) {2}[█░]{20} {3}77% left · resets in 2h 5m$/m);
    assert.match(run.stdout, /^Weekly {8}[█░]{20} {3}59% left · resets in 3d 11h$/m);
    assert.match(run.stdout, /^Credits {7}0 credits$/m);
  } finally {
    await live.close();
  }
});

test('a failure in text mode goes to stderr with what to do', async () => {
  backend.setScenario('server-error');
  const run = await runQuotabar(['usage', '--codex-home', codexHome], env());
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /server error \(HTTP 500\)\. This is usually temporary/);
});

test('help and version', async () => {
  const help = await runQuotabar(['help', 'usage'], env());
  assert.match(help.stdout, /^quotabar usage \[--source auto\|oauth\|cli\|rpc\|pty\|web\]/);
  const version = await runQuotabar(['--version'], env());
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  rmSync(join(dir.path, 'qb-home'), { recursive: true, force: true });
});

test('the codex path from the shared settings file is used after $CODEX_CLI_PATH', async () => {
  const qbHome = join(dir.path, 'qb-settings');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(qbHome, { recursive: true });
  writeFileSync(join(qbHome, 'settings.json'), JSON.stringify({ version: 1, codexBinaryPath: rpcDouble }));
  const run = await runQuotabar(['usage', '--json', '--source', 'rpc', '--codex-home', codexHome], env({ QUOTABAR_HOME: qbHome }));
  assert.equal((JSON.parse(run.stdout) as { source: string }).source, 'rpc');
  const viaEnv = await runQuotabar(
    ['usage', '--json', '--source', 'rpc', '--codex-home', codexHome],
    env({ QUOTABAR_HOME: qbHome, CODEX_CLI_PATH: '/nope/codex' }),
  );
  assert.equal((JSON.parse(viaEnv.stdout) as { error: { code: string } }).error.code, 'codex_not_found');
});

test('a successful usage is kept in the history, and a history that cannot be written only warns (interface §8)', async () => {
  backend.setScenario('plus');
  const qbHome = join(dir.path, 'qb-history-home');
  const run = await runQuotabar(['usage', '--json', '--codex-home', codexHome], env({ QUOTABAR_HOME: qbHome }));
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  const history = await runQuotabar(['history', '--json'], env({ QUOTABAR_HOME: qbHome }));
  const parsed = JSON.parse(history.stdout) as {
    accounts: Array<{ accountId: string; email: string; windows: Array<{ id: string; samples: Array<{ usedPercent: number; resetsAt: string }> }> }>;
  };
  assert.deepEqual(
    parsed.accounts.map((a) => [a.accountId, a.email, a.windows.map((w) => [w.id, w.samples.map((s) => [s.usedPercent, s.resetsAt])])]),
    [
      [
        'acc-123',
        'a@example.com',
        [
          ['session', [[23, at(7500)]]],
          ['weekly', [[41, at(300000)]]],
        ],
      ],
    ],
  );

  // A QuotaBar home that cannot exist (its parent is a file): the usage still succeeds, with a warning.
  writeFileSync(join(dir.path, 'not-a-folder'), '');
  const blocked = await runQuotabar(['usage', '--json', '--codex-home', codexHome], env({ QUOTABAR_HOME: join(dir.path, 'not-a-folder', 'qb') }));
  assert.equal(blocked.code, 0);
  assert.equal((JSON.parse(blocked.stdout) as { source: string }).source, 'oauth');
  assert.match(blocked.stderr, /^quotabar usage: The usage history .*not-a-folder.qb.history\.sqlite could not be used \(ENOTDIR/m);
});
