import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import type { UsageSnapshot } from '../../../../../shared/usage-model.js';
import type { FetchContext, UsageSource } from '../../../../../electron/core/usage/usage-source.js';
import { silentLogger } from '../../../../../electron/core/util/logger.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';
import { createWebSource, webSessionFrom, type WebSourceOptions } from '../../../../../electron/core/usage/web/web-source.js';
import { startBackendDouble, type BackendDouble, type BackendScenario, type WebSession } from '../../../../doubles/chatgpt-backend-double.js';
import { canary, tempDir, writeApiKeyAuth, writeChatgptAuth } from '../../../../helpers/codex-home-fixture.js';
import {
  cbcEncryptor,
  fakeSecretTool,
  fakeSecurity,
  gcmEncryptor,
  writeChromiumCookiesDb,
  writeFakeTool,
  writeFirefoxCookiesDb,
  writeLocalState,
  writeProfilesIni,
  writeSafariCookies,
  type ChromiumEncryptor,
  type FixtureCookie,
  canarySession,
  CODEX_EMAIL,
  SESSION_COOKIE,
} from '../../web/cookie-fixtures.js';

interface World {
  home: string;
  binDir: string;
  toolLog: string;
  codexHome: string;
  double: BackendDouble;
  /** The chatgpt.com session that belongs to the Codex account. */
  session: WebSession;
  secrets: string[];
  ctx(overrides?: Partial<FetchContext>): FetchContext;
  toolCalls(): string[];
}

async function world(
  t: TestContext,
  options: {
    scenario?: BackendScenario;
    sessionEmail?: string;
    expired?: boolean;
    codexAuth?: 'chatgpt' | 'apikey' | 'none';
    extraSessions?: WebSession[];
  } = {},
): Promise<World> {
  const dir = tempDir('quotabar-web-');
  t.after(dir.cleanup);
  const home = dir.path;
  const codexHome = join(home, '.codex');
  const marker = canary();
  let accessToken = canary();
  let accountId: string | null = 'acc-123';
  const secrets: string[] = [marker];
  if ((options.codexAuth ?? 'chatgpt') === 'chatgpt') {
    const auth = writeChatgptAuth(codexHome, { email: CODEX_EMAIL, plan: 'pro', accountId: 'acc-123', marker });
    accessToken = auth.accessToken;
    accountId = auth.accountId;
  } else if (options.codexAuth === 'apikey') {
    writeApiKeyAuth(codexHome, `sk-${marker}`);
  }
  const session = canarySession({
    ...(options.sessionEmail !== undefined ? { email: options.sessionEmail } : {}),
    ...(options.expired ? { expired: true } : {}),
  });
  secrets.push(session.cookieValue, session.accessToken, ...(options.extraSessions ?? []).flatMap((s) => [s.cookieValue, s.accessToken]));
  const double = await startBackendDouble({
    scenario: options.scenario ?? 'pro-spark-review',
    accessToken,
    accountId,
    session,
    ...(options.extraSessions ? { sessions: options.extraSessions } : {}),
  });
  t.after(() => double.close());
  const binDir = join(home, 'fake-bin');
  const toolLog = join(home, 'tool-calls.log');
  return {
    home,
    binDir,
    toolLog,
    codexHome,
    double,
    session,
    secrets,
    ctx: (overrides = {}) => ({
      codexHome,
      codexBinOverride: undefined,
      baseUrl: double.baseUrl,
      // The web origin moves only through the environment (interface §2), never through ctx.baseUrl.
      env: { HOME: home, PATH: `${binDir}:/usr/bin:/bin`, QUOTABAR_HOME: join(home, 'quotabar-home'), QUOTABAR_CHATGPT_BASE_URL: double.baseUrl },
      timeoutMs: 10_000,
      cookieHeader: undefined,
      interactive: true,
      logger: silentLogger,
      now: () => new Date(),
      ...overrides,
    }),
    toolCalls: () =>
      existsSync(toolLog)
        ? readFileSync(toolLog, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [],
  };
}

function sessionCookies(session: WebSession, extra: FixtureCookie[] = []): FixtureCookie[] {
  return [
    { host: '.chatgpt.com', name: session.cookieName, value: session.cookieValue },
    { host: 'chatgpt.com', name: 'oai-did', value: `did-${randomBytes(4).toString('hex')}`, httpOnly: false },
    { host: '.openai.com', name: 'openai-side', value: 'not-for-chatgpt' },
    ...extra,
  ];
}

const linuxChrome = (home: string): string => join(home, '.config', 'google-chrome', 'Default', 'Network', 'Cookies');
const linuxFirefox = (home: string): string => join(home, '.mozilla', 'firefox', 'abcd.default-release', 'cookies.sqlite');
const macSupport = (home: string): string => join(home, 'Library', 'Application Support');
const macChrome = (home: string): string => join(macSupport(home), 'Google', 'Chrome', 'Default', 'Cookies');
const macSafari = (home: string): string => join(home, 'Library', 'Containers', 'com.apple.Safari', 'Data', 'Library', 'Cookies', 'Cookies.binarycookies');
const winChromeRoot = (home: string): string => join(home, 'AppData', 'Local', 'Google', 'Chrome', 'User Data');

function writeLinuxFirefox(w: World, session: WebSession = w.session): void {
  writeProfilesIni(join(w.home, '.mozilla', 'firefox'), [{ name: 'default-release', path: 'abcd.default-release', isDefault: true }]);
  writeFirefoxCookiesDb(linuxFirefox(w.home), sessionCookies(session));
}

function source(platform: NodeJS.Platform, extra: WebSourceOptions = {}): UsageSource {
  return createWebSource({ platform, ...extra });
}

async function fetchErr(src: UsageSource, ctx: FetchContext): Promise<SourceError> {
  try {
    await src.fetch(ctx);
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the web source to fail');
}

function assertNoSecrets(w: World, text: string): void {
  for (const secret of w.secrets) assert.equal(text.includes(secret), false, 'a secret reached the output');
}

/** The usage of the `pro-spark-review` scenario, as the web source must report it. */
function assertProUsage(w: World, snapshot: UsageSnapshot, from: string): void {
  assert.equal(webSessionFrom(snapshot), from);
  assert.equal(snapshot.session?.usedPercent, 4);
  assert.equal(snapshot.weekly?.usedPercent, 19);
  assert.equal(snapshot.codeReview?.usedPercent, 12);
  assert.deepEqual(snapshot.credits, { balance: 7.5, hasCredits: true, unlimited: false });
  assert.equal(snapshot.account.email, CODEX_EMAIL);
  const session = w.double.requests.find((r) => r.path === '/api/auth/session' && r.cookieMatched);
  assert.ok(session, 'the session endpoint got the browser cookie');
  const usage = w.double.requests.find((r) => r.path === '/backend-api/wham/usage');
  assert.ok(usage?.authorized, 'wham/usage got the session access token as Bearer');
}

// ---------- Linux ----------

test('Linux Chrome v10 ("peanuts") cookies give usage, code review and credits through the session token', async (t) => {
  const w = await world(t);
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'peanuts', 1));
  const snapshot = await source('linux').fetch(w.ctx());
  assertProUsage(w, snapshot, 'Chrome (Default)');
  assert.deepEqual(w.toolCalls(), [], 'v10 needs no keyring');
});

test('Linux Chrome v11 cookies are decrypted with the libsecret password from `secret-tool`', async (t) => {
  const w = await world(t);
  fakeSecretTool(w.binDir, w.toolLog, 'chrome', 'gnome-keyring-pass');
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v11', 'gnome-keyring-pass', 1));
  const snapshot = await source('linux').fetch(w.ctx());
  assertProUsage(w, snapshot, 'Chrome (Default)');
  assert.deepEqual(w.toolCalls(), ['lookup application chrome']);
});

test('Linux v11 under KDE asks KWallet first (`kwallet-query`)', async (t) => {
  const w = await world(t);
  writeFakeTool(
    w.binDir,
    'kwallet-query',
    w.toolLog,
    `if [ "$1" = -r ] && [ "$2" = 'Chromium Safe Storage' ] && [ "$3" = -f ] && [ "$4" = 'Chromium Keys' ] && [ "$5" = kdewallet ]; then echo 'kde-pass'; exit 0; fi\nexit 1`,
  );
  fakeSecretTool(w.binDir, w.toolLog, 'chromium', null);
  writeChromiumCookiesDb(join(w.home, '.config', 'chromium', 'Default', 'Cookies'), sessionCookies(w.session), cbcEncryptor('v11', 'kde-pass', 1));
  const ctx = w.ctx();
  const snapshot = await source('linux').fetch({ ...ctx, env: { ...ctx.env, XDG_CURRENT_DESKTOP: 'KDE' } });
  assertProUsage(w, snapshot, 'Chromium (Default)');
  assert.deepEqual(w.toolCalls(), ['-r Chromium Safe Storage -f Chromium Keys kdewallet']);
});

test('a background refresh never runs the keyring tool: v11 Chrome is skipped and Firefox answers', async (t) => {
  const w = await world(t);
  fakeSecretTool(w.binDir, w.toolLog, 'chrome', 'gnome-keyring-pass');
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v11', 'gnome-keyring-pass', 1));
  const src = source('linux');
  const alone = await fetchErr(src, w.ctx({ interactive: false }));
  assert.equal(alone.code, 'cookies_missing');
  assert.match(alone.message, /Chrome \(Default\): reading it needs .*keyring.*only asks for on a refresh you start/);
  writeLinuxFirefox(w);
  const snapshot = await src.fetch(w.ctx({ interactive: false }));
  assert.equal(webSessionFrom(snapshot), 'Firefox (abcd.default-release)');
  assert.deepEqual(w.toolCalls(), []);
});

test('once a refresh the person started has unlocked a browser, background refreshes reuse the key without asking', async (t) => {
  const w = await world(t);
  fakeSecretTool(w.binDir, w.toolLog, 'chrome', 'gnome-keyring-pass');
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v11', 'gnome-keyring-pass', 1));
  const src = source('linux');
  await src.fetch(w.ctx({ interactive: true }));
  const background = await src.fetch(w.ctx({ interactive: false }));
  assert.equal(webSessionFrom(background), 'Chrome (Default)');
  assert.equal(w.toolCalls().length, 1);
});

test('a keyring refusal is remembered for hours (in QuotaBar home, with no secret in it), then asked again', async (t) => {
  const w = await world(t);
  fakeSecretTool(w.binDir, w.toolLog, 'chrome', null);
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v11', 'gnome-keyring-pass', 1));
  let now = new Date('2026-11-21T10:00:00.000Z');
  const ctx = w.ctx({ now: () => now });
  const first = await fetchErr(source('linux'), ctx);
  assert.equal(first.code, 'cookies_missing');
  assert.match(first.message, /keyring did not give out .*will not ask again until 16:00 UTC/);
  assert.equal(w.toolCalls().length, 1);
  const stateFile = join(w.home, 'quotabar-home', 'web-keychain-access.json');
  const state = readFileSync(stateFile, 'utf8');
  assert.match(state, /linux-keyring:chrome/);
  assertNoSecrets(w, state);

  // A new process (fresh source), three hours later: still not asked.
  now = new Date('2026-11-21T13:00:00.000Z');
  const second = await fetchErr(source('linux'), ctx);
  assert.match(second.message, /refused recently.*until 16:00 UTC/);
  assert.equal(w.toolCalls().length, 1);

  now = new Date('2026-11-21T16:30:00.000Z');
  await fetchErr(source('linux'), ctx);
  assert.equal(w.toolCalls().length, 2);
});

test('without secret-tool or kwallet-query, v11 cookies are explained with what to install', async (t) => {
  const w = await world(t);
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v11', 'gnome-keyring-pass', 1));
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'cookies_missing');
  assert.match(error.message, /neither `secret-tool` \(package libsecret-tools\) nor `kwallet-query` is installed/);
  assert.match(error.message, /paste the Cookie header/);
});

test('Linux Firefox cookies.sqlite gives usage', async (t) => {
  const w = await world(t);
  writeLinuxFirefox(w);
  assertProUsage(w, await source('linux').fetch(w.ctx()), 'Firefox (abcd.default-release)');
});

test('a Chrome database locked mid-write by the running browser is still read', async (t) => {
  const w = await world(t);
  const path = linuxChrome(w.home);
  writeChromiumCookiesDb(path, sessionCookies(w.session), cbcEncryptor('v10', 'peanuts', 1));
  const browser = new Database(path);
  t.after(() => browser.close());
  browser.pragma('locking_mode = EXCLUSIVE');
  browser.exec(`BEGIN EXCLUSIVE; DELETE FROM cookies;`);
  assertProUsage(w, await source('linux').fetch(w.ctx()), 'Chrome (Default)');
  assert.equal(browser.inTransaction, true);
  browser.exec('ROLLBACK');
});

test('a corrupt Chrome database is named and skipped; the next browser still answers', async (t) => {
  const w = await world(t);
  const path = linuxChrome(w.home);
  writeChromiumCookiesDb(path, [], cbcEncryptor('v10', 'peanuts', 1));
  writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(2000)]));
  const src = source('linux');
  const alone = await fetchErr(src, w.ctx());
  assert.equal(alone.code, 'cookies_missing');
  assert.match(alone.message, /Chrome \(Default\): the cookie database is damaged or not a SQLite database/);
  writeLinuxFirefox(w);
  assert.equal(webSessionFrom(await src.fetch(w.ctx())), 'Firefox (abcd.default-release)');
});

// ---------- macOS ----------

test('macOS Chrome v10 cookies are decrypted with the Keychain password (1003 rounds) from `security`', async (t) => {
  const w = await world(t);
  fakeSecurity(w.binDir, w.toolLog, 'Chrome Safe Storage', 'Chrome', { password: 'mac-keychain-pass' });
  writeChromiumCookiesDb(macChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'mac-keychain-pass', 1003));
  assertProUsage(w, await source('darwin').fetch(w.ctx()), 'Chrome (Default)');
  assert.deepEqual(w.toolCalls(), ['find-generic-password -w -s Chrome Safe Storage -a Chrome']);
});

test('macOS background refreshes skip Chromium browsers (no Keychain prompt) and Safari answers', async (t) => {
  const w = await world(t);
  fakeSecurity(w.binDir, w.toolLog, 'Chrome Safe Storage', 'Chrome', { password: 'mac-keychain-pass' });
  writeChromiumCookiesDb(macChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'mac-keychain-pass', 1003));
  const src = source('darwin');
  const chromeOnly = await fetchErr(src, w.ctx({ interactive: false }));
  assert.match(chromeOnly.message, /Chrome \(Default\): reading it needs the macOS Keychain item "Chrome Safe Storage"/);
  writeSafariCookies(macSafari(w.home), [sessionCookies(w.session)]);
  assertProUsage(w, await src.fetch(w.ctx({ interactive: false })), 'Safari');
  assert.deepEqual(w.toolCalls(), []);
});

test('a Keychain denial is remembered: no second prompt for hours, and the message says what to do', async (t) => {
  const w = await world(t);
  fakeSecurity(w.binDir, w.toolLog, 'Chrome Safe Storage', 'Chrome', { exitCode: 128 });
  writeChromiumCookiesDb(macChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'mac-keychain-pass', 1003));
  const src = source('darwin');
  const first = await fetchErr(src, w.ctx());
  assert.equal(first.code, 'cookies_missing');
  assert.match(first.message, /access was refused for the macOS Keychain item "Chrome Safe Storage".*Always Allow/);
  const second = await fetchErr(src, w.ctx());
  assert.match(second.message, /refused recently/);
  assert.equal(w.toolCalls().length, 1);
});

test('macOS Safari Cookies.binarycookies gives usage', async (t) => {
  const w = await world(t);
  writeSafariCookies(macSafari(w.home), [[{ host: 'example.com', name: 'x', value: 'y' }], sessionCookies(w.session)]);
  assertProUsage(w, await source('darwin').fetch(w.ctx({ interactive: false })), 'Safari');
});

test('macOS Firefox gives usage', async (t) => {
  const w = await world(t);
  writeFirefoxCookiesDb(join(macSupport(w.home), 'Firefox', 'Profiles', 'm.default-release', 'cookies.sqlite'), sessionCookies(w.session));
  assertProUsage(w, await source('darwin').fetch(w.ctx()), 'Firefox (m.default-release)');
});

// ---------- Windows ----------

function dpapi(protectedKey: Buffer, key: Buffer, calls: Buffer[]): WebSourceOptions['dpapiUnprotect'] {
  return async (blob) => {
    calls.push(blob);
    if (!blob.equals(protectedKey)) throw new Error('The data is invalid');
    return key;
  };
}

test('Windows Chrome v10 is AES-256-GCM with the DPAPI-protected key from Local State', async (t) => {
  const w = await world(t);
  const key = randomBytes(32);
  const protectedKey = randomBytes(48);
  writeLocalState(winChromeRoot(w.home), protectedKey);
  writeChromiumCookiesDb(join(winChromeRoot(w.home), 'Default', 'Network', 'Cookies'), sessionCookies(w.session), gcmEncryptor('v10', key));
  const calls: Buffer[] = [];
  // DPAPI never prompts, so even a background refresh reads Windows browsers.
  const snapshot = await source('win32', { dpapiUnprotect: dpapi(protectedKey, key, calls) }).fetch(w.ctx({ interactive: false }));
  assertProUsage(w, snapshot, 'Chrome (Default)');
  assert.equal(calls.length, 1);
});

test('Windows v20 (app-bound) cookies are named plainly with the way out; Firefox then answers', async (t) => {
  const w = await world(t);
  const key = randomBytes(32);
  const protectedKey = randomBytes(48);
  writeLocalState(winChromeRoot(w.home), protectedKey, { appBound: true });
  writeChromiumCookiesDb(join(winChromeRoot(w.home), 'Default', 'Network', 'Cookies'), sessionCookies(w.session), gcmEncryptor('v10', key), {
    encryptorFor: (c): ChromiumEncryptor | undefined => (c.name === SESSION_COOKIE ? gcmEncryptor('v20', randomBytes(32)) : undefined),
  });
  const src = source('win32', { dpapiUnprotect: dpapi(protectedKey, key, []) });
  const error = await fetchErr(src, w.ctx());
  assert.equal(error.code, 'cookies_missing');
  assert.match(error.message, /Chrome \(Default\): 1 cookie for chatgpt\.com is app-bound encrypted \(v20\)/);
  assert.match(error.message, /no other program can/);
  assert.match(error.message, /Firefox/);
  assert.match(error.message, /--cookie-header/);
  writeFirefoxCookiesDb(join(w.home, 'AppData', 'Roaming', 'Mozilla', 'Firefox', 'Profiles', 'w.default-release', 'cookies.sqlite'), sessionCookies(w.session));
  assert.equal(webSessionFrom(await src.fetch(w.ctx())), 'Firefox (w.default-release)');
});

// ---------- sessions and accounts ----------

test('an expired session is not_logged_in, naming the browser and the fix', async (t) => {
  const w = await world(t, { expired: true });
  writeLinuxFirefox(w);
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'not_logged_in');
  assert.match(
    error.message,
    /The chatgpt\.com session in Firefox \(abcd\.default-release\) has expired or was signed out\. Sign in to chatgpt\.com again in Firefox/,
  );
});

test('a session for another account is account_mismatch naming both emails', async (t) => {
  const w = await world(t, { sessionEmail: 'someone-else@example.com' });
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'peanuts', 1));
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'account_mismatch');
  assert.match(error.message, /The chatgpt\.com session in Chrome \(Default\) is for someone-else@example\.com, not for the Codex account pro@example\.com/);
  assert.equal(
    w.double.requests.some((r) => r.path === '/backend-api/wham/usage'),
    false,
    'no usage is fetched for the wrong account',
  );
});

test('the walk goes past a browser signed in to another account to the one with the Codex account', async (t) => {
  const other: WebSession = { cookieName: SESSION_COOKIE, cookieValue: canary(), email: 'other@example.com', accessToken: canary() };
  const w = await world(t, { extraSessions: [other] });
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(other), cbcEncryptor('v10', 'peanuts', 1));
  writeLinuxFirefox(w);
  assertProUsage(w, await source('linux').fetch(w.ctx()), 'Firefox (abcd.default-release)');
});

test('several wrong accounts are all listed: "Found: Chrome=…, Firefox=…"', async (t) => {
  const other: WebSession = { cookieName: SESSION_COOKIE, cookieValue: canary(), email: 'other@example.com', accessToken: canary() };
  const w = await world(t, { sessionEmail: 'third@example.com', extraSessions: [other] });
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(other), cbcEncryptor('v10', 'peanuts', 1));
  writeLinuxFirefox(w);
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'account_mismatch');
  assert.match(error.message, /Found: Chrome \(Default\)=other@example\.com, Firefox \(abcd\.default-release\)=third@example\.com/);
});

test('with no ChatGPT login in Codex, the first session is used and the report says it could not be matched', async (t) => {
  const w = await world(t, { codexAuth: 'apikey' });
  writeLinuxFirefox(w);
  const snapshot = await source('linux').fetch(w.ctx());
  assert.equal(snapshot.account.email, CODEX_EMAIL);
  assert.match(snapshot.warnings?.join('\n') ?? '', /could not be checked/);
});

test('profiles with only analytics cookies are signed out, and nothing is sent for them', async (t) => {
  const w = await world(t);
  writeChromiumCookiesDb(linuxChrome(w.home), [{ host: 'chatgpt.com', name: 'oai-did', value: 'device-1' }], cbcEncryptor('v10', 'peanuts', 1));
  writeProfilesIni(join(w.home, '.mozilla', 'firefox'), [{ name: 'x', path: 'abcd.default-release', isDefault: true }]);
  writeFirefoxCookiesDb(linuxFirefox(w.home), [{ host: '.example.com', name: 'x', value: 'y' }]);
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'cookies_missing');
  assert.match(error.message, /no chatgpt\.com cookies in Firefox \(abcd\.default-release\); signed out of chatgpt\.com in Chrome \(Default\)/);
  assert.equal(w.double.requests.length, 0);
});

test('no browser at all: unavailable with cookies_missing, saying where it looked and about the Cookie header', async (t) => {
  const w = await world(t);
  const availability = await source('linux').isAvailable(w.ctx());
  assert.equal(availability.ok, false);
  if (!availability.ok) {
    assert.equal(availability.error.code, 'cookies_missing');
    assert.match(availability.error.message, new RegExp(`No browser profile was found under ${w.home}`));
    assert.match(availability.error.message, /--cookie-header/);
  }
});

// ---------- manual header ----------

test('a pasted Cookie header is used instead of the browsers', async (t) => {
  const w = await world(t);
  const header = `Cookie: ${SESSION_COOKIE}=${w.session.cookieValue}; oai-did=abc123`;
  const src = source('linux');
  assert.deepEqual(await src.isAvailable(w.ctx({ cookieHeader: header })), { ok: true });
  assertProUsage(w, await src.fetch(w.ctx({ cookieHeader: header })), 'the pasted Cookie header');
});

test('an expired pasted header says to copy a fresh one; a malformed one is bad_arguments', async (t) => {
  const w = await world(t, { expired: true });
  const expired = await fetchErr(source('linux'), w.ctx({ cookieHeader: `${SESSION_COOKIE}=${w.session.cookieValue}` }));
  assert.equal(expired.code, 'not_logged_in');
  assert.match(expired.message, /pasted Cookie header is signed out or expired.*paste it again/);
  const bad = await fetchErr(source('linux'), w.ctx({ cookieHeader: 'not a header' }));
  assert.equal(bad.code, 'bad_arguments');
});

test('browser cookies never go to the base URL of config.toml: only $QUOTABAR_CHATGPT_BASE_URL moves the web origin', async (t) => {
  const w = await world(t);
  // ctx.baseUrl is what config.toml's chatgpt_base_url resolves to: here an attacker's server.
  const attacker = await startBackendDouble({ scenario: 'plus', accessToken: 'unused', accountId: null, session: w.session });
  t.after(() => attacker.close());
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'peanuts', 1));
  assertProUsage(w, await source('linux').fetch(w.ctx({ baseUrl: attacker.baseUrl })), 'Chrome (Default)');
  assert.deepEqual(attacker.requests, [], 'the config.toml base URL received nothing');
});

test('a 429 from the usage call keeps its Retry-After', async (t) => {
  const w = await world(t, { scenario: 'rate-limited' });
  const header = `${SESSION_COOKIE}=${w.session.cookieValue}`;
  const error = await fetchErr(source('linux'), w.ctx({ cookieHeader: header }));
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.retryAfterSeconds, 30);
  assert.deepEqual(error.toInfo().retryAfterSeconds, 30);
});

// ---------- backend failures ----------

test('a rejected session token is unauthorized with a web-specific fix', async (t) => {
  const w = await world(t, { scenario: 'unauthorized' });
  writeLinuxFirefox(w);
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'unauthorized');
  assert.match(error.message, /refused the access token of the web session from Firefox .*Sign in to chatgpt\.com again in Firefox/);
});

test('an unreachable backend is a network error and no further browser is tried', async (t) => {
  const w = await world(t);
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'peanuts', 1));
  writeLinuxFirefox(w);
  await w.double.close();
  const error = await fetchErr(source('linux'), w.ctx());
  assert.equal(error.code, 'network');
  assert.equal(source('linux').shouldFallback(error), false);
});

test('no error message ever carries a cookie value or a token', async (t) => {
  const w = await world(t, { sessionEmail: 'x@example.com' });
  writeChromiumCookiesDb(linuxChrome(w.home), sessionCookies(w.session), cbcEncryptor('v10', 'peanuts', 1));
  const messages = [
    (await fetchErr(source('linux'), w.ctx())).message,
    (await fetchErr(source('linux'), w.ctx({ cookieHeader: `${SESSION_COOKIE}=${w.session.cookieValue}` }))).message,
    (await fetchErr(source('linux'), w.ctx({ cookieHeader: `garbage ${w.session.cookieValue}` }))).message,
  ];
  for (const message of messages) assertNoSecrets(w, message);
});
