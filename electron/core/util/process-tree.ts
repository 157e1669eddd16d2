import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Spawns a child in its own process group (POSIX), so the whole tree it starts (a node shim,
 * the real binary, its helpers) can be signalled at once and nothing is left behind.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: process.platform !== 'win32', windowsHide: true });
}

function signalTree(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => {});
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** True while the process (or, on POSIX, any member of its group) still exists. */
export function isAlive(pid: number, group = true): boolean {
  try {
    process.kill(group && process.platform !== 'win32' ? -pid : pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM the tree, then SIGKILL it after `graceMs` if anything is still alive. Resolves once it is gone. */
export async function killTree(pid: number | undefined, graceMs = 400): Promise<void> {
  if (pid === undefined) return;
  signalTree(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await delay(25);
  }
  signalTree(pid, 'SIGKILL');
  const hardDeadline = Date.now() + 2000;
  while (Date.now() < hardDeadline && isAlive(pid)) await delay(25);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
