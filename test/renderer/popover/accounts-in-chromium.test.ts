// The popover's account list (interface §7) in a real browser: the built renderer in Debian's Chromium,
// at the tray window's size, with the typed API answered by the test (fake-api-page.ts). Screenshots
// go to test/artifacts/ to be looked at.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { defaultSettings } from '../../../shared/settings-model.js';
import { browserTestSkip, launchChromium, screenshotFullPage } from '../../helpers/chromium.js';
import { openFakeApiPage } from '../fake-api-page.js';
import { accountsAppState } from '../popover-fixtures.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const skip = browserTestSkip();
let browser: Browser;

before(async () => {
  if (skip !== false) return;
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  if (skip === false) await browser.close();
});

const rows = (page: Page) => page.getByTestId('account-row');
const row = (page: Page, id: string) => page.locator(`[data-testid="account-row"][data-account-id="${id}"]`);

test('one account: no list, the popover as before', { skip }, async () => {
  const { page, close } = await openFakeApiPage(browser, accountsAppState(1, new Date()));
  try {
    await page.getByTestId('window-session').waitFor();
    assert.equal(await page.getByTestId('account-list').count(), 0);
    assert.equal(await page.getByTestId('email').textContent(), 'a@example.com');
    await screenshotFullPage(page, join(ARTIFACTS, 'popover-accounts-1-light.png'));
  } finally {
    await close();
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`five accounts in ${colorScheme}: rows grouped by origin, a stale and a failed one among them`, { skip }, async () => {
    const { page, close } = await openFakeApiPage(browser, accountsAppState(5, new Date()), { colorScheme });
    try {
      await page.getByTestId('account-list').waitFor();
      assert.equal(await rows(page).count(), 4);
      assert.deepEqual(await page.locator('.acct-group-head').allTextContents(), ['Codex homes', 'CCS pool', 'codex-proxy']);
      const failed = row(page, 'codex-proxy:acct-4');
      assert.equal(await failed.getAttribute('data-status'), 'failed');
      assert.equal(await failed.getByTestId('account-reason').textContent(), 'Sign-in rejected — codex-proxy signs in');
      assert.match((await failed.getAttribute('title')) ?? '', /^unauthorized: ChatGPT rejected the codex-proxy access token/);
      const stale = row(page, 'ccs:acct-2');
      assert.equal(await stale.getAttribute('data-status'), 'stale');
      assert.equal(await stale.getByTestId('account-reason').textContent(), 'Token stale — run CCS');
      assert.match((await stale.getAttribute('aria-label')) ?? '', /older numbers: Token stale — refreshed by CCS/);
      assert.equal(await row(page, 'ccs:acct-3').getAttribute('data-status'), 'ok', 'a failing account never hides the others');
      assert.match((await row(page, 'ccs:acct-3').getByTestId('account-reset').textContent()) ?? '', /^Resets in \d/);
      // Aligned columns: every row's session bar starts at the same x and has the same width.
      const boxes = await page.getByTestId('account-bar-5h').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.x, r.width]));
      assert.equal(new Set(boxes.map((b) => b.join())).size, 1, JSON.stringify(boxes));
      await screenshotFullPage(page, join(ARTIFACTS, `popover-accounts-5-${colorScheme}.png`));
    } finally {
      await close();
    }
  });
}

test('clicking a row saves activeAccountId, says it is switching meanwhile, then shows that account', { skip }, async () => {
  const { page, saves, holdNextSave, close } = await openFakeApiPage(browser, accountsAppState(5, new Date()));
  try {
    const work = row(page, 'codex-home:9f8e7d');
    await work.waitFor();
    const release = holdNextSave();
    await work.click();
    await work.getByTestId('account-switching').waitFor();
    assert.equal(await work.getAttribute('aria-busy'), 'true');
    await page.getByTestId('account-list').screenshot({ path: join(ARTIFACTS, 'popover-accounts-switching.png'), animations: 'disabled' });
    assert.deepEqual(saves, [{ activeAccountId: 'codex-home:9f8e7d' }]);
    await work.click();
    assert.equal(saves.length, 1, 'a second click while saving asks nothing more');
    release();
    await page.getByTestId('account-name').waitFor();
    assert.equal(await page.getByTestId('account-name').textContent(), 'Work · work.person@company.example');
    assert.equal(await work.count(), 0, 'the shown account is no longer a row');
    assert.equal(await row(page, 'codex-home:0a1b2c').count(), 1, 'the default home became one');
    assert.equal(await page.getByTestId('account-switching').count(), 0);
  } finally {
    await close();
  }
});

test('a row is shown from the keyboard with Enter or Space', { skip }, async () => {
  const { page, saves, close } = await openFakeApiPage(browser, accountsAppState(5, new Date()));
  try {
    await rows(page).first().waitFor();
    await row(page, 'ccs:acct-3').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-account-id="ccs:acct-3"]') === null);
    await row(page, 'ccs:acct-2').focus();
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-account-id="ccs:acct-2"]') === null);
    assert.deepEqual(saves, [{ activeAccountId: 'ccs:acct-3' }, { activeAccountId: 'ccs:acct-2' }]);
    assert.match(
      (await rows(page).first().getAttribute('aria-label')) ?? '',
      /^a@example\.com, session \d+% left, weekly \d+% left, resets .+\. Show this account$/,
    );
  } finally {
    await close();
  }
});

test('a read-only serve page lists the accounts but does not switch, and says why', { skip }, async () => {
  const { page, saves, close } = await openFakeApiPage(browser, accountsAppState(5, new Date()), { access: { canWrite: false, fixedSettings: [] } });
  try {
    const work = row(page, 'codex-home:9f8e7d');
    await page.waitForFunction(() => document.querySelector('[data-account-id="codex-home:9f8e7d"]')?.getAttribute('aria-disabled') === 'true');
    assert.equal(await rows(page).count(), 4);
    assert.match((await work.getAttribute('title')) ?? '', /^Read-only page: to switch accounts, open the \?token= link/);
    // Playwright waits for an aria-disabled element to be enabled; force the click a person can still make.
    await work.click({ force: true });
    await work.focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(saves, []);
    assert.equal(await page.getByTestId('account-switching').count(), 0);
  } finally {
    await close();
  }
});

test('with emails hidden no email shows in the list or the header', { skip }, async () => {
  const settings = { display: { ...defaultSettings().display, hideEmail: true } };
  const { page, close } = await openFakeApiPage(browser, accountsAppState(5, new Date(), settings));
  try {
    await page.getByTestId('account-list').waitFor();
    const shown = await page.evaluate(
      () =>
        document.body.innerText +
        [...document.querySelectorAll('[title],[aria-label]')].map((e) => `${e.getAttribute('title')} ${e.getAttribute('aria-label')}`).join(' '),
    );
    assert.doesNotMatch(shown, /@/);
    assert.deepEqual(await page.getByTestId('account-label').allTextContents(), ['Work', 'Account 3', 'Account 4', 'Account 5']);
    assert.equal(await page.getByTestId('account-name').textContent(), 'Account 1');
  } finally {
    await close();
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`twenty accounts in ${colorScheme}: the list scrolls in a bounded box of fixed rows, the shown account stays on top`, { skip }, async () => {
    const { page, close } = await openFakeApiPage(browser, accountsAppState(20, new Date()), { colorScheme });
    try {
      await page.getByTestId('account-list').waitFor();
      assert.equal(await rows(page).count(), 19);
      assert.equal(await row(page, 'ccs:acct-7').getAttribute('data-status'), 'loading');
      const heights = await rows(page).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      assert.equal(new Set(heights).size, 1, `every row has one height: ${heights.join()}`);
      const scroller = page.getByTestId('account-scroll');
      const box = await scroller.evaluate((e) => ({ client: e.clientHeight, scroll: e.scrollHeight }));
      assert.ok(box.client <= 300 && box.scroll > box.client * 2, `the list scrolls inside a bounded box: ${JSON.stringify(box)}`);
      await screenshotFullPage(page, join(ARTIFACTS, `popover-accounts-20-${colorScheme}.png`));

      // A row reached with Tab comes into view above the sticky buttons, not under them: with the list's
      // top just in the window, Tab from its first row to the next one.
      const listTop = await page.getByTestId('account-scroll').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      await page.evaluate((top) => window.scrollTo(0, top - window.innerHeight + 120), listTop);
      await row(page, 'codex-home:9f8e7d').evaluate((e) => (e as HTMLElement).focus({ preventScroll: true }));
      await page.keyboard.press('Tab');
      const [focused, footer] = await Promise.all([row(page, 'ccs:acct-2').boundingBox(), page.locator('footer.actions').boundingBox()]);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-account-id')), 'ccs:acct-2');
      assert.ok(
        focused !== null && footer !== null && focused.y + focused.height <= footer.y + 1,
        `${JSON.stringify(focused)} above ${JSON.stringify(footer)}`,
      );
      await page.evaluate(() => window.scrollTo(0, 0));

      // In the window: bring the list into view, then scroll the list itself to its end.
      await page.getByTestId('account-list').evaluate((e) => e.scrollIntoView({ block: 'end' }));
      const sessionTop = await page.getByTestId('window-session').evaluate((e) => e.getBoundingClientRect().top);
      const windowScroll = await page.evaluate(() => window.scrollY);
      await scroller.hover();
      await page.mouse.wheel(0, 2000);
      await page.waitForFunction(() => {
        const e = document.querySelector('[data-testid="account-scroll"]');
        return e !== null && e.scrollTop + e.clientHeight >= e.scrollHeight - 1;
      });
      assert.equal(await page.evaluate(() => window.scrollY), windowScroll, 'scrolling the list does not scroll the window');
      assert.equal(await page.getByTestId('window-session').evaluate((e) => e.getBoundingClientRect().top), sessionTop);
      const lastHeading = page.locator('.acct-group-head').last();
      assert.equal(await lastHeading.textContent(), 'codex-proxy');
      const [head, scrollBox] = await Promise.all([lastHeading.boundingBox(), scroller.boundingBox()]);
      assert.ok(head !== null && scrollBox !== null && Math.abs(head.y - scrollBox.y - 1) < 2, 'the group heading sticks to the top of the list');
      if (colorScheme === 'light') await page.screenshot({ path: join(ARTIFACTS, 'popover-accounts-20-scrolled.png'), animations: 'disabled' });
    } finally {
      await close();
    }
  });
}
