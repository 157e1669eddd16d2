import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { shiftedClockEnv } from './shifted-clock-env.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const QUOTABAR_BIN = `${repoRoot}bin/quotabar.js`;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as a person would (`quotabar …`), with a clean environment: only PATH and
 * what the test passes. `npm test` builds dist/ first.
 */
export function runQuotabar(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [QUOTABAR_BIN, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...shiftedClockEnv(), ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`quotabar ${args.join(' ')} did not finish within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
