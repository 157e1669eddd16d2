// `quotabar serve --token`: every request must carry the bearer token (interface §5). A browser that
// sends it on every request (as a proxy or header extension does) gets the working popover, live
// events included; one that does not gets a 401 for the page itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureServe } from './fixture-serve.js';
import { costReport, failure, plusReport } from './popover-fixtures.js';
import { browserTestSkip, launchChromium } from '../helpers/chromium.js';

test('with --token the page works only for a browser that sends the bearer token on every request', { skip: browserTestSkip() }, async () => {
  // The browser first: if it cannot start, nothing else is left running.
  const browser = await launchChromium();
  const token = 'page-token-1f2e3d4c5b6a';
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport(), server: { token } });
  try {
    const authorized = await browser.newContext({ viewport: { width: 360, height: 640 }, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const page = await authorized.newPage();
    await page.goto(serve.url);
    await page.getByTestId('window-session').waitFor();
    assert.equal(await page.getByTestId('window-session').getByTestId('percent').textContent(), '77% left');

    // A change on the main side reaches the page over the authenticated event stream.
    serve.setUsage(failure('rate_limited', 'ChatGPT says too many requests. Wait a few minutes, then refresh.'));
    await serve.controller.refresh();
    await page.getByTestId('error-banner').waitFor();
    assert.match((await page.getByTestId('error-message').textContent()) ?? '', /too many requests/);

    const stranger = await (await browser.newContext()).newPage();
    const response = await stranger.goto(serve.url);
    assert.equal(response?.status(), 401);
    assert.match(await stranger.content(), /requires Authorization: Bearer/);
    assert.ok(!(await stranger.content()).includes(token));
  } finally {
    await browser.close();
    await serve.close();
  }
});
