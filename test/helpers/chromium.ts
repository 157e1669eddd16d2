import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { shiftedClockEnv } from './shifted-clock-env.js';

/** Debian's Chromium, installed by .ci/run; playwright-core never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless as root on a machine with no network beyond the package registries. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const builtPage = new URL('../../dist/renderer/index.html', import.meta.url);

/**
 * The `skip` option for browser tests: a developer without Chromium or a built renderer may skip
 * them, but CI never does — there a missing browser must fail the run, not pass it silently.
 */
export function browserTestSkip(): string | false {
  if (process.env.CI) return false;
  if (!existsSync(CHROMIUM)) return `no ${CHROMIUM} (installed by .ci/run)`;
  if (!existsSync(builtPage)) return 'the renderer is not built (npm run build)';
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * On a run at a shifted clock (run-tests --at), moves the page's wall clock by the same offset as this
 * process's, before any page script runs; a no-op otherwise. Timers run on real time, as in Node.
 */
export async function followTestClock(target: BrowserContext | Page): Promise<void> {
  const offset = Number(shiftedClockEnv().QUOTABAR_TEST_CLOCK_OFFSET_MS ?? 0);
  if (offset === 0) return;
  // Plain text, not a function: the test's own transpiler would add helpers the page does not have.
  await target.addInitScript({
    content: `(() => {
      const RealDate = Date;
      class ShiftedDate extends RealDate {
        constructor(...args) { if (args.length === 0) super(RealDate.now() + ${offset}); else super(...args); }
        static now() { return RealDate.now() + ${offset}; }
      }
      globalThis.Date = ShiftedDate;
    })();`,
  });
}

/**
 * The whole page, as tall as its content, saved to `path` for looking at; the window's size is restored
 * after. The pointer is moved off the page first, so no element shows its hover colour.
 */
export async function screenshotFullPage(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.mouse.move(0, 0);
  const size = page.viewportSize() ?? { width: 360, height: 640 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path, animations: 'disabled' });
  await page.setViewportSize(size);
}
