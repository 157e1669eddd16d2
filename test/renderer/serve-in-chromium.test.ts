// End to end in a real browser: `quotabar serve` (the built CLI, as a child process) on the ChatGPT
// backend double and the codex double, a temp Codex home with auth.json and session logs, and
// Debian's Chromium driven by playwright-core. Screenshots go to test/artifacts/ to be looked at.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatCountdown, formatPercent, formatTokens } from '../../shared/format.js';
import type { UsageReport } from '../../shared/usage-model.js';
import { startBackendDouble, type BackendDouble, type BackendScenario } from '../doubles/chatgpt-backend-double.js';
import { writeCodexDouble } from '../helpers/codex-double-bin.js';
import { tempDir, writeChatgptAuth, type TempDir } from '../helpers/codex-home-fixture.js';
import { browserTestSkip, followTestClock, launchChromium, screenshotFullPage } from '../helpers/chromium.js';
import { startServeChild, waitForJsonFile, type Serve } from '../helpers/serve-child.js';
import { clearOfMidnight, earlierTodayUtc } from '../helpers/wall-clock.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(repoRoot, 'test', 'artifacts');

// ---- a Codex home with real session logs ----

/** One rollout file in Codex's format: session_meta, turn_context (model), cumulative token_count events. */
function writeSession(codexHome: string, at: Date, id: string, model: string, totals: Array<{ input: number; cached: number; output: number }>): void {
  const day = at.toISOString().slice(0, 10);
  const [y, m, d] = day.split('-');
  const dir = join(codexHome, 'sessions', y ?? '', m ?? '', d ?? '');
  mkdirSync(dir, { recursive: true });
  const ts = (offsetMs: number) => new Date(at.getTime() + offsetMs).toISOString();
  const lines: unknown[] = [
    {
      type: 'session_meta',
      timestamp: ts(0),
      payload: { id, timestamp: ts(0), cwd: '/home/someone/project', originator: 'codex_cli_rs', cli_version: '0.200.0' },
    },
    { type: 'turn_context', timestamp: ts(0), payload: { model, cwd: '/home/someone/project' } },
    ...totals.map((t, i) => ({
      type: 'event_msg',
      timestamp: ts(1000 * (i + 1)),
      payload: {
        type: 'token_count',
        info: {
          total_token_usage: {
            input_tokens: t.input,
            cached_input_tokens: t.cached,
            output_tokens: t.output,
            reasoning_output_tokens: 0,
            total_tokens: t.input + t.output,
          },
          last_token_usage: null,
          model_context_window: 272000,
        },
      },
    })),
  ];
  const file = join(dir, `rollout-${ts(0).replace(/[:.]/g, '-')}-${id}.jsonl`);
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  // As Codex leaves it: last written at its last event (the scanner skips files older than the range).
  const lastEvent = new Date(at.getTime() + 1000 * totals.length);
  utimesSync(file, lastEvent, lastEvent);
}

// gpt-5 is priced at $1.25 input, $0.125 cached input, $10 output per million tokens; gpt-5-mini at
// $0.25 / $0.025 / $2. Today: 0.5M × 1.25 + 1.5M × 0.125 + 0.1M × 10 = $1.8125 (2.1M tokens).
// Three days ago: 1M × 0.25 + 0.05M × 2 = $0.35 (1.05M tokens). Thirty days: $2.1625 (3.15M tokens).
const EXPECTED_TODAY = '$1.81';
const EXPECTED_30_DAYS = '$2.16';

// ---- `quotabar serve` as a child ----

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}

type SettingsJson = { display: { barsShow: string }; notifications: { session: { levels: number[] } }; usageSource: string; openaiCookies: string };
const settingsOf = (json: Record<string, unknown>) => json as unknown as SettingsJson;

/** The reset text must match a countdown computed just before or just after it was read. */
async function assertCountdown(page: Page, testId: string, resetsAt: string | null): Promise<void> {
  const before = new Date();
  const text = await page.getByTestId(testId).getByTestId('reset').textContent();
  const afterRead = new Date();
  const options = [before, afterRead].map((t) => `Resets ${formatCountdown(resetsAt, t) ?? ''}`);
  assert.ok(options.includes(text ?? ''), `${testId}: "${text}" is none of ${options.join(' / ')}`);
}

describe('quotabar serve in Chromium', { skip: browserTestSkip() }, () => {
  let home: TempDir;
  let codexHome: string;
  let quotabarHome: string;
  let backend: BackendDouble;
  let serve: Serve;
  let browser: Browser;
  let light: BrowserContext;
  let dark: BrowserContext;
  let env: Record<string, string>;
  let codexBin: string;

  before(async () => {
    assert.ok(existsSync(join(repoRoot, 'dist', 'renderer', 'index.html')), 'run `npm run build` first (npm test does)');
    home = tempDir('quotabar-browser-');
    codexHome = join(home.path, 'codex-home');
    quotabarHome = join(home.path, 'quotabar-home');
    const auth = writeChatgptAuth(codexHome, { email: 'pro@example.com', plan: 'pro' });
    // serve and the page read the real clock: "today" must stay today while this file runs.
    const now = await clearOfMidnight(5 * 60_000);
    writeSession(codexHome, earlierTodayUtc(now, 60_000), 'today-session', 'gpt-5', [
      { input: 1_000_000, cached: 800_000, output: 40_000 },
      { input: 2_000_000, cached: 1_500_000, output: 100_000 },
    ]);
    writeSession(codexHome, new Date(now - 3 * 86_400_000), 'older-session', 'gpt-5-mini', [{ input: 1_000_000, cached: 0, output: 50_000 }]);
    backend = await startBackendDouble({ scenario: 'pro-spark-review', accessToken: auth.accessToken, accountId: auth.accountId });
    codexBin = writeCodexDouble(join(home.path, 'bin'), { CODEX_DOUBLE_RPC: 'normal' });
    env = { HOME: home.path, CODEX_HOME: codexHome, QUOTABAR_HOME: quotabarHome, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl };
    serve = await startServeChild(['--codex-bin', codexBin, '--timeout', '20'], env);
    browser = await launchChromium();
    const origin = new URL(serve.url).origin;
    light = await browser.newContext({ viewport: { width: 360, height: 640 }, colorScheme: 'light', deviceScaleFactor: 2 });
    dark = await browser.newContext({ viewport: { width: 360, height: 640 }, colorScheme: 'dark', deviceScaleFactor: 2 });
    await Promise.all([followTestClock(light), followTestClock(dark)]);
    await light.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    // Both contexts open the printed link once, as the person would: the popover's Refresh and the
    // preferences then work; a context without it is read-only (tested below).
    for (const context of [light, dark]) {
      const page = await context.newPage();
      await page.goto(serve.secretUrl);
      await page.close();
    }
  });

  after(async () => {
    await browser?.close();
    const code = await serve?.stop();
    await backend?.close();
    home?.cleanup();
    assert.equal(code, 0, `serve stops cleanly on SIGINT:\n${serve?.stderr()}`);
    assert.match(serve.stderr(), /quotabar serve: stopped/);
  });

  const openPopover = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(serve.url);
    await page.getByTestId('window-session').waitFor();
    await page.getByTestId('cost-today').getByText('$').waitFor();
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
    return page;
  };

  const usage = () => getJson<UsageReport>(`${serve.url}api/usage`);

  test('the popover shows the backend’s percentages, live reset countdowns, credits and the local cost', async () => {
    const report = await usage();
    assert.equal(report.source, 'oauth');
    const page = await openPopover(light);
    // The double's pro scenario: 4 % of the session and 19 % of the week used.
    assert.equal(await page.getByTestId('window-session').getByTestId('percent').textContent(), '96% left');
    assert.equal(await page.getByTestId('window-weekly').getByTestId('percent').textContent(), '81% left');
    await assertCountdown(page, 'window-session', report.session?.resetsAt ?? null);
    await assertCountdown(page, 'window-weekly', report.weekly?.resetsAt ?? null);
    assert.ok(report.extraWindows.length >= 2, 'the double reports Spark and another extra window');
    for (const extra of report.extraWindows) {
      const card = page.getByTestId(`window-extra-${extra.id}`);
      assert.equal(await card.getByTestId('percent').textContent(), `${formatPercent(100 - extra.usedPercent)} left`, extra.label);
      assert.match((await card.textContent()) ?? '', new RegExp(extra.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    assert.equal(await page.getByTestId('window-code-review').getByTestId('percent').textContent(), '88% left');
    assert.equal(await page.getByTestId('credits').textContent(), 'Credits7.5 left');
    assert.equal(await page.getByTestId('plan').textContent(), 'Pro 20x');
    assert.equal(await page.getByTestId('email').textContent(), 'pro@example.com');
    assert.match((await page.getByTestId('updated').textContent()) ?? '', /^Updated just now via OAuth$/);
    assert.equal(await page.getByTestId('cost-today').textContent(), `Today${EXPECTED_TODAY}${formatTokens(2_100_000)} tokens`);
    assert.equal(await page.getByTestId('cost-period').textContent(), `Last 30 days${EXPECTED_30_DAYS}${formatTokens(3_150_000)} tokens`);
    const models = await page.getByTestId('model-row').allTextContents();
    assert.deepEqual(models, [`gpt-5${formatTokens(2_100_000)} tok$1.81`, `gpt-5-mini${formatTokens(1_050_000)} tok$0.35`]);
    assert.equal(await page.locator('[data-testid="cost-chart"] rect').count(), 30);
    assert.equal(await page.getByTestId('quit').count(), 0, 'no Quit button in a browser');
    await page.close();

    // The countdown is live: an hour later on the page's own clock, it reads an hour less, with no refresh.
    // Playwright's clock belongs to a whole context: a context of its own keeps the others on real time.
    const clockContext = await browser.newContext({ viewport: { width: 360, height: 640 } });
    await followTestClock(clockContext); // first, so Playwright's clock builds on the page's shifted time
    const clockPage = await clockContext.newPage();
    const installedAt = Date.now();
    await clockPage.clock.install({ time: new Date(installedAt) });
    await clockPage.goto(serve.url);
    await clockPage.getByTestId('window-session').waitFor();
    await clockPage.clock.fastForward(61 * 60_000);
    await clockPage.waitForTimeout(1200);
    const lo = new Date(installedAt + 61 * 60_000);
    const readText = await clockPage.getByTestId('window-session').getByTestId('reset').textContent();
    const hi = new Date(Date.now() + 61 * 60_000 + 1000);
    const expected = [lo, hi].map((t) => `Resets ${formatCountdown(report.session?.resetsAt ?? null, t)}`);
    assert.ok(expected.includes(readText ?? ''), `"${readText}" an hour later, expected ${expected.join(' / ')}`);
    await clockContext.close();

    await screenshotFullPage(await openPopover(light), join(ARTIFACTS, 'popover-light.png'));
    await screenshotFullPage(await openPopover(dark), join(ARTIFACTS, 'popover-dark.png'));
  });

  test('the local cost switches to every model and to the projects sessions ran in', async () => {
    const page = await openPopover(light);
    await page.getByRole('radio', { name: 'Model' }).check();
    assert.deepEqual(await page.getByTestId('model-row').allTextContents(), [
      `gpt-5${formatTokens(2_100_000)} tok$1.81`,
      `gpt-5-mini${formatTokens(1_050_000)} tok$0.35`,
    ]);
    assert.equal(await page.locator('[data-testid="cost-chart"] rect').count(), 0);
    await page.getByRole('radio', { name: 'Project' }).check();
    // Both sessions ran in /home/someone/project: serve's report carries the projects grouping.
    assert.deepEqual(await page.getByTestId('project-row').allTextContents(), [
      `someone/project2 sessions · ${formatTokens(3_150_000)} tok${EXPECTED_30_DAYS}`,
    ]);
    assert.equal(await page.getByTestId('project-row').getAttribute('title'), '/home/someone/project');
    await screenshotFullPage(page, join(ARTIFACTS, 'popover-cost-by-project.png'));
    await page.getByRole('radio', { name: 'Day' }).check();
    assert.equal(await page.locator('[data-testid="cost-chart"] rect').count(), 30);
    await page.close();
  });

  test('when the backend fails, the banner explains and copies the error, and the last numbers stay', async () => {
    const page = await openPopover(light);
    const before = await page.getByTestId('window-session').getByTestId('percent').textContent();
    backend.setScenario('server-error' satisfies BackendScenario);
    await page.getByTestId('refresh').click();
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    const failure = await getJson<{ error: { code: string; message: string } }>(`${serve.url}api/usage`);
    assert.equal(failure.error.code, 'server_error');
    assert.equal(await banner.getByTestId('error-message').textContent(), failure.error.message);
    assert.match((await banner.textContent()) ?? '', /ChatGPT is having trouble.*Showing data from \d\d:\d\d\./);
    assert.equal(await page.getByTestId('window-session').getByTestId('percent').textContent(), before, 'the last good numbers stay');
    const copy = banner.getByRole('button', { name: 'Copy error message' });
    await copy.click();
    await copy.getByText('Copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `server_error: ${failure.error.message}`);
    await screenshotFullPage(page, join(ARTIFACTS, 'popover-error-light.png'));
    await screenshotFullPage(await openPopover(dark), join(ARTIFACTS, 'popover-error-dark.png'));

    backend.setScenario('pro-spark-review');
    await page.getByTestId('refresh').click();
    await banner.waitFor({ state: 'detached' });
    await page.close();
  });

  test('a refresh asked for on another page shows as under way here too, until it ends', async () => {
    const watcher = await openPopover(light);
    const button = watcher.getByTestId('refresh');
    await watcher.waitForFunction(() => !(document.querySelector('[data-testid="refresh"]') as HTMLButtonElement).disabled);
    const other = await openPopover(dark);
    // The backend holds its answer, so the refresh stays under way long enough to be seen.
    backend.setScenario('slow');
    try {
      await other.getByTestId('refresh').click();
      // This page asked for nothing: only the server's word that a refresh began can turn its spinner on.
      await button.getByText('Refreshing…').waitFor();
      assert.equal(await button.isDisabled(), true);
      assert.equal(await watcher.getByTestId('updated').textContent(), 'Refreshing…');
      await watcher
        .getByTestId('updated')
        .getByText(/^Updated/)
        .waitFor({ timeout: 30_000 });
      assert.equal(await button.textContent(), '↻Refresh');
    } finally {
      backend.setScenario('pro-spark-review');
    }
    // Back to the numbers the tests after this one expect.
    await button.click();
    await watcher.getByTestId('window-session').getByTestId('percent').getByText(/left$/).waitFor();
    await watcher.waitForFunction(() => !(document.querySelector('[data-testid="refresh"]') as HTMLButtonElement).disabled);
    await other.close();
    await watcher.close();
  });

  test('keyboard alone reaches the controls, with a visible focus ring', async () => {
    const page = await openPopover(light);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="refresh"]') as HTMLButtonElement).disabled);
    // The cost section's view switch comes first (a radio group: one stop, arrows move within it).
    await page.keyboard.press('Tab');
    assert.deepEqual(await page.evaluate(() => [document.activeElement?.getAttribute('name'), (document.activeElement as HTMLInputElement).value]), [
      'cost-view',
      'day',
    ]);
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('cost').and(page.locator('[data-view="model"]')).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'refresh');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'open-preferences');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    assert.equal(ring, 'solid');
    await page.keyboard.press('Enter');
    await page.getByTestId('pref-source').waitFor();
    assert.equal(new URL(page.url()).hash, '#/preferences');
    await page.close();
  });

  test('opened without the printed link, Preferences are read-only and say how to open it', async () => {
    const settingsPath = join(quotabarHome, 'settings.json');
    const before = existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : null;
    const stranger = await browser.newContext({ viewport: { width: 560, height: 800 }, colorScheme: 'light', deviceScaleFactor: 2 });
    const page = await stranger.newPage();
    await page.goto(`${serve.url}#/preferences`);
    const note = page.getByTestId('prefs-read-only');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /Read-only.*open the http:\/\/127\.0\.0\.1:PORT\/\?token=… link that quotabar serve printed/);
    await page.waitForFunction(() => (document.querySelector('[data-testid="prefs-controls"]') as HTMLFieldSetElement | null)?.disabled === true);
    assert.equal(await page.getByTestId('pref-source').isDisabled(), true);
    assert.equal(await page.getByRole('radiogroup', { name: 'Bars show' }).getByRole('radio', { name: 'Used' }).isDisabled(), true);
    assert.equal(await page.getByTestId('pref-session-levels').isDisabled(), true);
    // The page's own script cannot write either: the server refuses it without the cookie.
    const status = await page.evaluate(
      async () =>
        (
          await fetch('/api/settings', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ display: { barsShow: 'used' } }),
          })
        ).status,
    );
    assert.equal(status, 401);
    await screenshotFullPage(page, join(ARTIFACTS, 'preferences-read-only-light.png'));
    assert.equal(existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : null, before, 'nothing was saved');
    await stranger.close();
  });

  test('a preference change round-trips to the settings file and back to the popover', async () => {
    const settingsPath = join(quotabarHome, 'settings.json');
    const page = await light.newPage();
    await page.setViewportSize({ width: 560, height: 800 });
    // The printed link: it sets the cookie and lands on the page without the secret in the address.
    const landed = await page.goto(serve.secretUrl);
    assert.equal(new URL(page.url()).search, '', 'the secret left the address bar');
    assert.equal(landed?.request().redirectedFrom()?.url(), serve.secretUrl);
    const cookies = await light.cookies(serve.url);
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0]?.httpOnly, true);
    assert.equal(cookies[0]?.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie), '', 'no script can read it');
    await page.goto(`${serve.url}#/preferences`);
    await page.getByTestId('pref-source').waitFor();
    assert.equal(await page.getByTestId('prefs-read-only').count(), 0);
    assert.equal(await page.getByTestId('pref-codex-bin').isDisabled(), true, 'the codex binary is never changed from the page');
    await page.getByTestId('accounts-fixed').waitFor();
    await screenshotFullPage(page, join(ARTIFACTS, 'preferences-light.png'));

    await page.getByRole('radiogroup', { name: 'Bars show' }).getByRole('radio', { name: 'Used' }).check();
    await waitForJsonFile(settingsPath, (j) => settingsOf(j).display.barsShow === 'used', 'barsShow: used');
    await page.getByTestId('save-status').getByText('Saved').waitFor();

    // The theme setting beats the OS: dark in a light-scheme browser, then back to following the OS.
    // The palette in use, read from the resolved page background (light #f6f7f9, dark #17181b).
    const scheme = () =>
      page.evaluate(
        () =>
          ({ 'rgb(246, 247, 249)': 'light', 'rgb(23, 24, 27)': 'dark' })[getComputedStyle(document.body).backgroundColor] ??
          getComputedStyle(document.body).backgroundColor,
      );
    assert.equal(await scheme(), 'light');
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).check();
    await waitForJsonFile(settingsPath, (j) => (j.display as { theme: string }).theme === 'dark', 'theme: dark');
    assert.equal(await scheme(), 'dark');
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).check();
    await waitForJsonFile(settingsPath, (j) => (j.display as { theme: string }).theme === 'system', 'theme: system');
    assert.equal(await scheme(), 'light');

    // Validated as you type: an invalid level shows an error and is never saved.
    const levels = page.getByTestId('pref-session-levels');
    await levels.fill('50, 150');
    await page.getByText('"150" is not a whole percent between 1 and 99.').waitFor();
    assert.equal(await levels.getAttribute('aria-invalid'), 'true');
    await page.waitForTimeout(900);
    assert.deepEqual(JSON.parse(readFileSync(settingsPath, 'utf8')).notifications.session.levels, [50, 20]);
    await levels.fill('10, 40');
    await levels.blur();
    await waitForJsonFile(settingsPath, (j) => settingsOf(j).notifications.session.levels.join() === '40,10', 'levels 40, 10');

    // The manual Cookie header is write-only: stored, acknowledged, never shown back.
    await page.getByRole('radiogroup', { name: 'OpenAI cookies' }).getByRole('radio', { name: 'Manual' }).check();
    const cookieValue = 'cookie-canary-9d8e7f6a5b4c';
    await page.getByTestId('pref-cookie-header').fill(`__Secure-next-auth.session-token=${cookieValue}`);
    await page.getByTestId('pref-cookie-save').click();
    await page.getByTestId('pref-cookie-state').getByText('Header stored.', { exact: true }).waitFor();
    assert.equal(await page.getByTestId('pref-cookie-header').inputValue(), '');
    assert.ok(!(await page.content()).includes(cookieValue));
    assert.ok(!readFileSync(settingsPath, 'utf8').includes(cookieValue), 'the header never lands in the settings file');
    await screenshotFullPage(page, join(ARTIFACTS, 'preferences-cookies-light.png'));
    await page.getByRole('radiogroup', { name: 'OpenAI cookies' }).getByRole('radio', { name: 'Off' }).check();
    await waitForJsonFile(settingsPath, (j) => settingsOf(j).openaiCookies === 'off', 'cookies off');

    // Accounts are Codex home folders: a page never adds one, even with the secret.
    assert.equal(await page.getByTestId('account-home').count(), 0);
    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/settings', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ accounts: [{ id: 'evil', label: 'Evil', codexHome: '/tmp/evil-home' }] }),
      });
      return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message };
    });
    assert.equal(refused.status, 403);
    assert.match(refused.message, /never changed over HTTP/);
    assert.ok(!readFileSync(settingsPath, 'utf8').includes('evil-home'));

    // Usage source → Codex CLI: the next refresh asks the codex double's app-server.
    await page.getByTestId('pref-source').selectOption('cli');
    await waitForJsonFile(settingsPath, (j) => settingsOf(j).usageSource === 'cli', 'usageSource: cli');
    await page.getByTestId('close-preferences').click();
    await page.setViewportSize({ width: 360, height: 640 });
    await page.getByTestId('window-session').waitFor();
    await page.getByTestId('refresh').click();
    await page.getByTestId('updated').getByText('via Codex CLI').waitFor();
    // Bars now show what is used: the app-server double's plus account has 23 % of the session used.
    assert.equal(await page.getByTestId('window-session').getByTestId('percent').textContent(), '23% used');
    await page.close();

    const darkPage = await dark.newPage();
    await darkPage.setViewportSize({ width: 560, height: 800 });
    await darkPage.goto(`${serve.url}#/preferences`);
    await darkPage.getByTestId('pref-source').waitFor();
    await screenshotFullPage(darkPage, join(ARTIFACTS, 'preferences-dark.png'));
    await darkPage.close();
  });
});

describe('the popover while the first refresh is under way', { skip: browserTestSkip() }, () => {
  test('skeletons hold the final layout: nothing shifts when the data arrives', async () => {
    // The browser first: if it cannot start, nothing else is left running.
    const browser = await launchChromium();
    const home = tempDir('quotabar-browser-slow-');
    const codexHome = join(home.path, 'codex-home');
    const auth = writeChatgptAuth(codexHome, {});
    writeSession(codexHome, new Date(Date.now() - 60_000), 's1', 'gpt-5', [{ input: 100_000, cached: 0, output: 1_000 }]);
    const backend = await startBackendDouble({ scenario: 'slow', slowMs: 4000, accessToken: auth.accessToken, accountId: auth.accountId });
    const serve = await startServeChild([], {
      HOME: home.path,
      CODEX_HOME: codexHome,
      QUOTABAR_HOME: join(home.path, 'quotabar-home'),
      QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
      await followTestClock(page);
      await page.addInitScript(() => {
        const w = window as unknown as { __shift: number };
        w.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
            if (!entry.hadRecentInput) w.__shift += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(serve.url);
      await page.getByTestId('window-card-skeleton').first().waitFor();
      const skeletonBox = await page.locator('.actions').boundingBox();
      await screenshotFullPage(page, join(ARTIFACTS, 'popover-loading-light.png'));
      await page.getByTestId('window-session').waitFor({ timeout: 20_000 });
      await page.getByTestId('cost-today').getByText('$').waitFor();
      await page.waitForTimeout(300);
      const loadedBox = await page.locator('.actions').boundingBox();
      const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
      assert.equal(await page.getByTestId('window-session').getByTestId('percent').textContent(), '77% left');
      assert.equal(loadedBox?.y, skeletonBox?.y, 'the buttons stay where they were');
      assert.ok(shift < 0.01, `cumulative layout shift ${shift}`);
    } finally {
      await browser.close();
      assert.equal(await serve.stop(), 0);
      await backend.close();
      home.cleanup();
    }
  });
});
