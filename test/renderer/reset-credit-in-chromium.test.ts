// The popover's reset-credit row and its confirmation dialog in Debian's Chromium, on `quotabar serve`'s
// server and controller with fixture usage: nothing is spent until the person confirms, the dialog names
// each window with its "% left", and "Try again" repeats the same request. Screenshots in test/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureServe } from './fixture-serve.js';
import { costReport, plusReport } from './popover-fixtures.js';
import { browserTestSkip, followTestClock, launchChromium } from '../helpers/chromium.js';
import { resetCreditOutcomeMessage, UUID_PATTERN, type ResetCreditUseRequest, type ResetCreditUseResult } from '../../shared/reset-credits.js';
import type { UsageReport } from '../../shared/usage-model.js';

const ARTIFACTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test', 'artifacts');
const H = 3_600_000;

/** A Plus report made at the page's clock (the browser follows a shifted test clock), with two reset credits. */
function reportWithCredits(available: number): UsageReport {
  const now = new Date();
  const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
  return plusReport(now, {
    fetchedAt: now.toISOString(),
    resetCredits: {
      available,
      credits: [
        { id: 'rc-late', status: 'available', grantedAt: iso(-48 * H), expiresAt: iso(241 * H), title: 'Reset' },
        { id: 'rc-soon', status: 'available', grantedAt: iso(-24 * H), expiresAt: iso(3 * 24 * H + 5 * H), title: null },
      ].slice(0, available),
    },
  });
}

test(
  'the confirmation names both windows, spends nothing on Cancel, and one credit with one key on confirm',
  { skip: browserTestSkip(), timeout: 90_000 },
  async () => {
    const browser = await launchChromium();
    const uses: ResetCreditUseRequest[] = [];
    let answers = 0;
    const outcome = async (use: ResetCreditUseRequest): Promise<ResetCreditUseResult> => {
      uses.push(use);
      answers++;
      // The first attempt fails on the backend's side; "Try again" must send the same key.
      if (answers === 1)
        return {
          ok: false,
          error: {
            code: 'server_error',
            message: 'Using a reset credit had a server error (HTTP 503). This is usually temporary: try again in a few minutes.',
          },
          idempotencyKey: use.idempotencyKey,
        };
      return { ok: true, outcome: 'reset', message: resetCreditOutcomeMessage('reset'), idempotencyKey: use.idempotencyKey };
    };
    const serve = await startFixtureServe({ usage: [reportWithCredits(2)], cost: costReport(), resetCreditOutcome: outcome });
    try {
      mkdirSync(ARTIFACTS, { recursive: true });
      const context = await browser.newContext({ viewport: { width: 360, height: 720 } });
      await followTestClock(context);
      const page = await context.newPage();
      await page.goto(serve.secretUrl);
      const row = page.getByTestId('reset-credits');
      await row.waitFor();
      assert.equal(await row.locator('.row-label').textContent(), 'Reset credits');
      assert.equal(await row.locator('.row-value').textContent(), '2 · next expires in 3 days');

      await page.getByTestId('use-reset-credit').click();
      const dialog = page.getByTestId('reset-credit-dialog');
      await dialog.waitFor();
      assert.equal(await page.evaluate(() => document.querySelector('dialog')?.open), true);
      assert.match((await dialog.textContent()) ?? '', /Resets the Codex limits of a@example\.com now/);
      assert.match((await page.getByTestId('confirm-session').textContent()) ?? '', /^77% left · resets in 2h \d+m$/);
      assert.match((await page.getByTestId('confirm-weekly').textContent()) ?? '', /^59% left · resets in 4d 2\dh$/);
      assert.match(
        (await dialog.textContent()) ?? '',
        /Uses 1 of your 2 reset credits \(the next to expire, in 3 days\)\. A used credit cannot be given back\./,
      );
      await page.screenshot({ path: join(ARTIFACTS, 'reset-credit-confirm.png') });

      await page.getByTestId('reset-credit-cancel').click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(uses.length, 0, 'Cancel spends nothing');
      await page.getByTestId('use-reset-credit').click();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(uses.length, 0, 'Escape spends nothing');

      await page.getByTestId('use-reset-credit').click();
      await page.getByTestId('reset-credit-confirm').click();
      await page.getByTestId('reset-credit-retry').waitFor();
      assert.match((await page.getByTestId('reset-credit-outcome').textContent()) ?? '', /server error \(HTTP 503\)/);
      await page.getByTestId('reset-credit-retry').click();
      await page.getByTestId('reset-credit-close').waitFor();
      assert.equal(await page.getByTestId('reset-credit-outcome').textContent(), 'Done: one reset credit was used and your Codex limits were reset.');
      await page.screenshot({ path: join(ARTIFACTS, 'reset-credit-done.png') });
      assert.equal(uses.length, 2);
      assert.match(uses[0]?.idempotencyKey ?? '', UUID_PATTERN);
      assert.equal(uses[1]?.idempotencyKey, uses[0]?.idempotencyKey, 'a retry of the same action reuses its key');

      // A new confirmed action gets a new key.
      await page.getByTestId('reset-credit-close').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('use-reset-credit').click();
      await page.getByTestId('reset-credit-confirm').click();
      await page.getByTestId('reset-credit-close').waitFor();
      assert.equal(uses.length, 3);
      assert.notEqual(uses[2]?.idempotencyKey, uses[0]?.idempotencyKey);
    } finally {
      await browser.close();
      await serve.close();
    }
  },
);

test('a read-only page shows the count but offers no button; with no credits there is none either', { skip: browserTestSkip(), timeout: 90_000 }, async () => {
  const browser = await launchChromium();
  const serve = await startFixtureServe({ usage: [reportWithCredits(1)], cost: costReport() });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 720 } });
    await followTestClock(context);
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.getByTestId('reset-credits').waitFor();
    assert.equal(await page.getByTestId('reset-credits').locator('.row-value').textContent(), '1 · next expires in 10 days');
    assert.equal(await page.getByTestId('use-reset-credit').count(), 0);

    serve.setUsage(reportWithCredits(0));
    await serve.controller.refresh();
    const signedIn = await context.newPage();
    await signedIn.goto(serve.secretUrl);
    await signedIn.getByTestId('reset-credits').waitFor();
    await signedIn.waitForFunction(() => document.querySelector('[data-testid="reset-credits"] .row-value')?.textContent === '0');
    assert.equal(await signedIn.getByTestId('use-reset-credit').count(), 0);
    assert.deepEqual(serve.resetCreditUses, []);
  } finally {
    await browser.close();
    await serve.close();
  }
});
