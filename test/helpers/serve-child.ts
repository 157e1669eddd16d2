// `quotabar serve` as a person starts it: the built CLI as a child process on a free port, with the
// test's shifted clock passed on. Resolves once it has printed its address and its launch link.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shiftedClockEnv } from './shifted-clock-env.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Serve {
  child: ChildProcess;
  url: string;
  /** The `?token=` link serve printed for this launch. */
  secretUrl: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

export async function startServeChild(args: string[], env: Record<string, string>): Promise<Serve> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'quotabar.js'), 'serve', '--port', '0', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...shiftedClockEnv(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [url, secretUrl] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 20_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      const link = /to change settings, open (http:\/\/\S+\?token=\S+)/.exec(stderr);
      if (match?.[1] !== undefined && link?.[1] !== undefined) {
        clearTimeout(timer);
        resolve([match[1], link[1]]);
      }
    };
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    child,
    url,
    secretUrl,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGINT');
      }),
  };
}

/** Polls a JSON file until `check` accepts it (a page's save reaches the file after its request returns). */
export async function waitForJsonFile(path: string, check: (json: Record<string, unknown>) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      if (check(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)) return;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`${path} never showed ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
