// npm run bench:history: how big `history.sqlite` grows and what one refresh costs to record.
// 10 accounts refreshed every minute for 90 days, with usage that changes the way people use Codex:
// working sessions on most days, the session window running out now and then, weekly resets, an idle
// window whose reset time creeps forward. Not a test: it prints figures for docs/benchmarks.md.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openHistoryStore } from '../electron/core/history/history-store.js';
import type { UsageReport, UsageWindow } from '../shared/usage-model.js';

const ACCOUNTS = 10;
const RETENTION_DAYS = 90;
// `--days N` simulates fewer days (each record opens, writes and closes the file, so 90 days take a while
// on a slow disk); the size is then scaled to 90 days, which pruning keeps it at.
const daysArg = process.argv.indexOf('--days');
const DAYS = daysArg >= 0 ? Number(process.argv[daysArg + 1]) : RETENTION_DAYS;
const MIN = 60_000;
const START = Date.parse('2026-01-05T00:00:00.000Z');

/** mulberry32: the same "random" usage on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface AccountSim {
  id: number;
  random: () => number;
  session: number;
  sessionResetsAt: number | null; // null: not started (the backend then reports now + 5 h)
  weekly: number;
  weeklyResetsAt: number;
  spark: number;
  workStart: number; // minute of the day
  workMinutes: number;
  burnPerMinute: number; // chance that a working minute adds 1 % to the session
}

function newAccount(id: number): AccountSim {
  const random = rng(1000 + id);
  return {
    id,
    random,
    session: 0,
    sessionResetsAt: null,
    weekly: 0,
    weeklyResetsAt: START + (1 + (id % 7)) * 1440 * MIN,
    spark: 0,
    workStart: 0,
    workMinutes: 0,
    burnPerMinute: 0.15 + random() * 0.35,
  };
}

/** Advances one account by one minute and returns its report, as the backend would answer. */
function step(a: AccountSim, t: number): UsageReport {
  const minuteOfDay = Math.floor((t - START) / MIN) % 1440;
  if (minuteOfDay === 0) {
    const weekday = Math.floor((t - START) / (1440 * MIN)) % 7 < 5;
    a.workStart = 8 * 60 + Math.floor(a.random() * 120);
    a.workMinutes = weekday || a.random() < 0.3 ? 240 + Math.floor(a.random() * 360) : 0;
  }
  if (a.sessionResetsAt !== null && t >= a.sessionResetsAt) {
    a.session = 0;
    a.sessionResetsAt = null;
  }
  if (t >= a.weeklyResetsAt) {
    a.weekly = 0;
    a.weeklyResetsAt += 7 * 1440 * MIN;
  }
  const working = minuteOfDay >= a.workStart && minuteOfDay < a.workStart + a.workMinutes && a.random() < 0.8;
  if (working && a.session < 100 && a.weekly < 100 && a.random() < a.burnPerMinute) {
    if (a.sessionResetsAt === null) a.sessionResetsAt = t + 300 * MIN;
    a.session += 1;
    if (a.random() < 0.12) a.weekly = Math.min(100, a.weekly + 1);
    if (a.random() < 0.02) a.spark = Math.min(100, a.spark + 1);
  }
  const window = (usedPercent: number, minutes: number, resetsAt: number): UsageWindow => ({
    usedPercent,
    windowMinutes: minutes,
    resetsAt: new Date(resetsAt).toISOString(),
  });
  return {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: new Date(t).toISOString(),
    attempts: [],
    account: { email: `user${a.id}@example.com`, plan: 'pro', accountId: `acc-${a.id}` },
    session: window(a.session, 300, a.sessionResetsAt ?? t + 300 * MIN),
    weekly: window(a.weekly, 10080, a.weeklyResetsAt),
    extraWindows: [{ id: 'codex-spark-session', label: 'Codex Spark 5h', ...window(a.spark, 300, t + 300 * MIN) }],
    codeReview: window(0, 10080, a.weeklyResetsAt),
    credits: null,
    monthlyLimit: null,
  };
}

/** What a record changes on disk: the readings (a refresh that changes none only moves a run's end). */
function readingKey(r: UsageReport): string {
  return JSON.stringify([
    r.session?.usedPercent,
    r.weekly?.usedPercent,
    r.extraWindows[0]?.usedPercent,
    r.weekly?.resetsAt,
    r.session?.usedPercent === 0 ? null : r.session?.resetsAt,
  ]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const dir = mkdtempSync(join(tmpdir(), 'quotabar-history-bench-'));
try {
  const path = join(dir, 'history.sqlite');
  const store = openHistoryStore({ path, warn: (m) => console.error(m) });
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => newAccount(i));
  const lastKey = new Map<number, string>();
  const every: number[] = [];
  let refreshes = 0;
  let recorded = 0;
  const began = performance.now();
  const minutes = DAYS * 1440;
  for (let m = 0; m < minutes; m++) {
    const t = START + m * MIN;
    const lastDay = m >= minutes - 1440;
    for (const a of accounts) {
      const report = step(a, t);
      refreshes++;
      const key = readingKey(report);
      // Every refresh of the last day is recorded for real (timed); before that only the refreshes that
      // change a reading, since an unchanged one only moves the end of a run and adds no row.
      if (lastDay || lastKey.get(a.id) !== key || m % 60 === 0) {
        const t0 = performance.now();
        store.record(report);
        if (lastDay) every.push(performance.now() - t0);
        recorded++;
      }
      lastKey.set(a.id, key);
    }
  }
  const elapsed = (performance.now() - began) / 1000;
  const sizeOf = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  const report = store.read({ since: new Date(0) });
  const rows = report.accounts.reduce((n, a) => n + a.windows.reduce((m2, w) => m2 + w.samples.length, 0), 0);
  const resets = report.accounts.reduce((n, a) => n + a.windows.reduce((m2, w) => m2 + w.resets.length, 0), 0);
  const readStart = performance.now();
  store.read({ since: new Date(START + (DAYS - 7) * 1440 * MIN) });
  const readMs = performance.now() - readStart;
  every.sort((x, y) => x - y);
  console.log(
    `simulated          ${ACCOUNTS} accounts × 1 refresh/min × ${DAYS} days = ${refreshes.toLocaleString('en-US')} refreshes (${recorded.toLocaleString('en-US')} recorded, ${elapsed.toFixed(0)} s)`,
  );
  console.log(
    `stored samples     ${rows.toLocaleString('en-US')} (${(rows / ACCOUNTS / DAYS).toFixed(0)} per account per day, 4 windows each), ${resets} resets`,
  );
  console.log(`file size          ${(sizeOf(path) / 1048576).toFixed(2)} MiB (+ WAL ${(sizeOf(`${path}-wal`) / 1048576).toFixed(2)} MiB) after ${DAYS} days`);
  if (DAYS !== RETENTION_DAYS) console.log(`scaled to ${RETENTION_DAYS} days  ${((sizeOf(path) / 1048576) * (RETENTION_DAYS / DAYS)).toFixed(2)} MiB`);
  console.log(
    `write per refresh  median ${percentile(every, 0.5).toFixed(2)} ms, p95 ${percentile(every, 0.95).toFixed(2)} ms, max ${percentile(every, 1).toFixed(2)} ms (${every.length} refreshes of the last day, open → write → close)`,
  );
  console.log(`read 7 days        ${readMs.toFixed(1)} ms (all accounts, as quotabar history --json)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
