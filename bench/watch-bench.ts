// npm run bench:watch: `quotabar watch` idle (CPU seconds over a minute) and under a burst of
// session-log writes (refreshes per debounce period), against the backend double on loopback.
//   WATCH_BENCH_IDLE_S (default 60), WATCH_BENCH_BURST_S (default 60), WATCH_BENCH_WRITE_MS (default 100)
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackendDouble } from '../test/doubles/chatgpt-backend-double.js';
import { tempDir, writeChatgptAuth } from '../test/helpers/codex-home-fixture.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const idleSeconds = Number(process.env.WATCH_BENCH_IDLE_S ?? 60);
const burstSeconds = Number(process.env.WATCH_BENCH_BURST_S ?? 60);
const writeEveryMs = Number(process.env.WATCH_BENCH_WRITE_MS ?? 100);
const DEBOUNCE_S = 10;
const CLK_TCK = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process in seconds, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function rssMb(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Number(line.split(/\s+/)[1]) / 1024;
}

const dir = tempDir('quotabar-watch-bench-');
const codexHome = join(dir.path, 'codex-home');
const auth = writeChatgptAuth(codexHome, { email: 'a@example.com', plan: 'plus', exp: Math.floor(Date.now() / 1000) + 3600 });
const day = join(codexHome, 'sessions', '2026', '03', '06');
mkdirSync(day, { recursive: true });
const backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123' });
const usageRequests: number[] = [];
const countBefore = () => backend.requests.filter((r) => r.path.endsWith('/usage')).length;
let seen = 0;
const poll = setInterval(() => {
  const n = countBefore();
  while (seen < n) {
    usageRequests.push(Date.now());
    seen++;
  }
}, 20);

const child = spawn(process.execPath, [join(repoRoot, 'bin', 'quotabar.js'), 'watch', '--format', 'line', '--codex-home', codexHome], {
  env: { PATH: process.env.PATH, HOME: dir.path, QUOTABAR_HOME: join(dir.path, 'qb'), QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines: string[] = [];
child.stdout.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
while (lines.length === 0) await sleep(20);
await sleep(2000); // start-up settles (module loading, the first refresh)

const pid = child.pid!;
console.log(`quotabar watch (pid ${pid}) printed: ${lines[0]}`);
const idleStart = cpuSeconds(pid);
const idleRequests = usageRequests.length;
await sleep(idleSeconds * 1000);
const idleCpu = cpuSeconds(pid) - idleStart;
console.log(
  `idle ${idleSeconds} s: ${idleCpu.toFixed(2)} CPU s (${((idleCpu / idleSeconds) * 100).toFixed(3)} %), ${usageRequests.length - idleRequests} backend requests, RSS ${rssMb(pid).toFixed(0)} MB`,
);

const log = join(day, 'rollout-2026-03-06T12-00-00-bench.jsonl');
const burstStartCpu = cpuSeconds(pid);
const burstStart = Date.now();
const firstRequestIndex = usageRequests.length;
let writes = 0;
while (Date.now() - burstStart < burstSeconds * 1000) {
  appendFileSync(log, `{"timestamp":"${new Date().toISOString()}","type":"event_msg","payload":{"type":"token_count"}}\n`);
  writes++;
  await sleep(writeEveryMs);
}
const burstEnd = Date.now();
await sleep((DEBOUNCE_S + 5) * 1000);
const burstCpu = cpuSeconds(pid) - burstStartCpu;
const refreshes = usageRequests.slice(firstRequestIndex).map((t) => (t - burstStart) / 1000);
let maxPerPeriod = 0;
for (const t of refreshes) maxPerPeriod = Math.max(maxPerPeriod, refreshes.filter((u) => u >= t && u < t + DEBOUNCE_S).length);
const gaps = refreshes.slice(1).map((t, i) => t - refreshes[i]!);
console.log(
  `burst: ${writes} writes over ${((burstEnd - burstStart) / 1000).toFixed(0)} s (one per ${writeEveryMs} ms), ${refreshes.length} refreshes at ${refreshes.map((t) => t.toFixed(1)).join(', ')} s`,
);
console.log(
  `  first refresh ${refreshes[0]?.toFixed(1) ?? '-'} s after the first write; last ${(refreshes.at(-1)! - (burstEnd - burstStart) / 1000).toFixed(1)} s after the last write`,
);
console.log(
  `  most refreshes in any ${DEBOUNCE_S} s: ${maxPerPeriod}; smallest gap ${gaps.length ? Math.min(...gaps).toFixed(1) : '-'} s; CPU ${burstCpu.toFixed(2)} s`,
);

const stopAt = Date.now();
child.kill('SIGTERM');
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
console.log(`SIGTERM: exit ${code} after ${Date.now() - stopAt} ms`);
clearInterval(poll);
await backend.close();
dir.cleanup();
if (maxPerPeriod > 1 || code !== 0) process.exit(1);
