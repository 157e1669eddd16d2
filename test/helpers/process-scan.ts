import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line or environment mentions `fragment` (Linux /proc). */
export function processesMentioning(fragment: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const status = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(status)) continue; // a zombie is already dead, only unreaped
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      let environ = '';
      try {
        environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      } catch {
        // not ours to read
      }
      if (cmdline.includes(fragment) || environ.includes(fragment)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Waits up to `ms` for every process mentioning `fragment` to be gone; returns those still alive. */
export async function waitForNoProcesses(fragment: string, ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = processesMentioning(fragment);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = processesMentioning(fragment);
  }
  return alive;
}
