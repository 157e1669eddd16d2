// npm run bench:cost [-- --mb 1024 --files 2000 --runs 3]   (or COST_BENCH_MB / COST_BENCH_FILES)
//
// Times the local cost scan on a synthetic Codex home of realistic shape, against baselines measured in the
// same run: a plain streaming byte count of the same files (the floor), and ccusage when it is installed.
// The home is generated once under bench/.data/ and reused. Every figure is printed with what it is
// compared to; the totals of each scan are checked against the generator's own count.

import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, truncateSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CostReport } from '../shared/cost-model.js';
import type * as CostService from '../electron/core/cost/cost-service.js';
import { appendTurn, generateSyntheticHome, readSyntheticManifest, type SyntheticHomeManifest, type SyntheticHomeParams } from './synthetic-codex-home.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    mb: { type: 'string' },
    files: { type: 'string' },
    runs: { type: 'string' },
    'no-ccusage': { type: 'boolean' },
  },
  strict: true,
});

const sizeMb = Number(flags.mb ?? process.env.COST_BENCH_MB ?? 1024);
const fileCount = Number(flags.files ?? process.env.COST_BENCH_FILES ?? 2000);
const runs = Math.max(1, Number(flags.runs ?? process.env.COST_BENCH_RUNS ?? 3));

const params: SyntheticHomeParams = {
  totalBytes: Math.round(sizeMb * 1024 * 1024),
  files: fileCount,
  forkShare: 0.12,
  seed: 20261121,
  endDate: '2026-11-20',
  spanDays: 25,
};

const home = join(root, 'bench', '.data', `codex-home-${sizeMb}mb-${fileCount}f`);

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
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
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function checkTotals(label: string, report: Pick<CostReport, 'totals'>, expected: SyntheticHomeManifest['expected']): string {
  const t = report.totals;
  const ok = t.inputTokens === expected.input && t.cachedInputTokens === expected.cached && t.outputTokens === expected.output && t.reasoningOutputTokens === expected.reasoning;
  if (ok) return 'totals exact';
  const ratio = t.inputTokens / expected.input;
  return `totals WRONG for ${label}: input ${t.inputTokens} vs ${expected.input} (${ratio.toFixed(3)}x), output ${t.outputTokens} vs ${expected.output}`;
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

function findCcusage(): string | null {
  const candidates = [
    process.env.CCUSAGE_BIN,
    '/tmp/ccusage/node_modules/@ccusage/ccusage-linux-x64/bin/ccusage',
    join(tmpdir(), 'ccusage', 'node_modules', '@ccusage', 'ccusage-linux-x64', 'bin', 'ccusage'),
  ].filter((p): p is string => p !== undefined && p !== '');
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  const which = spawnSync('which', ['ccusage'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : null;
}

/** Our side of the whole-process comparison: the built CLI when there is one, else the service under tsx. */
function ourCommand(args: string[]): { command: string; args: string[]; label: string } {
  const built = join(root, 'dist', 'electron', 'cli', 'main.js');
  if (existsSync(built)) return { command: process.execPath, args: [join(root, 'bin', 'quotabar.js'), 'cost', ...args], label: 'node bin/quotabar.js cost (dist)' };
  const service = pathToFileURL(join(root, 'electron', 'core', 'cost', 'cost-service.ts')).href;
  const script = `
    const { computeCostReport, stopCostWorker } = await import(${JSON.stringify(service)});
    const a = process.argv.slice(1); const get = (f) => { const i = a.indexOf(f); return i < 0 ? undefined : a[i + 1]; };
    const r = await computeCostReport({ codexHome: get('--codex-home'), quotabarHome: process.env.QUOTABAR_HOME, since: get('--since'), until: get('--until'), timezone: get('--timezone'), noCache: a.includes('--no-cache') });
    process.stdout.write(JSON.stringify(r)); await stopCostWorker();`;
  return { command: process.execPath, args: ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args], label: 'cost service under tsx (no dist/ build)' };
}

function staleBuildWarning(): string | null {
  const built = join(root, 'dist', 'electron', 'core', 'cost');
  if (!existsSync(built)) return null;
  const src = join(root, 'electron', 'core', 'cost');
  for (const name of readdirSync(src)) {
    if (!name.endsWith('.ts')) continue;
    const out = join(built, name.replace(/\.ts$/, '.js'));
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(src, name)).mtimeMs) return `dist/ is older than electron/core/cost/${name}: run npm run build first for current figures`;
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

async function main(): Promise<void> {
  const { service, label: serviceLabel } = await loadService();
  const { computeCostReport, stopCostWorker } = service;
  console.log(`cost bench: ${sizeMb} MiB target, ${fileCount} files, best of ${runs}`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${process.platform}`);
  let manifest = readSyntheticManifest(home, params);
  if (manifest === null) {
    console.log(`generating ${home} ...`);
    const start = performance.now();
    manifest = generateSyntheticHome(home, params, (line) => console.log(line));
    console.log(`generated in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } else {
    console.log(`reusing ${home}`);
  }
  const m = manifest;
  const files = [...listFiles(join(home, 'sessions')), ...listFiles(join(home, 'archived_sessions'))];
  console.log(
    `home: ${files.length} files, ${mb(m.bytes)}, ${m.tokenCountLines} token_count lines, ${m.forks.total} forks (${m.forks.parentArchived} with an archived parent, ${m.forks.parentMissing} whose parent is missing)`,
  );
  const warning = staleBuildWarning();
  if (warning !== null) console.log(`WARNING: ${warning}`);
  console.log(`in-process measurements use the cost service from ${serviceLabel}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const window = { since: m.since, until: m.until, timezone: 'UTC' };
  const scratch = mkdtempSync(join(tmpdir(), 'quotabar-cost-bench-'));
  const results: Array<[string, string]> = [];
  try {
    // Page cache warm for every measurement, as in the reference anchors.
    readSyncByteCount(files);

    // Interleaved rounds: the floor and the scans are timed back to back, so a busy machine weighs on both
    // alike, and each ratio is taken within its round (the median of the rounds is reported).
    const coldOnce = () => computeCostReport({ codexHome: home, quotabarHome: join(scratch, 'nocache'), noCache: true, runIn: 'inline', ...window });
    const firstCold = await best(1, coldOnce);
    const rounds: Array<{ floor: number; raw: number; cold: number; single: number }> = [];
    let coldReport: CostReport | null = null;
    for (let i = 0; i < runs; i++) {
      const floor = await best(1, () => streamingByteCount(files));
      const raw = await best(1, () => readSyncByteCount(files));
      const cold = await best(1, coldOnce);
      coldReport = cold.value;
      process.env.QUOTABAR_COST_SCAN_THREADS = '1';
      const single = await best(1, coldOnce);
      delete process.env.QUOTABAR_COST_SCAN_THREADS;
      rounds.push({ floor: floor.ms, raw: raw.ms, cold: cold.ms, single: single.ms });
    }
    await stopCostWorker();
    const min = (k: keyof (typeof rounds)[number]) => Math.min(...rounds.map((r) => r[k]));
    const ratio = (a: keyof (typeof rounds)[number], b: keyof (typeof rounds)[number]) => median(rounds.map((r) => r[a] / r[b]));
    const rate = (ms: number) => `${(m.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
    results.push(['floor: streaming byte count (fs.createReadStream)', `${min('floor').toFixed(0)} ms, ${rate(min('floor'))}`]);
    results.push(['raw read: fs.readSync, 1 MiB buffer', `${min('raw').toFixed(0)} ms, ${rate(min('raw'))}`]);
    results.push(['cold scan, in-process, first run (JIT cold, helper thread starting)', `${firstCold.ms.toFixed(0)} ms, ${rate(firstCold.ms)}`]);
    results.push([
      'cold scan, in-process, --no-cache (2 threads)',
      `${min('cold').toFixed(0)} ms, ${rate(min('cold'))} = ${ratio('cold', 'floor').toFixed(2)}x the streaming floor, ${ratio('cold', 'raw').toFixed(1)}x the raw read; ${coldReport === null ? '' : checkTotals('cold scan', coldReport, m.expected)}`,
    ]);
    results.push(['cold scan, in-process, one thread only', `${min('single').toFixed(0)} ms, ${rate(min('single'))} = ${ratio('single', 'floor').toFixed(2)}x the streaming floor`]);

    // The app's path: the worker thread, cache filled by a first scan, then refreshes.
    const qbHome = join(scratch, 'app');
    const fill = await best(1, () => computeCostReport({ codexHome: home, quotabarHome: qbHome, ...window }));
    results.push(['first scan on the worker, writing the cache', `${fill.ms.toFixed(0)} ms (${fill.value.scan.files} files)`]);
    const warm = await best(Math.max(runs, 5), () => computeCostReport({ codexHome: home, quotabarHome: qbHome, ...window }));
    results.push([
      'warm refresh, nothing changed (worker)',
      `${warm.ms.toFixed(1)} ms for ${warm.value.scan.files} files (${warm.value.scan.filesFromCache} from cache); ${checkTotals('warm', warm.value, m.expected)}`,
    ]);

    const target = files.find((f) => f.includes('/sessions/')) ?? files[0];
    if (target === undefined) throw new Error('no session files');
    const appendedAt = Date.parse(`${m.until}T12:00:00Z`);
    const originalSize = statSync(target).size;
    const added = appendTurn(target, appendedAt, 'gpt-5.5');
    const appended = await best(1, () => computeCostReport({ codexHome: home, quotabarHome: qbHome, ...window }));
    // Put the home back as generated, so every run measures the same data.
    truncateSync(target, originalSize);
    const delta = appended.value.totals.inputTokens - warm.value.totals.inputTokens;
    results.push([
      'refresh after appending one turn to one file (worker)',
      `${appended.ms.toFixed(1)} ms (${appended.value.scan.files - appended.value.scan.filesFromCache} file read); input grew by ${delta} (${delta === added.input ? 'exactly the appended turn' : `expected ${added.input}`})`,
    ]);
    await stopCostWorker();

    // Whole processes, as a user runs them, ours and ccusage alternately.
    const ours = ourCommand(['--json', '--codex-home', home, '--since', m.since, '--until', m.until, '--timezone', 'UTC']);
    const env = { ...process.env, QUOTABAR_HOME: join(scratch, 'cli') };
    const ccusage = flags['no-ccusage'] === true ? null : findCcusage();
    const compact = (d: string) => d.replace(/-/g, '');
    const ccArgs = ['codex', 'daily', '--json', '--offline', '--since', compact(m.since), '--until', compact(m.until), '--timezone', 'UTC'];
    // The same command with only its own modules loaded: what `quotabar cost` costs when the CLI loads its
    // commands lazily (today bin/quotabar.js imports every command first).
    const commandModule = join(root, 'dist', 'electron', 'cli', 'commands', 'cost-command.js');
    const alone = existsSync(commandModule)
      ? {
          command: process.execPath,
          args: [
            '--input-type=module',
            '-e',
            `const { costCommand } = await import(${JSON.stringify(pathToFileURL(commandModule).href)}); process.exitCode = await costCommand.run(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env });`,
            '--',
            '--json',
            '--no-cache',
            '--codex-home',
            home,
            '--since',
            m.since,
            '--until',
            m.until,
            '--timezone',
            'UTC',
          ],
        }
      : null;
    const oursRuns: ProcessRun[] = [];
    const aloneRuns: ProcessRun[] = [];
    const ccRuns: ProcessRun[] = [];
    for (let i = 0; i < runs; i++) {
      oursRuns.push(runProcess(ours.command, [...ours.args, '--no-cache'], env));
      if (alone !== null) aloneRuns.push(runProcess(alone.command, alone.args, env));
      if (ccusage !== null) ccRuns.push(runProcess(ccusage, ccArgs, { ...process.env, CODEX_HOME: home }));
    }
    const fastest = (list: ProcessRun[]) => list.reduce((a, b) => (b.ms < a.ms ? b : a));
    const peak = (list: ProcessRun[]) => (list.some((r) => r.maxRssMb !== null) ? Math.max(...list.map((r) => r.maxRssMb ?? 0)).toFixed(0) : 'n/a');
    const oursCold = fastest(oursRuns);
    results.push([
      `whole process, cold (${ours.label} --no-cache)`,
      `${oursCold.ms.toFixed(0)} ms (median ${median(oursRuns.map((r) => r.ms)).toFixed(0)}), peak RSS ${peak(oursRuns)} MB; ${checkTotals('cli cold', JSON.parse(oursCold.stdout) as CostReport, m.expected)}`,
    ]);
    if (aloneRuns.length > 0) {
      const best = fastest(aloneRuns);
      results.push([
        'whole process, cold, cost command module alone (lazy CLI)',
        `${best.ms.toFixed(0)} ms (median ${median(aloneRuns.map((r) => r.ms)).toFixed(0)}), peak RSS ${peak(aloneRuns)} MB; ${checkTotals('command alone', JSON.parse(best.stdout) as CostReport, m.expected)}`,
      ]);
    }
    runProcess(ours.command, ours.args, env); // fills the CLI's cache
    // Interleaved with Node's own start-up, the floor of any whole-process run: the warm run should be little more.
    const warmRuns: ProcessRun[] = [];
    const nodeRuns: ProcessRun[] = [];
    for (let i = 0; i < Math.max(runs, 5); i++) {
      nodeRuns.push(runProcess(process.execPath, ['-e', '0'], env));
      warmRuns.push(runProcess(ours.command, ours.args, env));
    }
    const warmMedian = median(warmRuns.map((r) => r.ms));
    const nodeMedian = median(nodeRuns.map((r) => r.ms));
    results.push(['node start-up alone (`node -e 0`)', `${fastest(nodeRuns).ms.toFixed(0)} ms (median ${nodeMedian.toFixed(0)})`]);
    results.push([
      'whole process, warm cache (a second `quotabar cost`)',
      `${fastest(warmRuns).ms.toFixed(0)} ms (median ${warmMedian.toFixed(0)} = ${(warmMedian / nodeMedian).toFixed(2)}x node start-up, +${(warmMedian - nodeMedian).toFixed(0)} ms), peak RSS ${peak(warmRuns)} MB; ${checkTotals('cli warm', JSON.parse(fastest(warmRuns).stdout) as CostReport, m.expected)}`,
    ]);

    if (ccusage === null) {
      results.push(['ccusage', 'not installed (see docs/benchmarks.md for how to add it); skipped']);
    } else {
      const version = spawnSync(ccusage, ['--version'], { encoding: 'utf8' }).stdout.trim();
      const cc = fastest(ccRuns);
      const t = (JSON.parse(cc.stdout) as { totals: { inputTokens: number; cacheReadTokens: number; outputTokens: number; reasoningOutputTokens: number } }).totals;
      // ccusage reports input without the cached part; CONTRACT §4 counts cached inside input.
      const asOurs = { totals: { inputTokens: t.inputTokens + t.cacheReadTokens, cachedInputTokens: t.cacheReadTokens, outputTokens: t.outputTokens, reasoningOutputTokens: t.reasoningOutputTokens, totalTokens: 0, costUSD: null } };
      results.push([
        `ccusage cold (${version}, codex daily --json --offline)`,
        `${cc.ms.toFixed(0)} ms (median ${median(ccRuns.map((r) => r.ms)).toFixed(0)}), peak RSS ${peak(ccRuns)} MB; ${checkTotals('ccusage', asOurs, m.expected)}`,
      ]);
      const pairs = oursRuns.map((r, i) => r.ms / (ccRuns[i]?.ms ?? Number.NaN));
      results.push(['ours / ccusage, whole process cold (median of alternating pairs)', `${median(pairs).toFixed(2)} (below 1 = QuotaBar faster)`]);
      if (aloneRuns.length > 0) {
        const alonePairs = aloneRuns.map((r, i) => r.ms / (ccRuns[i]?.ms ?? Number.NaN));
        results.push(['cost command alone / ccusage, whole process cold (median of pairs)', `${median(alonePairs).toFixed(2)}`]);
      }
      results.push(['in-process first cold scan / ccusage whole process (median)', `${(firstCold.ms / median(ccRuns.map((r) => r.ms))).toFixed(2)}`]);
    }
  } finally {
    await stopCostWorker();
    rmSync(scratch, { recursive: true, force: true });
  }

  const width = Math.max(...results.map(([k]) => k.length));
  console.log('');
  for (const [k, v] of results) console.log(`${k.padEnd(width)}  ${v}`);
}

await main();
