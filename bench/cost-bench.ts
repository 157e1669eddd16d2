// npm run bench:cost [-- --runs 5] [-- --mb 355 --files 800]   (or COST_BENCH_MB / COST_BENCH_FILES / COST_BENCH_RUNS)
//
// Times `quotabar cost` on synthetic Codex homes of realistic shape (by default two: 355 MiB / 800 files and
// 1 GiB / 2,000 files), against baselines measured in the same run, interleaved round by round: Node's own
// start-up, a plain byte read of the same files, ccusage 20 (Rust) and @ccusage/codex (TypeScript) when they are
// installed outside the repository (see docs/benchmarks.md). Every figure is printed as a ratio against each
// baseline (the median of the per-round ratios), with the load average. The totals of every tool are checked
// against the generator's own count, and ccusage's against ours day by day.
// The homes are generated once under $COST_BENCH_DATA (default <tmp>/quotabar-cost-bench/) and reused.

import { spawnSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CostReport } from '../shared/cost-model.js';
import type * as CostService from '../electron/core/cost/cost-service.js';
import {
  appendTurn,
  generateSyntheticHome,
  readSyntheticManifest,
  syntheticHomePath,
  type SyntheticHomeManifest,
  type SyntheticHomeParams,
} from './synthetic-codex-home.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    mb: { type: 'string' },
    files: { type: 'string' },
    runs: { type: 'string' },
    'ts-runs': { type: 'string' },
    'no-ccusage': { type: 'boolean' },
    'no-in-process': { type: 'boolean' },
  },
  strict: true,
});

const runs = Math.max(1, Number(flags.runs ?? process.env.COST_BENCH_RUNS ?? 5));
/** @ccusage/codex takes seconds per run: fewer rounds of it. */
const tsRuns = Math.max(0, Number(flags['ts-runs'] ?? process.env.COST_BENCH_TS_RUNS ?? 1));
const customMb = flags.mb ?? process.env.COST_BENCH_MB;
const customFiles = flags.files ?? process.env.COST_BENCH_FILES;
const corpora: Array<{ mb: number; files: number }> =
  customMb !== undefined || customFiles !== undefined
    ? [{ mb: Number(customMb ?? 1024), files: Number(customFiles ?? 2000) }]
    : [
        { mb: 355, files: 800 },
        { mb: 1024, files: 2000 },
      ];

function paramsFor(corpus: { mb: number; files: number }): SyntheticHomeParams {
  return { totalBytes: Math.round(corpus.mb * 1024 * 1024), files: corpus.files, forkShare: 0.12, seed: 20261121, endDate: '2026-11-20', spanDays: 25 };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : e.name.endsWith('.jsonl') ? [join(dir, e.name)] : [],
  );
}

async function streamingByteCount(files: string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    for await (const chunk of createReadStream(file)) bytes += (chunk as Buffer).length;
  }
  return bytes;
}

function readSyncByteCount(files: string[]): number {
  const buffer = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    let n: number;
    while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) bytes += n;
    closeSync(fd);
  }
  return bytes;
}

/** The plain byte read as a whole process: Node starts, lists the home, reads every byte once (1 MiB readSync). */
const BYTE_READ_SCRIPT = `
const { readdirSync, openSync, readSync, closeSync } = require('node:fs');
const { join } = require('node:path');
const buffer = Buffer.allocUnsafe(1 << 20);
let bytes = 0;
const walk = (dir) => { let entries; try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) { const p = join(dir, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.jsonl')) {
    const fd = openSync(p, 'r'); let n; while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) bytes += n; closeSync(fd); } } };
walk(join(process.argv[1], 'sessions')); walk(join(process.argv[1], 'archived_sessions'));
process.stdout.write(String(bytes));`;

async function best<T>(times: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let bestMs = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    value = await fn();
    bestMs = Math.min(bestMs, performance.now() - start);
  }
  return { ms: bestMs, value: value as T };
}

function median(values: number[]): number {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Totals {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

function checkTotals(label: string, t: Totals, expected: SyntheticHomeManifest['expected']): string {
  if (t.input === expected.input && t.cached === expected.cached && t.output === expected.output && t.reasoning === expected.reasoning) return 'totals exact';
  const r = (a: number, b: number) => (a / b).toFixed(4);
  return `totals WRONG for ${label}: input ${r(t.input, expected.input)}x, cached ${r(t.cached, expected.cached)}x, output ${r(t.output, expected.output)}x, reasoning ${r(t.reasoning, expected.reasoning)}x`;
}

const oursTotals = (report: Pick<CostReport, 'totals'>): Totals => ({
  input: report.totals.inputTokens,
  cached: report.totals.cachedInputTokens,
  output: report.totals.outputTokens,
  reasoning: report.totals.reasoningOutputTokens,
});

interface CcusageDay {
  date: string;
  inputTokens: number;
  cacheReadTokens?: number;
  cachedInputTokens?: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}

/** ccusage's input leaves the cached part out; interface §4 counts cached inside input. @ccusage/codex counts it in. */
function ccusageDayTotals(day: CcusageDay, inputHoldsCached: boolean): Totals {
  const cached = day.cacheReadTokens ?? day.cachedInputTokens ?? 0;
  return { input: inputHoldsCached ? day.inputTokens : day.inputTokens + cached, cached, output: day.outputTokens, reasoning: day.reasoningOutputTokens };
}

/** The days on which two reports differ, as "date: field ours vs theirs". */
function dayDifferences(ours: CostReport, theirs: Map<string, Totals>): string[] {
  const mine = new Map(ours.daily.map((d) => [d.date, oursTotals({ totals: d })]));
  const out: string[] = [];
  for (const date of [...new Set([...mine.keys(), ...theirs.keys()])].sort()) {
    const a = mine.get(date) ?? { input: 0, cached: 0, output: 0, reasoning: 0 };
    const b = theirs.get(date) ?? { input: 0, cached: 0, output: 0, reasoning: 0 };
    const diffs = (['input', 'cached', 'output', 'reasoning'] as const)
      .filter((k) => a[k] !== b[k])
      .map((k) => `${k} ${a[k]} vs ${b[k]} (${b[k] - a[k] >= 0 ? '+' : ''}${b[k] - a[k]})`);
    if (diffs.length > 0) out.push(`${date}: ${diffs.join(', ')}`);
  }
  return out;
}

interface ProcessRun {
  ms: number;
  maxRssMb: number | null;
  stdout: string;
}

const timeBinary = existsSync('/usr/bin/time') && process.platform === 'linux' ? '/usr/bin/time' : null;

/** Runs a whole process; wall time measured here, peak RSS from /usr/bin/time when available. */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv): ProcessRun {
  const argv = timeBinary === null ? [command, ...args] : [timeBinary, '-f', '__maxrss_kb=%M', command, ...args];
  const start = performance.now();
  const result = spawnSync(argv[0] ?? command, argv.slice(1), { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
  const rss = /__maxrss_kb=(\d+)/.exec(result.stderr);
  return { ms, maxRssMb: rss?.[1] === undefined ? null : Number(rss[1]) / 1024, stdout: result.stdout };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** ccusage 20's native binary (what `ccusage codex` runs; its npm wrapper only adds a Node start-up before it). */
function findCcusage(): { path: string | null; note: string } {
  const native = join('node_modules', '@ccusage', `ccusage-${process.platform}-${process.arch}`, 'bin', 'ccusage');
  const candidates = [process.env.CCUSAGE_BIN, join('/tmp/ccusage', native), join(tmpdir(), 'ccusage', native)].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    if (executable(candidate)) return { path: candidate, note: '' };
    return { path: null, note: `${candidate} is not executable (chmod +x it)` };
  }
  const which = spawnSync('which', ['ccusage'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') return { path: which.stdout.trim(), note: '' };
  return { path: null, note: 'not installed (set CCUSAGE_BIN, or see docs/benchmarks.md)' };
}

/** @ccusage/codex 18 (TypeScript, the last release with code: 19 is an empty stub). */
function findCcusageCodex(): { path: string | null; note: string } {
  const rel = join('node_modules', '@ccusage', 'codex', 'dist', 'index.js');
  const candidates = [process.env.CCUSAGE_CODEX_JS, join('/tmp/ccusage', rel), join(tmpdir(), 'ccusage', rel)].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  for (const candidate of candidates) if (existsSync(candidate)) return { path: candidate, note: '' };
  return { path: null, note: 'not installed (set CCUSAGE_CODEX_JS, or see docs/benchmarks.md)' };
}

function staleBuildWarning(): string | null {
  const built = join(root, 'dist', 'electron', 'core', 'cost');
  if (!existsSync(built)) return null;
  const src = join(root, 'electron', 'core', 'cost');
  for (const name of readdirSync(src)) {
    if (!name.endsWith('.ts')) continue;
    const out = join(built, name.replace(/\.ts$/, '.js'));
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(src, name)).mtimeMs)
      return `dist/ is older than electron/core/cost/${name}: run npm run build first for current figures`;
  }
  return null;
}

/** The compiled service from dist/ when it is current (what the app runs), else the TypeScript source. */
async function loadService(): Promise<{ service: typeof CostService; label: string }> {
  const built = join(root, 'dist', 'electron', 'core', 'cost', 'cost-service.js');
  if (existsSync(built) && staleBuildWarning() === null) {
    return { service: (await import(pathToFileURL(built).href)) as typeof CostService, label: 'dist/ (compiled)' };
  }
  return { service: await import('../electron/core/cost/cost-service.js'), label: 'source under tsx' };
}

/** Our side of the whole-process comparison: the built CLI when there is one, else the service under tsx. */
function ourCommand(args: string[]): { command: string; args: string[]; label: string } {
  const built = join(root, 'dist', 'electron', 'cli', 'main.js');
  if (existsSync(built)) return { command: process.execPath, args: [join(root, 'bin', 'quotabar.js'), 'cost', ...args], label: 'quotabar cost (dist/)' };
  const service = pathToFileURL(join(root, 'electron', 'core', 'cost', 'cost-service.ts')).href;
  const script = `
    const { computeCostReport, stopCostWorker } = await import(${JSON.stringify(service)});
    const a = process.argv.slice(1); const get = (f) => { const i = a.indexOf(f); return i < 0 ? undefined : a[i + 1]; };
    const r = await computeCostReport({ codexHome: get('--codex-home'), quotabarHome: process.env.QUOTABAR_HOME, since: get('--since'), until: get('--until'), timezone: get('--timezone'), noCache: a.includes('--no-cache'), runIn: 'inline' });
    process.stdout.write(JSON.stringify(r)); await stopCostWorker();`;
  return {
    command: process.execPath,
    args: ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args],
    label: 'cost service under tsx (no dist/ build: run npm run build)',
  };
}

/** This process's environment less NODE_EXTRA_CA_CERTS, plus `extra`. */
function withoutExtraCaCerts(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certs, ...env } = process.env;
  return { ...env, ...extra };
}

/** The home for these parameters, generated when missing; reused when its manifest and its files agree. */
function ensureHome(params: SyntheticHomeParams): { home: string; manifest: SyntheticHomeManifest; files: string[] } {
  const home = syntheticHomePath(params);
  let manifest = readSyntheticManifest(home, params);
  let files = manifest === null ? [] : [...listFiles(join(home, 'sessions')), ...listFiles(join(home, 'archived_sessions'))];
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  if (manifest === null || files.length !== manifest.files || bytes !== manifest.bytes) {
    console.log(`generating ${home} ...`);
    const start = performance.now();
    manifest = generateSyntheticHome(home, params, (line) => console.log(line));
    console.log(`generated in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    files = [...listFiles(join(home, 'sessions')), ...listFiles(join(home, 'archived_sessions'))];
  } else {
    console.log(`reusing ${home}`);
  }
  return { home, manifest, files };
}

interface Row {
  what: string;
  runs: ProcessRun[];
  note?: string;
}

async function benchCorpus(corpus: { mb: number; files: number }, service: typeof CostService, serviceLabel: string): Promise<void> {
  const params = paramsFor(corpus);
  const { home, manifest: m, files } = ensureHome(params);
  console.log(
    `\n## ${mb(m.bytes)}, ${files.length} files (${corpus.mb} MiB / ${corpus.files} files target): ${m.tokenCountLines} token_count lines, ${m.forks.total} forks (${m.forks.parentArchived} with an archived parent, ${m.forks.parentMissing} whose parent is missing)`,
  );
  const loadBefore = load();
  const scratch = mkdtempSync(join(tmpdir(), 'quotabar-cost-bench-'));
  const window = { since: m.since, until: m.until, timezone: 'UTC' };
  const inProcess: Array<[string, string]> = [];
  try {
    // Page cache warm for every measurement, as in the reference anchors.
    readSyncByteCount(files);

    // Whole processes, as a person runs them, every tool once per round.
    const ours = ourCommand(['--json', '--codex-home', home, '--since', m.since, '--until', m.until, '--timezone', 'UTC']);
    const ccusage = flags['no-ccusage'] === true ? { path: null, note: 'not asked for (--no-ccusage)' } : findCcusage();
    const ccTs = flags['no-ccusage'] === true ? { path: null, note: 'not asked for (--no-ccusage)' } : findCcusageCodex();
    const compact = (d: string) => d.replace(/-/g, '');
    const ccWindow = ['--json', '--offline', '--since', compact(m.since), '--until', compact(m.until), '--timezone', 'UTC'];
    const warmHome = join(scratch, 'warm');
    const cacheOnlyHome = join(scratch, 'cache-only');
    runProcess(ours.command, ours.args, { ...process.env, QUOTABAR_HOME: warmHome });
    runProcess(ours.command, ours.args, { ...process.env, QUOTABAR_HOME: cacheOnlyHome });
    let fresh = 0;
    const steps: Array<{ what: string; run: () => ProcessRun }> = [
      { what: 'node -e 0 (Node start-up)', run: () => runProcess(process.execPath, ['-e', '0'], process.env) },
      { what: 'plain byte read (node, readSync 1 MiB, whole process)', run: () => runProcess(process.execPath, ['-e', BYTE_READ_SCRIPT, home], process.env) },
      ...(ccusage.path === null
        ? []
        : [
            {
              what: 'ccusage 20 (Rust), codex daily',
              run: () => runProcess(ccusage.path as string, ['codex', 'daily', ...ccWindow], { ...process.env, CODEX_HOME: home }),
            },
          ]),
      {
        what: 'quotabar cost, cold (first run: scan, write the cache)',
        run: () => runProcess(ours.command, ours.args, { ...process.env, QUOTABAR_HOME: join(scratch, `fresh-${fresh++}`) }),
      },
      {
        what: 'quotabar cost --no-cache, cold',
        run: () => runProcess(ours.command, [...ours.args, '--no-cache'], { ...process.env, QUOTABAR_HOME: join(scratch, 'nocache') }),
      },
      // What the helper thread brings or costs at this load (the default starts it only when a core is free).
      ...(['1', '2'] as const).map((threads) => ({
        what: `quotabar cost --no-cache, cold, ${threads === '1' ? 'one thread' : 'two threads'} forced`,
        run: () =>
          runProcess(ours.command, [...ours.args, '--no-cache'], {
            ...process.env,
            QUOTABAR_HOME: join(scratch, 'nocache'),
            QUOTABAR_COST_SCAN_THREADS: threads,
          }),
      })),
      // Node 20 builds its whole TLS root store at start-up when NODE_EXTRA_CA_CERTS is set (90 ms on the
      // development machine, where it is set), before any of QuotaBar's code runs; ccusage's binary does not.
      ...(process.env.NODE_EXTRA_CA_CERTS === undefined
        ? []
        : [
            {
              what: 'node -e 0 without NODE_EXTRA_CA_CERTS',
              run: () => runProcess(process.execPath, ['-e', '0'], withoutExtraCaCerts({})),
            },
            {
              what: 'quotabar cost, cold, without NODE_EXTRA_CA_CERTS',
              run: () => runProcess(ours.command, ours.args, withoutExtraCaCerts({ QUOTABAR_HOME: join(scratch, `fresh-${fresh++}`) })),
            },
          ]),
      {
        what: 'quotabar cost, warm (nothing changed: report snapshot)',
        run: () => runProcess(ours.command, ours.args, { ...process.env, QUOTABAR_HOME: warmHome }),
      },
      {
        what: 'quotabar cost, warm without the snapshot (SQLite cache)',
        run: () => {
          rmSync(join(cacheOnlyHome, 'cache', 'cost-report.json'), { force: true });
          return runProcess(ours.command, ours.args, { ...process.env, QUOTABAR_HOME: cacheOnlyHome });
        },
      },
    ];
    const rows: Row[] = steps.map((s) => ({ what: s.what, runs: [] }));
    for (let i = 0; i < runs; i++) steps.forEach((s, k) => rows[k]?.runs.push(s.run()));
    const tsRow: Row = { what: '@ccusage/codex 18 (TypeScript), daily', runs: [] };
    if (ccTs.path !== null)
      for (let i = 0; i < tsRuns; i++) tsRow.runs.push(runProcess(process.execPath, [ccTs.path, 'daily', ...ccWindow], { ...process.env, CODEX_HOME: home }));
    const loadAfter = load();

    const byWhat = (prefix: string) => rows.find((r) => r.what.startsWith(prefix));
    const nodeRow = byWhat('node -e 0');
    const readRow = byWhat('plain byte read');
    const ccRow = byWhat('ccusage 20');
    const pairRatio = (row: Row, base: Row | undefined) =>
      base === undefined || base.runs.length === 0 ? Number.NaN : median(row.runs.map((r, i) => r.ms / (base.runs[i]?.ms ?? Number.NaN)));
    const tsMedian = median(tsRow.runs.map((r) => r.ms));
    const fmt = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '-');
    const peak = (list: ProcessRun[]) => (list.some((r) => r.maxRssMb !== null) ? `${Math.max(...list.map((r) => r.maxRssMb ?? 0)).toFixed(0)} MB` : 'n/a');

    // Totals: ours against the generator, ccusage against the generator and against ours, day by day.
    const coldReport = JSON.parse(byWhat('quotabar cost, cold')?.runs[0]?.stdout ?? '{}') as CostReport;
    const notes = new Map<Row, string>();
    for (const row of rows.filter((r) => r.what.startsWith('quotabar'))) {
      notes.set(row, checkTotals(row.what, oursTotals(JSON.parse(row.runs[0]?.stdout ?? '{}') as CostReport), m.expected));
    }
    const dayReports: Array<[string, string[]]> = [];
    const ccDays = (row: Row, inputHoldsCached: boolean) => {
      const parsed = JSON.parse(row.runs[0]?.stdout ?? '{}') as { daily?: CcusageDay[] };
      const days = new Map<string, Totals>();
      for (const d of parsed.daily ?? []) {
        // @ccusage/codex writes dates as "Oct 26, 2026"; ccusage 20 as YYYY-MM-DD.
        const date = /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? d.date : new Date(`${d.date} UTC`).toISOString().slice(0, 10);
        days.set(date, ccusageDayTotals(d, inputHoldsCached));
      }
      const sum = [...days.values()].reduce(
        (a, b) => ({ input: a.input + b.input, cached: a.cached + b.cached, output: a.output + b.output, reasoning: a.reasoning + b.reasoning }),
        { input: 0, cached: 0, output: 0, reasoning: 0 },
      );
      notes.set(row, checkTotals(row.what, sum, m.expected));
      dayReports.push([row.what, dayDifferences(coldReport, days)]);
    };
    if (ccRow !== undefined && ccRow.runs.length > 0) ccDays(ccRow, false);
    if (tsRow.runs.length > 0) ccDays(tsRow, true);

    const table: string[][] = [['What', 'median ms (min)', 'x ccusage (Rust)', 'x @ccusage/codex (TS)', 'x byte read', 'x node -e 0', 'peak RSS', 'totals']];
    for (const row of [...rows, ...(tsRow.runs.length > 0 ? [tsRow] : [])]) {
      const med = median(row.runs.map((r) => r.ms));
      const isTs = row === tsRow;
      table.push([
        row.what,
        `${med.toFixed(0)} (${Math.min(...row.runs.map((r) => r.ms)).toFixed(0)})`,
        // @ccusage/codex runs outside the rounds: its ratios are of medians.
        fmt(isTs ? med / median(ccRow?.runs.map((r) => r.ms) ?? []) : pairRatio(row, ccRow)),
        fmt(med / tsMedian),
        fmt(isTs ? med / median(readRow?.runs.map((r) => r.ms) ?? []) : pairRatio(row, readRow)),
        fmt(isTs ? med / median(nodeRow?.runs.map((r) => r.ms) ?? []) : pairRatio(row, nodeRow)),
        peak(row.runs),
        notes.get(row) === undefined ? '' : notes.get(row) === 'totals exact' ? 'exact' : 'WRONG, below',
      ]);
    }
    const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
    console.log(
      `whole processes, ${runs} interleaved rounds (@ccusage/codex: ${tsRow.runs.length} after them); load average ${loadBefore} before, ${loadAfter} after`,
    );
    for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
    if (ccusage.path === null) console.log(`ccusage 20 (Rust): comparison skipped, ${ccusage.note}`);
    else console.log(`ccusage 20 (Rust): ${spawnSync(ccusage.path, ['--version'], { encoding: 'utf8' }).stdout.trim()} at ${ccusage.path}`);
    if (ccTs.path === null) console.log(`@ccusage/codex (TypeScript): comparison skipped, ${ccTs.note}`);
    else if (tsRuns === 0) console.log('@ccusage/codex (TypeScript): skipped (--ts-runs 0)');
    for (const note of notes.values()) if (note !== 'totals exact') console.log(note);
    for (const [what, diffs] of dayReports) {
      console.log(
        diffs.length === 0
          ? `${what}: every day's tokens equal ours`
          : `${what}: ${diffs.length} days differ from ours (we count ${coldReport.daily.length} days; theirs minus ours):`,
      );
      for (const line of diffs.slice(0, 8)) console.log(`  ${line}`);
      if (diffs.length > 8) console.log(`  ... ${diffs.length - 8} more`);
    }

    if (flags['no-in-process'] === true) return;
    // In-process figures: the scan against the floors, and the app's refreshes on its worker thread.
    const { computeCostReport, stopCostWorker } = service;
    const coldOnce = () => computeCostReport({ codexHome: home, quotabarHome: join(scratch, 'nocache-in'), noCache: true, runIn: 'inline', ...window });
    process.env.QUOTABAR_COST_SCAN_THREADS = '2';
    const firstCold = await best(1, coldOnce);
    const rounds: Array<{ floor: number; raw: number; cold: number; single: number }> = [];
    let coldIn: CostReport | null = null;
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const floor = await best(1, () => streamingByteCount(files));
      const raw = await best(1, () => readSyncByteCount(files));
      const cold = await best(1, coldOnce);
      coldIn = cold.value;
      process.env.QUOTABAR_COST_SCAN_THREADS = '1';
      const single = await best(1, coldOnce);
      process.env.QUOTABAR_COST_SCAN_THREADS = '2';
      rounds.push({ floor: floor.ms, raw: raw.ms, cold: cold.ms, single: single.ms });
    }
    delete process.env.QUOTABAR_COST_SCAN_THREADS;
    await stopCostWorker();
    const min = (k: keyof (typeof rounds)[number]) => Math.min(...rounds.map((r) => r[k]));
    const ratio = (a: keyof (typeof rounds)[number], b: keyof (typeof rounds)[number]) => median(rounds.map((r) => r[a] / r[b]));
    const rate = (ms: number) => `${(m.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
    inProcess.push(['floor: streaming byte count (fs.createReadStream)', `${min('floor').toFixed(0)} ms, ${rate(min('floor'))}`]);
    inProcess.push(['raw read: fs.readSync, 1 MiB buffer', `${min('raw').toFixed(0)} ms, ${rate(min('raw'))}`]);
    inProcess.push(['cold scan, first in this process (JIT cold, helper thread starting)', `${firstCold.ms.toFixed(0)} ms, ${rate(firstCold.ms)}`]);
    inProcess.push([
      'cold scan, --no-cache, 2 threads (JIT warm)',
      `${min('cold').toFixed(0)} ms, ${rate(min('cold'))} = ${ratio('cold', 'floor').toFixed(2)}x the streaming floor, ${ratio('cold', 'raw').toFixed(1)}x the raw read; ${coldIn === null ? '' : checkTotals('cold scan', oursTotals(coldIn), m.expected)}`,
    ]);
    inProcess.push([
      'cold scan, one thread only (JIT warm)',
      `${min('single').toFixed(0)} ms, ${rate(min('single'))} = ${ratio('single', 'floor').toFixed(2)}x the streaming floor`,
    ]);

    // The app's path: the worker thread, cache filled by a first scan, then refreshes.
    const qbHome = join(scratch, 'app');
    const fill = await best(1, () => computeCostReport({ codexHome: home, quotabarHome: qbHome, ...window }));
    inProcess.push(['first scan on the worker, writing the cache', `${fill.ms.toFixed(0)} ms (${fill.value.scan.files} files)`]);
    const warm = await best(Math.max(runs, 5), () => computeCostReport({ codexHome: home, quotabarHome: qbHome, ...window }));
    inProcess.push([
      'warm refresh in the app, nothing changed (worker)',
      `${warm.ms.toFixed(1)} ms for ${warm.value.scan.files} files (${warm.value.scan.filesFromCache} from cache); ${checkTotals('warm', oursTotals(warm.value), m.expected)}`,
    ]);
    const target = files.find((f) => f.includes('/sessions/')) ?? files[0];
    if (target === undefined) throw new Error('no session files');
    const originalSize = statSync(target).size;
    const added = appendTurn(target, Date.parse(`${m.until}T12:00:00Z`), 'gpt-5.5');
    try {
      const appended = await best(1, () => computeCostReport({ codexHome: home, quotabarHome: qbHome, ...window }));
      const delta = appended.value.totals.inputTokens - warm.value.totals.inputTokens;
      inProcess.push([
        'refresh in the app after one turn appended to one file (worker)',
        `${appended.ms.toFixed(1)} ms (${appended.value.scan.files - appended.value.scan.filesFromCache} file read); input grew by ${delta} (${delta === added.input ? 'exactly the appended turn' : `expected ${added.input}`})`,
      ]);
    } finally {
      // Put the home back as generated, so every run measures the same data.
      truncateSync(target, originalSize);
    }
    await stopCostWorker();
    const width = Math.max(...inProcess.map(([k]) => k.length));
    console.log(`\nin process (cost service from ${serviceLabel}), load average ${load()}:`);
    for (const [k, v] of inProcess) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    await service.stopCostWorker();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { service, label } = await loadService();
  console.log(`cost bench: ${corpora.map((c) => `${c.mb} MiB / ${c.files} files`).join(' and ')}; ${runs} rounds`);
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${process.platform}`,
  );
  const warning = staleBuildWarning();
  if (warning !== null) console.log(`WARNING: ${warning}`);
  if (!existsSync(join(root, 'dist', 'electron', 'cli', 'main.js')))
    console.log('WARNING: no dist/ build: the whole-process rows run the service under tsx (run npm run build)');
  for (const corpus of corpora) await benchCorpus(corpus, service, label);
}

await main();
