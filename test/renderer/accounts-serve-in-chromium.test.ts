// Every account end to end (interface §7): `quotabar serve` (the built CLI, as a child process) finds a
// default Codex home, an extra home named in settings.json, two CCS pool files and a codex-proxy
// registry under a temp HOME, asks the backend double for each one's usage with its own token, and
// the popover in Chromium lists them, switches between them and never sees a token.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AccountsReport } from '../../shared/accounts-model.js';
import { formatPercent, remainingPercent } from '../../shared/format.js';
import { isUsageFailure, type UsageResult } from '../../shared/usage-model.js';
import { startBackendDouble, type BackendDouble } from '../doubles/chatgpt-backend-double.js';
import { writeCcsAccount, writeCodexProxyRegistry, type PoolAccountFixture } from '../helpers/account-pool-fixture.js';
import { canary, tempDir, writeChatgptAuth, type TempDir } from '../helpers/codex-home-fixture.js';
import { browserTestSkip, followTestClock, launchChromium, screenshotFullPage } from '../helpers/chromium.js';
import { startServeChild, waitForJsonFile, type Serve } from '../helpers/serve-child.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(repoRoot, 'test', 'artifacts');
const DAY = 86_400_000;

// ---- `quotabar serve` as a child ----

/** Reads `/api/events` until stopped, keeping every byte, so a test can look for secrets in all of it. */
function recordEvents(url: string): { text: () => string; stop: () => Promise<void> } {
  const abort = new AbortController();
  let text = '';
  const reading = (async () => {
    try {
      const res = await fetch(`${url}api/events`, { signal: abort.signal });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    } catch {
      // aborted
    }
  })();
  return {
    text: () => text,
    stop: async () => {
      abort.abort();
      await reading;
    },
  };
}

const left = (usedPercent: number): string => formatPercent(remainingPercent(usedPercent));

/** What a row's two bars say for an account's usage (the last good numbers of a failed one are not asked for here). */
function expectedBars(usage: UsageResult): [string, string] | null {
  if (isUsageFailure(usage)) return null;
  return [usage.session === null ? '—' : left(usage.session.usedPercent), usage.weekly === null ? '—' : left(usage.weekly.usedPercent)];
}

describe('every account through quotabar serve in Chromium', { skip: browserTestSkip() }, () => {
  let dir: TempDir;
  let quotabarHome: string;
  let settingsPath: string;
  let backend: BackendDouble;
  let serve: Serve;
  let browser: Browser;
  let events: ReturnType<typeof recordEvents>;
  /** Every token value written to any account file: none may reach the page, the API or the stream. */
  const secrets: string[] = [];
  /** Every response body the pages received from /api, to look for secrets in. */
  const apiBodies: string[] = [];

  const ccsFresh: PoolAccountFixture = {
    email: 'ccs-a@example.com',
    accountId: 'acc-ccs-a',
    plan: 'team',
    expiresAtMs: Date.now() + 30 * DAY,
    marker: canary(),
  };
  const ccsExpired: PoolAccountFixture = { email: 'ccs-b@example.com', accountId: 'acc-ccs-b', expiresAtMs: Date.now() - 3_600_000, marker: canary() };
  const proxy: PoolAccountFixture = { email: 'proxy@example.com', accountId: 'acc-proxy', expiresAtMs: Date.now() + 30 * DAY, marker: canary() };
  const ids = {
    ccsFresh: 'ccs:acc-ccs-a',
    ccsExpired: 'ccs:acc-ccs-b',
    proxy: 'codex-proxy:acc-proxy',
  };

  before(async () => {
    assert.ok(existsSync(join(repoRoot, 'dist', 'renderer', 'index.html')), 'run `npm run build` first (npm test does)');
    dir = tempDir('quotabar-accounts-serve-');
    const home = join(dir.path, 'home');
    const codexHome = join(dir.path, 'codex-default');
    const workHome = join(dir.path, 'codex-work');
    quotabarHome = join(dir.path, 'quotabar-home');
    settingsPath = join(quotabarHome, 'settings.json');
    const markers = { main: canary(), work: canary() };
    const main = writeChatgptAuth(codexHome, { email: 'pro@example.com', plan: 'pro', accountId: 'acc-123', marker: markers.main });
    const work = writeChatgptAuth(workHome, { email: 'work@example.com', plan: 'plus', accountId: 'acc-work', marker: markers.work });
    const ccsA = writeCcsAccount(home, ccsFresh);
    const ccsB = writeCcsAccount(home, ccsExpired);
    const registry = writeCodexProxyRegistry(home, [proxy]);
    const proxyTokens = registry.tokens[0];
    assert.ok(proxyTokens !== undefined);
    for (const text of [main.text, work.text]) {
      const tokens = (JSON.parse(text) as { tokens: Record<string, string> }).tokens;
      secrets.push(...['id_token', 'access_token', 'refresh_token'].map((k) => tokens[k] ?? ''));
    }
    for (const t of [ccsA, ccsB, proxyTokens]) secrets.push(t.accessToken, t.idToken, t.refreshToken);
    secrets.push(markers.main, markers.work, ccsFresh.marker, ccsExpired.marker, proxy.marker);
    assert.ok(secrets.every((s) => s.length > 10));

    mkdirSync(quotabarHome, { recursive: true });
    writeFileSync(
      settingsPath,
      JSON.stringify({ version: 1, accounts: [{ id: 'work', label: 'Work', codexHome: workHome }], importAccounts: { ccs: true, codexProxy: true } }, null, 2),
    );

    // Each account its own numbers, told apart by the token (and account id) it sends.
    backend = await startBackendDouble({
      scenario: 'pro-spark-review',
      accessToken: main.accessToken,
      accountId: 'acc-123',
      // How long a `slow` account's answer is held back.
      slowMs: 1500,
      accounts: [
        { accessToken: work.accessToken, accountId: 'acc-work', scenario: 'plus' },
        { accessToken: ccsA.accessToken, accountId: ccsFresh.accountId, scenario: 'team-spend-control' },
        // Never asked: its token has expired, so it is not sent.
        { accessToken: ccsB.accessToken, accountId: ccsExpired.accountId, scenario: 'plus' },
        { accessToken: proxyTokens.accessToken, accountId: proxy.accountId, scenario: 'nearly-out' },
      ],
    });
    serve = await startServeChild(['--timeout', '20'], {
      HOME: home,
      CODEX_HOME: codexHome,
      QUOTABAR_HOME: quotabarHome,
      QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl,
    });
    events = recordEvents(serve.url);
    browser = await launchChromium();
  });

  after(async () => {
    await events?.stop();
    await browser?.close();
    const code = await serve?.stop();
    await backend?.close();
    dir?.cleanup();
    assert.equal(code, 0, `serve stops cleanly on SIGINT:\n${serve?.stderr()}`);
  });

  const newContext = async (scheme: 'light' | 'dark', withSecret: boolean): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, colorScheme: scheme, deviceScaleFactor: 2 });
    await followTestClock(context);
    if (withSecret) {
      const page = await context.newPage();
      await page.goto(serve.secretUrl);
      await page.close();
    }
    return context;
  };

  /** The popover once every account has been asked (the list's rows are no longer loading). */
  const openPopover = async (context: BrowserContext): Promise<{ page: Page; problems: string[] }> => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/') && !new URL(res.url()).pathname.startsWith('/api/events')) {
        res.text().then(
          (body) => apiBodies.push(body),
          () => {},
        );
      }
    });
    await page.goto(serve.url);
    await page.getByTestId('window-session').waitFor();
    await page.getByTestId('account-list').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="account-row"][data-status="loading"]').length === 0);
    return { page, problems };
  };

  const accountsReport = async (): Promise<AccountsReport> => (await (await fetch(`${serve.url}api/accounts`)).json()) as AccountsReport;

  const rowsOf = (page: Page) =>
    page.getByTestId('account-row').evaluateAll((rows) =>
      rows.map((row) => ({
        id: row.getAttribute('data-account-id'),
        status: row.getAttribute('data-status'),
        group: row.closest('[data-testid^="account-group-"]')?.getAttribute('data-testid')?.replace('account-group-', '') ?? null,
        heading: row.closest('[data-testid^="account-group-"]')?.querySelector('.acct-group-head')?.textContent ?? null,
        label: row.querySelector('[data-testid="account-label"]')?.textContent ?? null,
        bars: [...row.querySelectorAll('.acct-mini-percent')].map((p) => p.textContent),
        reason: row.querySelector('[data-testid="account-reason"]')?.textContent ?? null,
        title: row.getAttribute('title'),
      })),
    );

  const headerLabel = (page: Page) => page.locator('.header-sub .email').textContent();
  const cardPercent = (page: Page, window: string) => page.getByTestId(`window-${window}`).getByTestId('percent').textContent();

  /** From now on, records each header label and session percentage the page shows. */
  const watchShown = (page: Page) =>
    // Plain text, not a function: the test's own transpiler would add helpers the page does not have.
    page.evaluate(`(() => {
      window.__seen = [];
      const note = () => {
        const label = document.querySelector('.header-sub .email')?.textContent ?? '';
        const session = document.querySelector('[data-testid="window-session"] [data-testid="percent"]')?.textContent ?? '';
        const entry = label + ' | ' + session;
        if (window.__seen.at(-1) !== entry) window.__seen.push(entry);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);

  /** What the page showed from the first time it showed `label`: anything but that account (or a loading header) is a flash. */
  const shownSince = async (page: Page, label: string): Promise<{ all: string[]; others: string[] }> => {
    const all = (await page.evaluate('window.__seen')) as string[];
    // "label | 90% left", or "label · email | 90% left" when the label is not the email.
    const isIt = (s: string) => s.startsWith(`${label} |`) || s.startsWith(`${label} · `);
    const from = all.findIndex(isIt);
    assert.ok(from >= 0, `${label} was shown; seen: ${all.join(' → ')}`);
    return { all, others: all.slice(from).filter((s) => !isIt(s) && !s.startsWith(' |')) };
  };

  test('the shown account is expanded and every other one is a row, grouped, with its own numbers', async () => {
    const context = await newContext('light', true);
    const { page, problems } = await openPopover(context);
    // The default home, shown: the double's pro scenario (4 % of the session, 19 % of the week used).
    assert.equal(await cardPercent(page, 'session'), '96% left');
    assert.equal(await cardPercent(page, 'weekly'), '81% left');
    assert.equal(await headerLabel(page), 'pro@example.com');

    const rows = await rowsOf(page);
    assert.deepEqual(
      rows.map((r) => [r.id, r.group, r.heading, r.label, r.status]),
      [
        [rows[0]?.id, 'codex-home', 'Codex homes', 'Work', 'ok'],
        [ids.ccsFresh, 'ccs', 'CCS pool', 'ccs-a@example.com', 'ok'],
        [ids.ccsExpired, 'ccs', 'CCS pool', 'ccs-b@example.com', 'failed'],
        [ids.proxy, 'codex-proxy', 'codex-proxy', 'proxy@example.com', 'ok'],
      ],
    );
    assert.match(rows[0]?.id ?? '', /^codex-home:/);
    // plus: 23 % / 41 % used; team: 10 % / 20 %; nearly-out: 97 % / 90 %.
    assert.deepEqual(
      rows.map((r) => r.bars),
      [['77%', '59%'], ['90%', '80%'], [], ['3%', '10%']],
    );
    // The expired CCS file: not sent, and its row says why, naming the tool that refreshes it.
    const stale = rows[2];
    assert.equal(stale?.reason, 'Token stale — refreshed by CCS');
    assert.match(stale?.title ?? '', /^token_stale: .*run CCS to refresh it/);
    assert.ok(!backend.requests.some((r) => r.account === ccsExpired.accountId), 'an expired token is never sent');

    // GET /api/accounts says the same as the page.
    const report = await accountsReport();
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(
      report.accounts.map((a) => a.id),
      [report.accounts[0]?.id, rows[0]?.id, ids.ccsFresh, ids.ccsExpired, ids.proxy],
    );
    const [shownEntry, ...others] = report.accounts;
    assert.equal(shownEntry?.origin, 'codex-home');
    assert.equal(shownEntry?.email, 'pro@example.com');
    const shownBars = shownEntry === undefined ? null : expectedBars(shownEntry.usage);
    assert.deepEqual(
      shownBars?.map((p) => `${p} left`),
      [await cardPercent(page, 'session'), await cardPercent(page, 'weekly')],
    );
    for (const [i, entry] of others.entries()) {
      const row = rows[i];
      assert.equal(row?.label, entry.label, entry.id);
      assert.equal(row?.group, entry.origin, entry.id);
      if (isUsageFailure(entry.usage)) {
        assert.equal(row?.status, 'failed', entry.id);
        assert.equal(entry.usage.error.code, 'token_stale');
        assert.equal(row?.title, `${entry.usage.error.code}: ${entry.usage.error.message}`);
      } else {
        assert.deepEqual(row?.bars, expectedBars(entry.usage), entry.id);
      }
    }
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
    await context.close();
  });

  test('opened without the printed link, the rows are listed but a click switches nothing', async () => {
    const before = readFileSync(settingsPath, 'utf8');
    const context = await newContext('light', false);
    const { page } = await openPopover(context);
    const posts: string[] = [];
    page.on('request', (req) => {
      if (req.method() !== 'GET') posts.push(`${req.method()} ${req.url()}`);
    });
    const row = page.locator(`[data-testid="account-row"][data-account-id="${ids.ccsFresh}"]`);
    assert.equal(await row.getAttribute('aria-disabled'), 'true');
    assert.match((await row.getAttribute('title')) ?? '', /Read-only page/);
    // Forced: Playwright will not click an aria-disabled element, and a person still can.
    await row.click({ force: true });
    // A round trip through the page after the click: any save it started would have been sent by now.
    await page.evaluate(() => fetch('/api/health').then((r) => r.status));
    assert.deepEqual(posts, [], 'the click sends nothing');
    assert.equal(await page.getByTestId('account-switching').count(), 0);
    assert.equal(await headerLabel(page), 'pro@example.com');
    assert.equal(readFileSync(settingsPath, 'utf8'), before, 'settings.json is untouched');
    await context.close();
  });

  test('with the printed link, clicking a pool row shows that account and saves it', async () => {
    const context = await newContext('light', true);
    const { page, problems } = await openPopover(context);
    await watchShown(page);
    await page.locator(`[data-testid="account-row"][data-account-id="${ids.ccsFresh}"]`).click();
    await waitForJsonFile(settingsPath, (j) => j.activeAccountId === ids.ccsFresh, `activeAccountId ${ids.ccsFresh}`);
    // team-spend-control: 10 % of the session and 20 % of the week used.
    await page.getByTestId('window-session').getByTestId('percent').getByText('90% left').waitFor();
    assert.equal(await cardPercent(page, 'weekly'), '80% left');
    assert.equal(await headerLabel(page), 'ccs-a@example.com');
    assert.equal(await page.getByTestId('plan').textContent(), 'Team');
    // The refresh the switch started ends with the same account shown.
    await page.waitForFunction(() => !(document.querySelector('[data-testid="refresh"]') as HTMLButtonElement | null)?.disabled);
    await page.getByTestId('refresh').click();
    await page
      .getByTestId('updated')
      .getByText(/^Updated/)
      .waitFor();
    assert.equal(await headerLabel(page), 'ccs-a@example.com');
    assert.equal(await cardPercent(page, 'session'), '90% left');

    // The list now holds the default home as a row, and not the shown account.
    const rows = await rowsOf(page);
    assert.ok(!rows.some((r) => r.id === ids.ccsFresh), 'the shown account is not a row');
    const defaultRow = rows.find((r) => r.label === 'pro@example.com');
    assert.deepEqual(defaultRow?.bars, ['96%', '81%']);
    assert.equal(defaultRow?.group, 'codex-home');

    const seen = await shownSince(page, 'ccs-a@example.com');
    assert.deepEqual(seen.others, [], `after the switch only the chosen account shows; seen: ${seen.all.join(' → ')}`);

    const report = await accountsReport();
    assert.deepEqual(report.accounts.map((a) => a.id).slice(2), [ids.ccsFresh, ids.ccsExpired, ids.proxy], 'the report keeps §7 order');
    assert.deepEqual(problems, []);
    await screenshotFullPage(page, join(ARTIFACTS, 'serve-accounts-light.png'));
    await page.close();

    const dark = await newContext('dark', true);
    const { page: darkPage } = await openPopover(dark);
    assert.equal(await headerLabel(darkPage), 'ccs-a@example.com');
    await screenshotFullPage(darkPage, join(ARTIFACTS, 'serve-accounts-dark.png'));
    await dark.close();
    await context.close();
  });

  test('a switch while a refresh is under way keeps the chosen account shown when that refresh ends', async () => {
    const context = await newContext('light', true);
    const { page, problems } = await openPopover(context);
    assert.equal(await headerLabel(page), 'ccs-a@example.com', 'the account the previous test chose');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="refresh"]') as HTMLButtonElement | null)?.disabled);
    await watchShown(page);
    // The shown account's next answer is held back, so the switch lands in the middle of its refresh.
    backend.setAccountScenario(ccsFresh.accountId, 'slow');
    const asked = backend.requests.filter((r) => r.account === ccsFresh.accountId).length;
    try {
      await page.getByTestId('refresh').click();
      const deadline = Date.now() + 10_000;
      while (backend.requests.filter((r) => r.account === ccsFresh.accountId).length === asked) {
        assert.ok(Date.now() < deadline, 'the refresh asked for the shown account');
        await new Promise((r) => setTimeout(r, 20));
      }
      const defaultRow = page.getByTestId('account-row').filter({ has: page.getByTestId('account-label').getByText('pro@example.com', { exact: true }) });
      await defaultRow.click();
      await waitForJsonFile(settingsPath, (j) => j.activeAccountId === null, 'activeAccountId null (the default home)');
      await page.getByTestId('window-session').getByTestId('percent').getByText('96% left').waitFor();
      // The held-back answer ends the first refresh, then the one the switch queued asks the default home.
      const mainAsked = () => backend.requests.filter((r) => r.path.endsWith('/usage') && r.account === undefined).length;
      const askedBefore = mainAsked();
      let state = { refreshing: true, shownAccountId: null as string | null };
      while (mainAsked() === askedBefore || state.refreshing) {
        assert.ok(Date.now() < deadline + 30_000, 'the queued refresh ran and ended');
        await new Promise((r) => setTimeout(r, 50));
        state = (await (await fetch(`${serve.url}api/state`)).json()) as typeof state;
      }
      await page
        .getByTestId('updated')
        .getByText(/^Updated/)
        .waitFor();
      assert.equal(await headerLabel(page), 'pro@example.com');
      assert.equal(await cardPercent(page, 'session'), '96% left');
      const seen = await shownSince(page, 'pro@example.com');
      assert.deepEqual(seen.others, [], `after the switch only the chosen account shows; seen: ${seen.all.join(' → ')}`);
      assert.match(state.shownAccountId ?? '', /^codex-home:/);
      assert.deepEqual(problems, []);
    } finally {
      backend.setAccountScenario(ccsFresh.accountId, 'team-spend-control');
      await context.close();
    }
  });

  test('clicking the extra Codex home shows it under its settings label and stores its settings id', async () => {
    const context = await newContext('light', true);
    const { page, problems } = await openPopover(context);
    await watchShown(page);
    await page
      .getByTestId('account-row')
      .filter({ has: page.getByTestId('account-label').getByText('Work', { exact: true }) })
      .click();
    await waitForJsonFile(settingsPath, (j) => j.activeAccountId === 'work', 'activeAccountId work (the settings entry)');
    // plus: 23 % of the session and 41 % of the week used.
    await page.getByTestId('window-session').getByTestId('percent').getByText('77% left').waitFor();
    assert.equal(await cardPercent(page, 'weekly'), '59% left');
    assert.equal(await page.getByTestId('account-name').textContent(), 'Work · work@example.com');
    const state = (await (await fetch(`${serve.url}api/state`)).json()) as { shownAccountId: string | null };
    assert.equal(state.shownAccountId, (await accountsReport()).accounts[1]?.id, 'the state names it by its §7 id');
    const seen = await shownSince(page, 'Work');
    assert.deepEqual(seen.others, [], `after the switch only the chosen account shows; seen: ${seen.all.join(' → ')}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('showing the account whose token expired says why and names it, and the others stay listed', async () => {
    const context = await newContext('light', true);
    const { page, problems } = await openPopover(context);
    await page.locator(`[data-testid="account-row"][data-account-id="${ids.ccsExpired}"]`).click();
    await waitForJsonFile(settingsPath, (j) => j.activeAccountId === ids.ccsExpired, `activeAccountId ${ids.ccsExpired}`);
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    // CCS signs this account in and refreshes its token, so the banner says so, not "Codex sign-in".
    assert.equal(await banner.locator('.banner-title').textContent(), 'CCS sign-in needs renewing');
    assert.match(
      (await banner.getByTestId('error-message').textContent()) ?? '',
      /The CCS access token for ccs-b@example\.com expired .*run CCS to refresh it/,
    );
    // The header names the account shown, though it has no numbers to show.
    assert.equal(await headerLabel(page), 'ccs-b@example.com');
    assert.equal(await page.getByTestId('no-usage').count(), 1);
    assert.deepEqual(
      (await rowsOf(page)).map((r) => [r.id, r.status]),
      [
        [(await rowsOf(page))[0]?.id, 'ok'],
        [(await rowsOf(page))[1]?.id, 'ok'],
        [ids.ccsFresh, 'ok'],
        [ids.proxy, 'ok'],
      ],
    );
    await screenshotFullPage(page, join(ARTIFACTS, 'serve-accounts-stale-shown-light.png'));
    // Back to the default home for the tests that follow.
    await page
      .getByTestId('account-row')
      .filter({ has: page.getByTestId('account-label').getByText('pro@example.com', { exact: true }) })
      .click();
    await page.getByTestId('window-session').getByTestId('percent').getByText('96% left').waitFor();
    assert.equal(await page.getByTestId('error-banner').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('no token from any account file reaches the page, the API or the event stream', async () => {
    const context = await newContext('light', true);
    const { page } = await openPopover(context);
    const html = await page.content();
    const paths = ['api/state', 'api/usage', 'api/accounts', 'api/history', 'api/access', 'api/settings', 'api/cost'];
    const bodies = await Promise.all(paths.map(async (p) => (await fetch(`${serve.url}${p}`)).text()));
    await context.close();
    const stream = events.text();
    assert.match(stream, /event: accounts/, 'the stream was read');
    assert.ok(apiBodies.length > 0);
    for (const [where, text] of [
      ['page', html],
      ['stream', stream],
      ['serve stderr', serve.stderr()],
      ...paths.map((p, i) => [p, bodies[i] ?? '']),
      ...apiBodies.map((b) => ['page fetch', b]),
    ] as Array<[string, string]>) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `a token reached ${where}`);
    }
  });
});

describe('quotabar serve with only the default Codex home', { skip: browserTestSkip() }, () => {
  test('the popover has no account list, and /api/accounts lists the one account', async () => {
    const browser = await launchChromium();
    const dir = tempDir('quotabar-accounts-single-');
    const codexHome = join(dir.path, 'codex-default');
    const auth = writeChatgptAuth(codexHome, { email: 'pro@example.com', plan: 'pro', accountId: 'acc-123' });
    const backend = await startBackendDouble({ scenario: 'pro-spark-review', accessToken: auth.accessToken, accountId: 'acc-123' });
    const serve = await startServeChild(['--timeout', '20'], {
      HOME: join(dir.path, 'home'),
      CODEX_HOME: codexHome,
      QUOTABAR_HOME: join(dir.path, 'quotabar-home'),
      QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl,
    });
    try {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
      await followTestClock(context);
      const page = await context.newPage();
      await page.goto(serve.url);
      await page.getByTestId('window-session').waitFor();
      assert.equal(await cardPercent(page), '96% left');
      assert.equal(await page.getByTestId('account-list').count(), 0);
      assert.equal(await page.getByTestId('account-name').count(), 0);
      assert.equal(await page.getByTestId('email').textContent(), 'pro@example.com');
      const report = (await (await fetch(`${serve.url}api/accounts`)).json()) as AccountsReport;
      assert.deepEqual(
        report.accounts.map((a) => [a.origin, a.email]),
        [['codex-home', 'pro@example.com']],
      );
    } finally {
      await browser.close();
      assert.equal(await serve.stop(), 0);
      await backend.close();
      dir.cleanup();
    }
  });

  const cardPercent = (page: Page) => page.getByTestId('window-session').getByTestId('percent').textContent();
});
