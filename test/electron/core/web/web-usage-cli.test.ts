// `quotabar usage --source web --json` end to end: the built CLI as a child process, a temporary
// HOME laid out like a real Linux profile tree with real cookie databases, and the backend double.
// (macOS and Windows layouts are reached through createWebSource({ platform }) in web-source.test.ts.)

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { startBackendDouble, type BackendDouble, type WebSession } from '../../../doubles/chatgpt-backend-double.js';
import { canary, tempDir, writeChatgptAuth } from '../../../helpers/codex-home-fixture.js';
import { runQuotabar, type CliRun } from '../../../helpers/run-cli.js';
import {
  cbcEncryptor,
  fakeSecretTool,
  writeChromiumCookiesDb,
  writeFirefoxCookiesDb,
  writeProfilesIni,
  type FixtureCookie,
  canarySession,
  CODEX_EMAIL,
  SESSION_COOKIE,
} from './cookie-fixtures.js';

interface Cli {
  home: string;
  binDir: string;
  double: BackendDouble;
  session: WebSession;
  secrets: string[];
  run(extraArgs?: string[]): Promise<CliRun & { json: Record<string, unknown> }>;
}

async function cli(t: TestContext, options: { sessionEmail?: string; expired?: boolean } = {}): Promise<Cli> {
  const dir = tempDir('quotabar-webcli-');
  t.after(dir.cleanup);
  const home = dir.path;
  const marker = canary();
  const auth = writeChatgptAuth(join(home, '.codex'), { email: CODEX_EMAIL, plan: 'pro', accountId: 'acc-123', marker });
  const session = canarySession({
    ...(options.sessionEmail !== undefined ? { email: options.sessionEmail } : {}),
    ...(options.expired ? { expired: true } : {}),
  });
  // The oauth token is refused, so only the web session can produce usage.
  const double = await startBackendDouble({ scenario: 'pro-spark-review', accessToken: canary(), accountId: auth.accountId, session });
  t.after(() => double.close());
  const binDir = join(home, 'fake-bin');
  return {
    home,
    binDir,
    double,
    session,
    secrets: [marker, auth.accessToken, session.cookieValue, session.accessToken],
    async run(extraArgs = []) {
      const result = await runQuotabar(['usage', '--source', 'web', '--json', ...extraArgs], {
        HOME: home,
        PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        QUOTABAR_HOME: join(home, 'quotabar-home'),
        QUOTABAR_CHATGPT_BASE_URL: double.baseUrl,
      });
      for (const secret of [marker, auth.accessToken, session.cookieValue, session.accessToken]) {
        assert.equal(result.stdout.includes(secret), false, 'a secret reached stdout');
        assert.equal(result.stderr.includes(secret), false, 'a secret reached stderr');
      }
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(result.stdout) as Record<string, unknown>;
      } catch {
        assert.fail(`stdout is not one JSON object: ${result.stdout}\nstderr: ${result.stderr}`);
      }
      return { ...result, json };
    },
  };
}

function cookies(session: WebSession): FixtureCookie[] {
  return [
    { host: '.chatgpt.com', name: session.cookieName, value: session.cookieValue },
    { host: 'chatgpt.com', name: 'oai-did', value: `did-${randomBytes(4).toString('hex')}`, httpOnly: false },
  ];
}

const chromePath = (home: string): string => join(home, '.config', 'google-chrome', 'Default', 'Network', 'Cookies');

function writeFirefox(c: Cli): void {
  const root = join(c.home, '.mozilla', 'firefox');
  writeProfilesIni(root, [{ name: 'default-release', path: 'abcd.default-release', isDefault: true }]);
  writeFirefoxCookiesDb(join(root, 'abcd.default-release', 'cookies.sqlite'), cookies(c.session));
}

/** interface §3's JSON for the pro-spark-review scenario, produced by the web source. */
function assertWebReport(run: CliRun & { json: Record<string, unknown> }, from: string): void {
  assert.equal(run.code, 0, run.stderr);
  const r = run.json;
  assert.equal(r.schemaVersion, 1);
  assert.equal(r.source, 'web');
  assert.deepEqual(r.sources, ['web']);
  assert.match(String(r.fetchedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(r.account, { email: CODEX_EMAIL, plan: 'pro', accountId: 'acc-123' });
  assert.deepEqual([(r.session as { usedPercent: number }).usedPercent, (r.session as { windowMinutes: number }).windowMinutes], [4, 300]);
  assert.deepEqual([(r.weekly as { usedPercent: number }).usedPercent, (r.weekly as { windowMinutes: number }).windowMinutes], [19, 10080]);
  assert.equal((r.codeReview as { usedPercent: number }).usedPercent, 12);
  assert.deepEqual(r.credits, { balance: 7.5, hasCredits: true, unlimited: false });
  assert.ok(Array.isArray(r.extraWindows) && r.extraWindows.length > 0);
  const attempts = r.attempts as { source: string; ok: boolean; error: unknown; from?: string }[];
  assert.equal(attempts.length, 1);
  assert.deepEqual([attempts[0]?.source, attempts[0]?.ok, attempts[0]?.error], ['web', true, null]);
  assert.equal(attempts[0]?.from, from, 'attempts say which browser answered');
}

function assertFailure(run: CliRun & { json: Record<string, unknown> }, code: string, exit: number, message: RegExp): void {
  assert.equal(run.code, exit, run.stderr);
  const error = run.json.error as { code: string; message: string };
  assert.equal(run.json.schemaVersion, 1);
  assert.equal(error.code, code);
  assert.match(error.message, message);
  const attempts = run.json.attempts as { source: string; ok: boolean; error: { code: string } }[];
  assert.deepEqual([attempts[0]?.source, attempts[0]?.ok, attempts[0]?.error.code], ['web', false, code]);
}

test('CLI: Linux Chrome v10 cookies → interface §3 JSON from the web source', async (t) => {
  const c = await cli(t);
  writeChromiumCookiesDb(chromePath(c.home), cookies(c.session), cbcEncryptor('v10', 'peanuts', 1));
  assertWebReport(await c.run(), 'Chrome (Default)');
});

test('CLI: Linux Chrome v11 cookies through secret-tool → JSON', async (t) => {
  const c = await cli(t);
  fakeSecretTool(c.binDir, join(c.home, 'tool.log'), 'chrome', 'keyring-secret');
  writeChromiumCookiesDb(chromePath(c.home), cookies(c.session), cbcEncryptor('v11', 'keyring-secret', 1));
  assertWebReport(await c.run(), 'Chrome (Default)');
});

test('CLI: Firefox cookies.sqlite → JSON', async (t) => {
  const c = await cli(t);
  writeFirefox(c);
  assertWebReport(await c.run(), 'Firefox (abcd.default-release)');
});

test('CLI: --cookie-header with or without "Cookie:" → JSON, no browser needed', async (t) => {
  const c = await cli(t);
  assertWebReport(await c.run(['--cookie-header', `Cookie: ${SESSION_COOKIE}=${c.session.cookieValue}`]), 'the pasted Cookie header');
  assertWebReport(await c.run(['--cookie-header', `${SESSION_COOKIE}=${c.session.cookieValue}`]), 'the pasted Cookie header');
});

test('CLI: a Chrome database locked by the running browser is still read', async (t) => {
  const c = await cli(t);
  const path = chromePath(c.home);
  writeChromiumCookiesDb(path, cookies(c.session), cbcEncryptor('v10', 'peanuts', 1));
  const browser = new Database(path);
  t.after(() => browser.close());
  browser.pragma('locking_mode = EXCLUSIVE');
  browser.exec('BEGIN EXCLUSIVE; DELETE FROM cookies;');
  assertWebReport(await c.run(), 'Chrome (Default)');
  browser.exec('ROLLBACK');
});

test('CLI: a corrupt Chrome database fails with cookies_missing naming the damage and the fix', async (t) => {
  const c = await cli(t);
  writeChromiumCookiesDb(chromePath(c.home), [], cbcEncryptor('v10', 'peanuts', 1));
  writeFileSync(chromePath(c.home), randomBytes(4096));
  assertFailure(
    await c.run(),
    'cookies_missing',
    1,
    /Chrome \(Default\): the cookie database is damaged.*Sign in to chatgpt\.com in your browser, or paste the Cookie header/,
  );
});

test('CLI: an expired session fails with not_logged_in telling to sign in again', async (t) => {
  const c = await cli(t, { expired: true });
  writeFirefox(c);
  assertFailure(await c.run(), 'not_logged_in', 1, /session in Firefox \(abcd\.default-release\) has expired.*Sign in to chatgpt\.com again in Firefox/);
});

test('CLI: a session for another account fails with account_mismatch naming both emails', async (t) => {
  const c = await cli(t, { sessionEmail: 'other@example.com' });
  writeChromiumCookiesDb(chromePath(c.home), cookies(c.session), cbcEncryptor('v10', 'peanuts', 1));
  assertFailure(
    await c.run(),
    'account_mismatch',
    1,
    /is for other@example\.com, not for the Codex account pro@example\.com\. Sign in to chatgpt\.com as pro@example\.com/,
  );
});

test('CLI: no browser profile fails with cookies_missing and the --cookie-header way out', async (t) => {
  const c = await cli(t);
  assertFailure(await c.run(), 'cookies_missing', 1, /No browser profile was found under .*--cookie-header/);
});

test('CLI: v11 cookies with no keyring tool installed say what to install', async (t) => {
  const c = await cli(t);
  writeChromiumCookiesDb(chromePath(c.home), cookies(c.session), cbcEncryptor('v11', 'keyring-secret', 1));
  const run = await runQuotabar(['usage', '--source', 'web', '--json'], {
    HOME: c.home,
    PATH: '/usr/bin:/bin',
    QUOTABAR_HOME: join(c.home, 'quotabar-home'),
    QUOTABAR_CHATGPT_BASE_URL: c.double.baseUrl,
  });
  const json = JSON.parse(run.stdout) as Record<string, unknown>;
  assertFailure({ ...run, json }, 'cookies_missing', 1, /secret-tool` \(package libsecret-tools\)/);
});

test('CLI: a malformed --cookie-header is bad_arguments (exit 64) without echoing it', async (t) => {
  const c = await cli(t);
  const run = await c.run(['--cookie-header', `nonsense-${c.session.cookieValue}`]);
  assertFailure(run, 'bad_arguments', 64, /name=value/);
});
