// The popover's history charts in a real browser: `serve`'s server and controller with a history file
// holding a hand-made week (history-fixtures.ts), rendered by Debian's Chromium in light and dark.
// Screenshots go to test/artifacts/ to be looked at.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistoryStore } from '../../electron/core/history/history-store.js';
import type { UsageReport } from '../../shared/usage-model.js';
import { browserTestSkip, followTestClock, launchChromium } from '../helpers/chromium.js';
import { startFixtureServe } from './fixture-serve.js';
import { proSessionSamples, proWeeklySamples } from './history-fixtures.js';
import { costReport, proEverythingReport } from './popover-fixtures.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

test('the session and weekly cards chart their history with resets marked, and say when the burn rate runs them out', { skip: browserTestSkip() }, async () => {
  const browser = await launchChromium();
  const home = mkdtempSync(join(tmpdir(), 'quotabar-history-chromium-'));
  const now = new Date();
  const report = proEverythingReport(now);
  const history = openHistoryStore({ path: join(home, 'history.sqlite'), warn: (m) => assert.fail(m) });
  // The hand-made history, recorded as the refreshes that would have produced it.
  const only = (id: 'session' | 'weekly', s: { at: string; usedPercent: number; resetsAt: string | null }): UsageReport => ({
    ...report,
    fetchedAt: s.at,
    session: id === 'session' ? { usedPercent: s.usedPercent, windowMinutes: 300, resetsAt: s.resetsAt } : null,
    weekly: id === 'weekly' ? { usedPercent: s.usedPercent, windowMinutes: 10080, resetsAt: s.resetsAt } : null,
    extraWindows: [],
    codeReview: null,
  });
  for (const s of proSessionSamples(now)) history.record(only('session', s));
  for (const s of proWeeklySamples(now)) history.record(only('weekly', s));
  const serve = await startFixtureServe({ usage: [report], cost: costReport(now), history });
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, colorScheme, deviceScaleFactor: 2 });
      await followTestClock(context);
      const page = await context.newPage();
      await page.goto(serve.url);
      const session = page.getByTestId('window-session');
      await session.getByTestId('history-chart').waitFor();
      assert.equal(await session.getByRole('img').getAttribute('aria-label'), 'Last 24 h: peak 71% used, 3 resets');
      assert.equal(await session.getByTestId('history-reset').count(), 3);
      assert.equal(await session.getByTestId('runout').textContent(), 'Runs out in 1h 16m');
      const weekly = page.getByTestId('window-weekly');
      assert.equal(await weekly.getByRole('img').getAttribute('aria-label'), 'Last 7 days: peak 88% used, 1 reset');
      assert.match((await weekly.getByTestId('runout').textContent()) ?? '', /^Runs out in 12h 1\dm$/);
      const box = await session.getByTestId('history-chart').boundingBox();
      assert.ok(box !== null && box.width > 250 && box.height > 30, `the chart is drawn at full width: ${JSON.stringify(box)}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: 360, height: Math.max(640, height) });
      await page.screenshot({ path: join(ARTIFACTS, `popover-history-${colorScheme}.png`), animations: 'disabled' });
      await context.close();
    }
  } finally {
    await browser.close();
    await serve.close();
    rmSync(home, { recursive: true, force: true });
  }
});
