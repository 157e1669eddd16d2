// Shared set-up for the pty tests: a codex TUI double per scenario, its transcript, and a check
// that nothing it started is still running.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FetchContext } from '../../../../../electron/core/usage/usage-source.js';
import { buildContext } from '../../../../../electron/core/usage/usage-service.js';
import { writeRecordingCodexDouble } from '../../../../helpers/codex-double-bin.js';
import { processesMentioning } from '../../../../helpers/process-scan.js';

export type Entry = Record<string, unknown>;

export interface StartEntry {
  argv: string[];
  envKeys: string[];
  term: string | null;
  cwd: string;
  cwdMode: number;
  cwdEntries: string[];
  cols: number;
  rows: number;
  pid: number;
  isTTY: boolean;
}

export interface PtyScenario {
  ctx: FetchContext;
  bin: string;
  binDir: string;
  home: string;
  entries(): Entry[];
  starts(): StartEntry[];
  /** The reset instants the double drew on its n-th card (1-based), exactly as it computed them. */
  resets(card?: number): string[];
}

let counter = 0;

export function ptyScenario(
  root: string,
  scenario: string,
  options: { timeoutSeconds?: number; env?: Record<string, string>; style?: 'boxed' | '0.171' } = {},
): PtyScenario {
  const binDir = join(root, `bin-${scenario}-${++counter}`);
  const { bin, entries } = writeRecordingCodexDouble<Entry>(binDir, { CODEX_DOUBLE_TUI: scenario, CODEX_DOUBLE_STYLE: options.style ?? 'boxed' });
  const home = join(root, 'home');
  const ctx = buildContext({
    source: 'pty',
    env: { PATH: '/usr/bin:/bin', HOME: home, TZ: process.env.TZ ?? 'UTC', ...options.env },
    codexHome: join(home, '.codex'),
    codexBin: bin,
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
  });
  return {
    ctx,
    bin,
    binDir,
    home,
    entries,
    starts: () =>
      entries()
        .filter((e) => 'start' in e)
        .map((e) => e.start as StartEntry),
    resets: (card = 1) => (entries().find((e) => e.card === card)?.resets as string[] | undefined) ?? [],
  };
}

function procState(pid: number): { state: string; pgid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', pgid: Number(fields[2]) };
  } catch {
    return null;
  }
}

/** Live members of a process group; a zombie is dead already (only waiting for its parent to reap it). */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = procState(Number(entry));
    if (info !== null && info.pgid === pgid && info.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

export function isLive(pid: number): boolean {
  const info = procState(pid);
  return info !== null && info.state !== 'Z';
}

/**
 * Asserts that every codex the source started — its whole process group, any helper it spawned,
 * and anything else carrying the scenario's environment — is gone. Reaping is asynchronous, so
 * this waits up to a few seconds for the kernel to catch up before judging.
 */
export async function assertNothingLeft(s: PtyScenario): Promise<void> {
  const starts = s.starts();
  assert.ok(starts.length > 0, 'the double was started');
  const helpers = s
    .entries()
    .filter((e) => typeof e.grandchild === 'number')
    .map((e) => e.grandchild as number);
  const leftovers = () => [...starts.flatMap((st) => liveGroupMembers(st.pid)), ...helpers.filter(isLive), ...processesMentioning(s.binDir)];
  const deadline = Date.now() + 4000;
  let left = leftovers();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = leftovers();
  }
  assert.deepEqual([...new Set(left)], [], 'no process of the codex double is left behind');
  for (const st of starts) {
    // The group leader itself is gone (ESRCH), not merely signalled.
    assert.equal(isLive(st.pid), false);
  }
}
