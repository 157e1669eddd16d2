import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings } from '../../../shared/settings-model.js';
import { homeAccountId } from '../../../electron/core/accounts/account-discovery.js';
import { startBackendDouble, type BackendDouble } from '../../doubles/chatgpt-backend-double.js';
import { canary, tempDir, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';
import { writeCcsAccount, writeCodexProxyRegistry } from '../../helpers/account-pool-fixture.js';
import { runQuotabar } from '../../helpers/run-cli.js';

// A HOME laid out like a machine with Codex, a second Codex home in settings, CCS's Codex pool and
// codex-proxy's registry. The backend double knows every account's token and account id.

const FIXED_NOW = Date.parse('2026-11-21T19:00:00.000Z');
const at = (afterSeconds: number) => new Date(FIXED_NOW + afterSeconds * 1000).toISOString();
const VALID = Date.now() + 6 * 3600_000;
const EXPIRED = Math.floor(Date.now() / 1000) * 1000 - 3600_000;

const dir = tempDir('quotabar-accounts-');
const home = dir.path;
const defaultHome = join(home, '.codex');
const workHome = join(home, 'work-codex');
const quotabarHome = join(home, 'qb');
const markers: string[] = [];
const mark = () => {
  const m = canary();
  markers.push(m);
  return m;
};
let backend: BackendDouble;
let importedFiles: string[] = [];
let before_: Array<{ path: string; bytes: Buffer; mtime: number }> = [];

function writeSettings(patch: Record<string, unknown>): void {
  mkdirSync(quotabarHome, { recursive: true });
  writeFileSync(join(quotabarHome, 'settings.json'), JSON.stringify({ ...defaultSettings(), ...patch }, null, 2));
}

before(async () => {
  const main = writeChatgptAuth(defaultHome, { email: 'a@example.com', accountId: 'acc-123', exp: Math.floor(VALID / 1000), marker: mark() });
  const work = writeChatgptAuth(workHome, { email: 'work@example.com', accountId: 'acc-work', exp: Math.floor(VALID / 1000), marker: mark() });
  const carol = writeCcsAccount(home, { email: 'carol@example.com', accountId: 'acc-carol', expiresAtMs: VALID, marker: mark(), accountIdInClaimsOnly: true });
  const dave = writeCcsAccount(home, { email: 'dave@example.com', accountId: 'acc-dave', expiresAtMs: EXPIRED, marker: mark() });
  // The default home's own account, also in CCS's pool: listed once, as the Codex home.
  const dupe = writeCcsAccount(home, { email: 'a@example.com', accountId: 'acc-123', expiresAtMs: VALID, marker: mark() });
  const proxy = writeCodexProxyRegistry(home, [
    { email: 'erin@example.com', accountId: 'acc-erin', expiresAtMs: VALID, marker: mark() },
    { email: 'carol@example.com', accountId: 'acc-carol', expiresAtMs: VALID, marker: mark() },
  ]);
  importedFiles = [main.path, work.path, carol.path, dave.path, dupe.path, proxy.path];
  before_ = importedFiles.map((path) => ({ path, bytes: readFileSync(path), mtime: statSync(path).mtimeMs }));
  backend = await startBackendDouble({
    scenario: 'plus',
    accessToken: main.accessToken,
    accountId: 'acc-123',
    now: () => FIXED_NOW,
    accounts: [
      { accessToken: work.accessToken, accountId: 'acc-work', scenario: 'free-weekly-only' },
      { accessToken: carol.accessToken, accountId: 'acc-carol', scenario: 'nearly-out' },
      { accessToken: dave.accessToken, accountId: 'acc-dave' },
      { accessToken: dupe.accessToken, accountId: 'acc-123' },
      { accessToken: proxy.tokens[0]?.accessToken ?? '', accountId: 'acc-erin', scenario: 'unauthorized' },
      { accessToken: proxy.tokens[1]?.accessToken ?? '', accountId: 'acc-carol' },
    ],
  });
  writeSettings({ accounts: [{ id: 'work', label: 'Work', codexHome: workHome }] });
});

after(async () => {
  // Every run read these files; none may have changed them.
  for (const file of before_) {
    assert.deepEqual(readFileSync(file.path), file.bytes, `${file.path} changed`);
    assert.equal(statSync(file.path).mtimeMs, file.mtime, `${file.path} was touched`);
  }
  await backend.close();
  dir.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({
  HOME: home,
  QUOTABAR_HOME: quotabarHome,
  QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl,
  PATH: `${join(home, 'no-bin')}:/usr/bin:/bin`,
  ...extra,
});

function assertNoSecrets(texts: string[]): void {
  for (const text of texts) {
    for (const marker of markers) assert.ok(!text.includes(marker), 'a token marker leaked into the output');
    assert.ok(!/Bearer\s+ey/i.test(text), 'an Authorization header leaked');
  }
}

type Json = Record<string, unknown>;
/** Timing and fetch times vary; everything else must match the contract exactly. */
function normalize(usage: Json): Json {
  const attempts = (usage.attempts as Array<{ ms: number }>).map((a) => ({ ...a, ms: 0 }));
  return { ...usage, attempts, ...(typeof usage.fetchedAt === 'string' ? { fetchedAt: 'T' } : {}) };
}
const okAttempt = { source: 'oauth', ok: true, ms: 0, error: null };

test('--all-accounts --json lists every account once, in contract order, each with its own usage', async () => {
  const requestsBefore = backend.requests.length;
  const run = await runQuotabar(['usage', '--all-accounts', '--json', '--import', 'ccs,codex-proxy'], env());
  assert.equal(run.code, 0, run.stderr);
  assertNoSecrets([run.stdout, run.stderr]);
  const json = JSON.parse(run.stdout) as { schemaVersion: number; accounts: Array<Json & { usage: Json }> };
  assert.deepEqual(Object.keys(json), ['schemaVersion', 'accounts']);
  assert.equal(json.schemaVersion, 1);
  const accounts = json.accounts.map((a) => ({ ...a, usage: normalize(a.usage) }));
  assert.deepEqual(accounts, [
    {
      id: homeAccountId(defaultHome),
      label: 'a@example.com',
      origin: 'codex-home',
      email: 'a@example.com',
      usage: {
        schemaVersion: 1,
        source: 'oauth',
        sources: ['oauth'],
        fetchedAt: 'T',
        account: { email: 'a@example.com', plan: 'plus', accountId: 'acc-123' },
        session: { usedPercent: 23, windowMinutes: 300, resetsAt: at(7500) },
        weekly: { usedPercent: 41, windowMinutes: 10080, resetsAt: at(300000) },
        extraWindows: [],
        codeReview: null,
        credits: { balance: 0, hasCredits: false, unlimited: false },
        monthlyLimit: null,
        attempts: [okAttempt],
      },
    },
    {
      id: homeAccountId(workHome),
      label: 'Work',
      origin: 'codex-home',
      email: 'work@example.com',
      usage: {
        schemaVersion: 1,
        source: 'oauth',
        sources: ['oauth'],
        fetchedAt: 'T',
        account: { email: 'work@example.com', plan: 'free', accountId: 'acc-work' },
        session: null,
        weekly: { usedPercent: 62, windowMinutes: 10080, resetsAt: at(250000) },
        extraWindows: [],
        codeReview: null,
        credits: { balance: null, hasCredits: false, unlimited: false },
        monthlyLimit: null,
        attempts: [okAttempt],
      },
    },
    {
      id: 'ccs:acc-carol',
      label: 'carol@example.com',
      origin: 'ccs',
      email: 'carol@example.com',
      usage: {
        schemaVersion: 1,
        source: 'oauth',
        sources: ['oauth'],
        fetchedAt: 'T',
        account: { email: 'carol@example.com', plan: 'plus', accountId: 'acc-carol' },
        session: { usedPercent: 97, windowMinutes: 300, resetsAt: at(1200) },
        weekly: { usedPercent: 90, windowMinutes: 10080, resetsAt: at(90000) },
        extraWindows: [],
        codeReview: null,
        credits: null,
        monthlyLimit: null,
        attempts: [okAttempt],
      },
    },
    {
      id: 'ccs:acc-dave',
      label: 'dave@example.com',
      origin: 'ccs',
      email: 'dave@example.com',
      usage: {
        schemaVersion: 1,
        error: {
          code: 'token_stale',
          message: `The CCS access token for dave@example.com expired at ${new Date(EXPIRED).toISOString()}. QuotaBar never refreshes it: run CCS to refresh it, then refresh.`,
        },
        attempts: [
          {
            source: 'oauth',
            ok: false,
            ms: 0,
            error: {
              code: 'token_stale',
              message: `The CCS access token for dave@example.com expired at ${new Date(EXPIRED).toISOString()}. QuotaBar never refreshes it: run CCS to refresh it, then refresh.`,
            },
          },
        ],
      },
    },
    {
      id: 'codex-proxy:acc-erin',
      label: 'erin@example.com',
      origin: 'codex-proxy',
      email: 'erin@example.com',
      usage: {
        schemaVersion: 1,
        error: {
          code: 'unauthorized',
          message: 'ChatGPT rejected the codex-proxy access token for erin@example.com. Run codex-proxy to refresh or sign in again, then refresh.',
        },
        attempts: [
          {
            source: 'oauth',
            ok: false,
            ms: 0,
            error: {
              code: 'unauthorized',
              message: 'ChatGPT rejected the codex-proxy access token for erin@example.com. Run codex-proxy to refresh or sign in again, then refresh.',
            },
          },
        ],
      },
    },
  ]);
  const sent = backend.requests.slice(requestsBefore);
  // The expired token was never sent; the duplicates were not asked for; each request carried its own account id.
  assert.deepEqual(sent.map((r) => r.account ?? 'default').sort(), ['acc-carol', 'acc-erin', 'acc-work', 'default']);
  assert.ok(sent.every((r) => r.authorized && r.accountIdMatched));
});

test('the text form is one line per account with the session and weekly % left and the next reset', async () => {
  const run = await runQuotabar(['usage', '--all-accounts', '--import', 'ccs'], env());
  assert.equal(run.code, 0, run.stderr);
  assertNoSecrets([run.stdout, run.stderr]);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0] ?? '', /^a@example\.com {6}5h 77% left · wk 59% left · resets (in \S|now)/);
  assert.match(lines[1] ?? '', /^Work {15}5h — · wk 38% left · resets (in \S|now)/);
  assert.match(lines[2] ?? '', /^carol@example\.com {2}5h 3% left · wk 10% left · resets (in \S|now)/);
  assert.match(lines[3] ?? '', /^dave@example\.com {3}token_stale: The CCS access token/);
});

test('--account picks one account by email and prints the normal usage output for it', async () => {
  writeSettings({ accounts: [{ id: 'work', label: 'Work', codexHome: workHome }], importAccounts: { ccs: true, codexProxy: false } });
  try {
    const run = await runQuotabar(['usage', '--account', 'Carol@Example.com', '--json'], env());
    assert.equal(run.code, 0, run.stderr);
    assertNoSecrets([run.stdout, run.stderr]);
    const json = normalize(JSON.parse(run.stdout) as Json);
    assert.deepEqual(json.account, { email: 'carol@example.com', plan: 'plus', accountId: 'acc-carol' });
    assert.deepEqual(json.session, { usedPercent: 97, windowMinutes: 300, resetsAt: at(1200) });
    const byLabel = await runQuotabar(['usage', '--account', 'Work', '--format', 'line'], env());
    assert.equal(byLabel.stdout, 'wk 38%\n');
  } finally {
    writeSettings({ accounts: [{ id: 'work', label: 'Work', codexHome: workHome }] });
  }
});

test('an unknown --account exits 64 and lists the known accounts', async () => {
  const run = await runQuotabar(['usage', '--account', 'nobody@example.com'], env());
  assert.equal(run.code, 64);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /No account matches "nobody@example\.com"/);
  assert.ok(run.stderr.includes(`${homeAccountId(defaultHome)} (a@example.com)`), run.stderr);
  assert.ok(run.stderr.includes(`${homeAccountId(workHome)} (Work, work@example.com)`), run.stderr);
});

test('a bad --import list or --account with --all-accounts is a usage error (64)', async () => {
  const bad = await runQuotabar(['usage', '--all-accounts', '--json', '--import', 'ccs,codexbar'], env());
  assert.equal(bad.code, 64);
  const json = JSON.parse(bad.stdout) as { error: { code: string; message: string } };
  assert.equal(json.error.code, 'bad_arguments');
  assert.match(json.error.message, /"codexbar" is not one of them/);
  const both = await runQuotabar(['usage', '--all-accounts', '--account', 'Work'], env());
  assert.equal(both.code, 64);
});

test('--all-accounts exits 1 when no account has usage', async () => {
  const empty = tempDir('quotabar-accounts-empty-');
  try {
    const run = await runQuotabar(['usage', '--all-accounts', '--json', '--source', 'oauth'], {
      ...env(),
      HOME: empty.path,
      QUOTABAR_HOME: join(empty.path, 'qb'),
    });
    assert.equal(run.code, 1);
    const json = JSON.parse(run.stdout) as { accounts: Array<{ origin: string; usage: { error: { code: string } } }> };
    assert.deepEqual(
      json.accounts.map((a) => [a.origin, a.usage.error.code]),
      [['codex-home', 'not_logged_in']],
    );
  } finally {
    empty.cleanup();
  }
});

test('imported tokens never reach stdout, stderr or QuotaBar files, even with verbose logging', async () => {
  const { readdirSync } = await import('node:fs');
  for (const args of [['--json'], [], ['--account', 'erin@example.com', '--json'], ['--account', 'dave@example.com']]) {
    const run = await runQuotabar(
      ['usage', '--verbose', '--import', 'ccs,codex-proxy', ...(args.includes('--account') ? args : ['--all-accounts', ...args])],
      env(),
    );
    assertNoSecrets([run.stdout, run.stderr]);
  }
  for (const name of readdirSync(quotabarHome)) {
    const text = readFileSync(join(quotabarHome, name)).toString('latin1');
    for (const marker of markers) assert.ok(!text.includes(marker), `a token marker leaked into ${name}`);
  }
});
