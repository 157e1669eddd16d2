import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Spawns a child in its own process group (POSIX), so the whole tree it starts (a node shim,
 * the real binary, its helpers) can be signalled at once and nothing is left behind.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: process.platform !== 'win32', windowsHide: true });
}

/** Direct children of every process, from /proc on Linux or `ps` elsewhere on POSIX. */
function childrenTable(): Map<number, number[]> {
  const table = new Map<number, number[]>();
  const add = (ppid: number, pid: number) => table.set(ppid, [...(table.get(ppid) ?? []), pid]);
  if (process.platform === 'linux') {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return table;
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // The command name may hold spaces or parentheses: fields start after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        add(Number(fields[1]), Number(entry));
      } catch {
        // exited while we looked
      }
    }
    return table;
  }
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid !== undefined && ppid !== undefined && Number.isInteger(pid) && Number.isInteger(ppid)) add(ppid, pid);
    }
  } catch {
    // no ps: the process group is all we can reach
  }
  return table;
}

/**
 * Every live descendant of `pid` (children, grandchildren…). A child that called setsid() has
 * left the process group, so signalling the group misses it; only its parentage still tells.
 */
export function descendants(pid: number): number[] {
  if (process.platform === 'win32') return [];
  const table = childrenTable();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of table.get(next) ?? []) {
      if (found.includes(child) || child === pid) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The kernel's start time of a process (Linux), to tell it from a later process with the same pid. */
function startTime(pid: number): string | null {
  if (process.platform !== 'linux') return 'n/a';
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Remembers every descendant a process had while it ran. A helper that called setsid() and
 * whose parent then exited is re-parented away (to init), so a look at the tree at kill time
 * alone would miss it; sampling while the child runs keeps it reachable.
 */
export class DescendantWatch {
  private readonly seen = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly root: number) {}

  /** Samples now and then every `everyMs` until stop(). */
  start(everyMs = 200): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    for (const pid of descendants(this.root)) {
      if (this.seen.has(pid)) continue;
      const started = startTime(pid);
      if (started !== null) this.seen.set(pid, started);
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Pids seen so far that still belong to the same process (not a recycled pid). */
  live(): number[] {
    return [...this.seen].filter(([pid, started]) => startTime(pid) === started).map(([pid]) => pid);
  }
}

function signalOne(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function signalTree(pid: number, signal: NodeJS.Signals, known: Set<number>): void {
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => {});
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    signalOne(pid, signal);
  }
  for (const other of known) {
    // Their own groups too: a setsid() helper leads a group of its own.
    try {
      process.kill(-other, signal);
    } catch {
      // not a group leader
    }
    signalOne(other, signal);
  }
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
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

function anyAlive(pid: number, known: Set<number>): boolean {
  if (isAlive(pid)) return true;
  for (const other of known) if (isAlive(other, false) && !isZombie(other)) return true;
  return false;
}

/**
 * SIGTERM the tree, then SIGKILL it after `graceMs` if anything is still alive. Resolves once it
 * is gone. The tree is the process group plus every descendant found before and while signalling
 * (a descendant that left the group with setsid() is found by parentage, before its parent dies
 * and it is re-parented away from us).
 */
export async function killTree(pid: number | undefined, graceMs = 400, watch?: DescendantWatch): Promise<void> {
  if (pid === undefined) return;
  watch?.sample();
  const known = new Set<number>([...descendants(pid), ...(watch?.live() ?? [])]);
  const refresh = () => {
    for (const d of descendants(pid)) known.add(d);
    for (const k of [...known]) for (const d of descendants(k)) known.add(d);
  };
  signalTree(pid, 'SIGTERM', known);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!anyAlive(pid, known)) return;
    await delay(25);
    refresh();
  }
  refresh();
  signalTree(pid, 'SIGKILL', known);
  const hardDeadline = Date.now() + 2000;
  while (Date.now() < hardDeadline && anyAlive(pid, known)) {
    await delay(25);
    signalTree(pid, 'SIGKILL', known);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
