import { execFileSync, spawn } from 'node:child_process';

/**
 * A real FIFO at `path` (mkfifo), with a watchdog: should code under test wrongly block reading it,
 * a child opens it for writing after `unblockAfterMs` and closes it, so the reader gets EOF and the
 * test fails on its assertions instead of hanging the whole run. `dispose` stops the watchdog.
 */
export function makeFifo(path: string, unblockAfterMs = 20_000): { dispose(): void } {
  execFileSync('mkfifo', [path]);
  const watchdog = spawn(process.execPath, ['-e', `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(path)}, ''), ${unblockAfterMs})`], {
    stdio: 'ignore',
  });
  watchdog.unref();
  return {
    dispose() {
      watchdog.kill('SIGKILL');
    },
  };
}
