// The built renderer in Chromium with a QuotaBarApi of the test's making in place of the preload's:
// the page is served from dist/renderer by request interception, `window.quotabar` answers from a
// given AppState, and each saveSettings goes to the test, which may hold it to see the page wait.
// After a save that changes activeAccountId the fake pushes a state showing that account, as the
// main process does.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ApiAccess, AppState, SettingsPatch } from '../../shared/quotabar-api.js';
import { followTestClock } from '../helpers/chromium.js';
import { holdGate } from '../helpers/hold-gate.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const ORIGIN = 'http://quotabar.test';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export interface FakeApiPage {
  page: Page;
  context: BrowserContext;
  /** Every saveSettings patch, in order. */
  saves: SettingsPatch[];
  /** Holds the next saveSettings until the returned function is called. */
  holdNextSave(): () => void;
  close(): Promise<void>;
}

export async function openFakeApiPage(
  browser: Browser,
  state: AppState,
  options: { colorScheme?: 'light' | 'dark'; access?: ApiAccess; viewport?: { width: number; height: number } } = {},
): Promise<FakeApiPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 360, height: 520 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 2,
  });
  await followTestClock(context);
  const page = await context.newPage();
  const saves: SettingsPatch[] = [];
  const gate = holdGate();

  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(`${RENDERER}${path}`);
      await route.fulfill({ status: 200, body, contentType: TYPES[extname(path)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.exposeFunction('__quotabarTestSave', async (patch: SettingsPatch) => {
    saves.push(patch);
    await gate.pass();
  });
  // Plain text, not a function: the test's own transpiler would add helpers the page does not have.
  await page.addInitScript({
    content: `(() => {
      let state = ${JSON.stringify(state)};
      const access = ${JSON.stringify(options.access ?? { canWrite: true, fixedSettings: [] })};
      const listeners = new Set();
      const emit = (event) => listeners.forEach((l) => l(event));
      window.quotabar = {
        getState: async () => state,
        getAccess: async () => access,
        refresh: async () => {},
        async saveSettings(patch) {
          await window.__quotabarTestSave(patch);
          const settings = { ...state.settings, ...patch, display: { ...state.settings.display, ...(patch.display || {}) } };
          state = { ...state, settings };
          const shown = (state.accounts || []).find((a) => a.id === patch.activeAccountId);
          if (shown !== undefined) {
            state = { ...state, shownAccountId: shown.id, usage: shown.usage, lastGoodUsage: shown.lastGoodUsage };
            setTimeout(() => emit({ type: 'state', state }), 0);
          }
          return { ok: true, settings };
        },
        setManualCookieHeader: async () => ({ ok: true, settings: state.settings }),
        subscribe(listener) { listeners.add(listener); return () => listeners.delete(listener); },
        openPreferences: async () => {},
        closeWindow: async () => {},
        quit: async () => {},
      };
    })();`,
  });
  await page.goto(`${ORIGIN}/index.html`);
  return {
    page,
    context,
    saves,
    holdNextSave: () => gate.holdNext(),
    close: () => context.close(),
  };
}
