import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
