// Passes a shifted test clock (scripts/run-tests.mjs --at) on to the processes a test starts with an
// environment of its own, so they read the same time as the test. Empty on a normal run.

import { fileURLToPath } from 'node:url';

export const SHIFTED_CLOCK_PRELOAD = fileURLToPath(new URL('./shifted-clock.mjs', import.meta.url));

/** The variables a Node child needs to share this process's shifted clock; {} when the clock is real. */
export function shiftedClockEnv(): Record<string, string> {
  const offset = process.env.QUOTABAR_TEST_CLOCK_OFFSET_MS;
  if (offset === undefined || offset === '') return {};
  return { QUOTABAR_TEST_CLOCK_OFFSET_MS: offset, NODE_OPTIONS: `--import=${SHIFTED_CLOCK_PRELOAD}` };
}
