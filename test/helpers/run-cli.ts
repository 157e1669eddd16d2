import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** The stdout lines so far. */
  lines: string[];
  stderr(): string;
  exited: Promise<number | null>;
  /** Line `n` (from 0) of stdout, once printed; rejects when the command ends before it. */
  line(n: number): Promise<string>;
}

/** A long-running `quotabar …` (e.g. `watch`) with the same clean environment as runQuotabar. */
export function startQuotabar(args: string[], env: Record<string, string | undefined> = {}): RunningCli {
  const child = spawn(process.execPath, [QUOTABAR_BIN, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...shiftedClockEnv(), ...env } as NodeJS.ProcessEnv,
  });
  const lines: string[] = [];
  let waiting: (() => void) | null = null;
  let buffer = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    waiting?.();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      resolve(code);
      waiting?.();
    }),
  );
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    async line(n: number): Promise<string> {
      while (lines.length <= n) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`quotabar exited (${child.exitCode ?? child.signalCode}) before line ${n}: ${stderr}`);
        await new Promise<void>((resolve) => (waiting = resolve));
      }
      return lines[n]!;
    },
  };
}
