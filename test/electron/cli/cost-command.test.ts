import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CostReport } from '../../../shared/cost-model.js';
import { runQuotabar } from '../../helpers/run-cli.js';
import { shiftedClockEnv } from '../../helpers/shifted-clock-env.js';
import { appendText, rateLimitsOnly, sessionMeta, testHomes, tokenCount, turnContext, userMessage, writeLog } from '../core/cost/rollout-log.js';

// `quotabar cost` as a person runs it: the built CLI, a Codex home of logs written here, and totals worked out
// by hand below. (`npm test` builds dist/ first; run `npm run build` before running this file alone.)

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'core', 'cost', 'fixtures', 'codexbar');
const h = testHomes('quotabar-cli-cost-');
after(() => h.cleanup());

const env = (extra: Record<string, string> = {}) => ({ HOME: h.dir, QUOTABAR_HOME: h.quotabarHome, ...extra });
const WINDOW = ['--since', '2026-07-01', '--until', '2026-11-30'];

const paths: string[] = [];
function log(relative: string, lines: string[]): string {
  const path = writeLog(h.codexHome, relative, lines);
  paths.push(path);
  return path;
}
function fixture(name: string, relative: string): void {
  const target = join(h.codexHome, relative);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(FIXTURES, name), target);
  paths.push(target);
}

// A: growth of the cumulative total; the repeated total and the rate-limit-only event add nothing.
//    gpt-5.5 (from openai/gpt-5.5-2026-04-23): 2500 in, 2000 cached, 250 out, 90 reasoning.
log('sessions/2026/11/20/rollout-a.jsonl', [
  sessionMeta('2026-11-20T10:00:00.000Z', 'session-a'),
  turnContext('2026-11-20T10:00:01.000Z', 'openai/gpt-5.5-2026-04-23'),
  tokenCount('2026-11-20T10:00:05.000Z', [1000, 800, 100, 40], [1000, 800, 100, 40]),
  tokenCount('2026-11-20T10:00:06.000Z', [1000, 800, 100, 40], [1000, 800, 100, 40]),
  tokenCount('2026-11-20T10:00:09.000Z', [2500, 2000, 250, 90], [1500, 1200, 150, 50]),
  rateLimitsOnly('2026-11-20T10:00:10.000Z'),
]);
// B: no totals, only last_token_usage: 700 + 300 in, 500 + 100 cached, 70 + 30 out, 20 + 10 reasoning, gpt-5.4.
//    Late in the UTC day: already the 21st in Berlin.
log('sessions/2026/11/20/rollout-b.jsonl', [
  turnContext('2026-11-20T23:00:00.000Z', 'gpt-5.4'),
  tokenCount('2026-11-20T23:10:00.000Z', null, [700, 500, 70, 20]),
  tokenCount('2026-11-20T23:20:00.000Z', null, [300, 100, 30, 10]),
]);
// C: a fork whose parent is not here. The copy (re-stamped within milliseconds) is not counted; its own response
//    takes the total from 3000/1000/250/50 to 4500/2500/300/60: 1500 in, 1500 cached, 50 out, 10 reasoning, gpt-5.4.
log('sessions/2026/11/20/rollout-c.jsonl', [
  sessionMeta('2026-11-20T10:00:00.000Z', 'child-c', 'gone-parent'),
  turnContext('2026-11-20T10:00:00.001Z', 'gpt-5.4'),
  tokenCount('2026-11-20T10:00:00.002Z', [1000, 0, 100, 0], [1000, 0, 100, 0]),
  tokenCount('2026-11-20T10:00:00.003Z', [3000, 1000, 250, 50], [2000, 1000, 150, 50]),
  turnContext('2026-11-20T10:00:07.000Z', 'gpt-5.4'),
  userMessage('2026-11-20T10:00:07.001Z'),
  tokenCount('2026-11-20T10:00:12.000Z', [4500, 2500, 300, 60], [1500, 1500, 50, 10]),
]);
// D: CodexBar's parent and its archived fork, counted once: 15 in, 2 out, gpt-5.5, on 2026-07-11.
fixture('parent.jsonl', 'sessions/2026/07/11/parent.jsonl');
fixture('child.jsonl', 'archived_sessions/child.jsonl');
// E: a model with no price: 100 in, 10 out, shortly after midnight UTC.
const liveLog = log('sessions/2026/11/21/rollout-e.jsonl', [
  turnContext('2026-11-21T00:29:00.000Z', 'acme-labs-preview'),
  tokenCount('2026-11-21T00:30:00.000Z', [100, 0, 10, 0], [100, 0, 10, 0]),
]);

const row = (model: string, i: number, c: number, o: number, r: number, costUSD: number | null) => ({
  model,
  inputTokens: i,
  cachedInputTokens: c,
  outputTokens: o,
  reasoningOutputTokens: r,
  totalTokens: i + o,
  costUSD,
});
const day = (date: string, models: Array<ReturnType<typeof row>>, costUSD: number | null) => {
  const sum = (k: 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'reasoningOutputTokens') => models.reduce((a, m) => a + m[k], 0);
  const i = sum('inputTokens');
  const o = sum('outputTokens');
  return {
    date,
    inputTokens: i,
    cachedInputTokens: sum('cachedInputTokens'),
    outputTokens: o,
    reasoningOutputTokens: sum('reasoningOutputTokens'),
    totalTokens: i + o,
    costUSD,
    models,
  };
};

function withoutTiming(json: Record<string, unknown>) {
  const scan = json.scan as Record<string, unknown>;
  assert.equal(typeof scan.ms, 'number');
  return { ...json, scan: { ...scan, ms: 0 } };
}

test('cost --json reproduces the hand-computed totals of every counting rule', async () => {
  const run = await runQuotabar(['cost', '--json', '--codex-home', h.codexHome, '--timezone', 'UTC', ...WINDOW], env());
  assert.equal(run.code, 0, run.stderr);
  const bytes = paths.reduce((a, p) => a + statSync(p).size, 0);
  // gpt-5.5 on 11-20: (500 × 5 + 2000 × 0.5 + 250 × 30) / 1e6 = 0.011
  // gpt-5.4 on 11-20: B + C = 2500 in, 2100 cached, 150 out: (400 × 2.5 + 2100 × 0.25 + 150 × 15) / 1e6 = 0.003775
  assert.deepEqual(withoutTiming(JSON.parse(run.stdout) as Record<string, unknown>), {
    schemaVersion: 1,
    timezone: 'UTC',
    range: { since: '2026-07-01', until: '2026-11-30' },
    daily: [
      day('2026-07-11', [row('gpt-5.5', 15, 0, 2, 0, 0.000135)], 0.000135),
      day('2026-11-20', [row('gpt-5.5', 2500, 2000, 250, 90, 0.011), row('gpt-5.4', 2500, 2100, 150, 40, 0.003775)], 0.014775),
      day('2026-11-21', [row('acme-labs-preview', 100, 0, 10, 0, null)], null),
    ],
    totals: { inputTokens: 5115, cachedInputTokens: 4100, outputTokens: 412, reasoningOutputTokens: 130, totalTokens: 5527, costUSD: null },
    unpricedModels: ['acme-labs-preview'],
    scan: { files: 6, bytes, filesFromCache: 0, ms: 0 },
  });
  assert.equal(run.stderr, '');
});

test('cost --by session, project and month: the same usage per session, per cwd and per month', async () => {
  const base = ['cost', '--json', '--codex-home', h.codexHome, '--timezone', 'UTC', ...WINDOW];
  const sessions = JSON.parse((await runQuotabar([...base, '--by', 'session'], env())).stdout) as CostReport;
  assert.deepEqual(
    sessions.sessions?.map((s) => [s.sessionId, s.file, s.cwd, s.firstAt, s.lastAt, s.inputTokens, s.outputTokens, s.costUSD]),
    [
      ['parent-session', 'sessions/2026/07/11/parent.jsonl', null, '2026-07-11T12:00:01.000Z', '2026-07-11T12:00:01.000Z', 10, 1, 0.00008],
      // The fork counts only its own response: 5 in, 1 out.
      ['child-session', 'archived_sessions/child.jsonl', null, '2026-07-11T12:00:04.000Z', '2026-07-11T12:00:04.000Z', 5, 1, 0.000055],
      ['session-a', 'sessions/2026/11/20/rollout-a.jsonl', '/work', '2026-11-20T10:00:05.000Z', '2026-11-20T10:00:09.000Z', 2500, 250, 0.011],
      ['child-c', 'sessions/2026/11/20/rollout-c.jsonl', '/work', '2026-11-20T10:00:12.000Z', '2026-11-20T10:00:12.000Z', 1500, 50, 0.001125],
      [null, 'sessions/2026/11/20/rollout-b.jsonl', null, '2026-11-20T23:10:00.000Z', '2026-11-20T23:20:00.000Z', 1000, 100, 0.00265],
      [null, 'sessions/2026/11/21/rollout-e.jsonl', null, '2026-11-21T00:30:00.000Z', '2026-11-21T00:30:00.000Z', 100, 10, null],
    ],
  );
  assert.deepEqual(sessions.daily.length, 3);
  const projects = JSON.parse((await runQuotabar([...base, '--by', 'project'], env())).stdout) as CostReport;
  assert.deepEqual(
    projects.projects?.map((p) => [p.cwd, p.sessions, p.inputTokens, p.costUSD]),
    [
      ['/work', 2, 4000, 0.012125],
      [null, 4, 1115, null],
    ],
  );
  const months = JSON.parse((await runQuotabar([...base, '--by', 'month'], env())).stdout) as CostReport;
  assert.deepEqual(
    months.monthly?.map((m) => [m.month, m.inputTokens, m.outputTokens, m.costUSD]),
    [
      ['2026-07', 15, 2, 0.000135],
      ['2026-11', 5100, 410, null],
    ],
  );

  const text = await runQuotabar(['cost', '--codex-home', h.codexHome, '--timezone', 'UTC', ...WINDOW, '--by', 'project'], env());
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^By project$/m);
  assert.match(text.stdout, /^Project\s+Sessions\s+Input\s+Cached\s+Output\s+Reasoning\s+Total\s+Cost$/m);
  assert.match(text.stdout, /^\/work\s+2\s+4K\s+3\.5K\s+300\s+100\s+4\.3K\s+\$0\.01$/m);
  const monthText = await runQuotabar(['cost', '--codex-home', h.codexHome, '--timezone', 'UTC', ...WINDOW, '--by', 'month'], env());
  assert.match(monthText.stdout, /^2026-07\s+15\s+0\s+2\s+0\s+17\s+\$0\.0001$/m);
  const sessionText = await runQuotabar(['cost', '--codex-home', h.codexHome, '--timezone', 'Europe/Berlin', ...WINDOW, '--by', 'session'], env());
  // The first event in the report's zone: 10:00:05 UTC is 11:00 in Berlin.
  assert.match(sessionText.stdout, /^session-a\s+2026-11-20 11:00\s+\/work\s+2\.5K\s+2K\s+250\s+90\s+2\.8K\s+\$0\.01$/m);
  const bad = await runQuotabar([...base, '--by', 'week'], env());
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /--by must be one of day, month, session, project/);
});

test('days follow --timezone: late UTC events move to the next day in Berlin', async () => {
  const run = await runQuotabar(['cost', '--json', '--codex-home', h.codexHome, '--timezone', 'Europe/Berlin', ...WINDOW], env());
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as {
    timezone: string;
    daily: Array<{ date: string; models: Array<{ model: string; inputTokens: number; costUSD: number | null }> }>;
  };
  assert.equal(json.timezone, 'Europe/Berlin');
  assert.deepEqual(
    json.daily.map((d) => [d.date, d.models.map((m) => [m.model, m.inputTokens, m.costUSD])]),
    [
      ['2026-07-11', [['gpt-5.5', 15, 0.000135]]],
      // C alone: (0 × 2.5 + 1500 × 0.25 + 50 × 15) / 1e6 = 0.001125
      [
        '2026-11-20',
        [
          ['gpt-5.5', 2500, 0.011],
          ['gpt-5.4', 1500, 0.001125],
        ],
      ],
      // B: (400 × 2.5 + 600 × 0.25 + 100 × 15) / 1e6 = 0.00265
      [
        '2026-11-21',
        [
          ['gpt-5.4', 1000, 0.00265],
          ['acme-labs-preview', 100, null],
        ],
      ],
    ],
  );
});

test('a second run answers from the cache, --no-cache reads everything again, and $CODEX_HOME is honoured', async () => {
  const cached = await runQuotabar(['cost', '--json', '--timezone', 'UTC', ...WINDOW], env({ CODEX_HOME: h.codexHome }));
  assert.equal(cached.code, 0, cached.stderr);
  const json = JSON.parse(cached.stdout) as { scan: { files: number; filesFromCache: number }; totals: { inputTokens: number } };
  assert.deepEqual([json.scan.files, json.scan.filesFromCache, json.totals.inputTokens], [6, 6, 5115]);
  const fresh = await runQuotabar(['cost', '--json', '--no-cache', '--codex-home', h.codexHome, '--timezone', 'UTC', ...WINDOW], env());
  const freshJson = JSON.parse(fresh.stdout) as { scan: { filesFromCache: number }; totals: { inputTokens: number } };
  assert.deepEqual([freshJson.scan.filesFromCache, freshJson.totals.inputTokens], [0, 5115]);
});

/**
 * The file names of the modules in one loaded file. The command line runs from a bundle (dist/cli), whose
 * files are chunks: each names the modules it holds in a `// dist/electron/…/name.js` line.
 */
function modulesIn(url: string): string[] {
  const name = url.slice(url.lastIndexOf('/') + 1);
  if (!url.includes('/dist/cli/')) return [name];
  return [...readFileSync(new URL(url), 'utf8').matchAll(/^\/\/ dist\/.*\/([^/]+\.js)$/gm)].map((m) => m[1] ?? name);
}

test('a warm run answers from the report snapshot: neither the cache (SQLite) nor the scanner is loaded', async () => {
  // A module hook in the child records every core module it loads (the hook runs off-thread: it appends to a file).
  const hooks = join(h.dir, 'record-modules.mjs');
  const register = join(h.dir, 'register-record-modules.mjs');
  const loaded = join(h.dir, 'loaded-modules.txt');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/dist/') || result.url.includes('better-sqlite3')) appendFileSync(${JSON.stringify(loaded)}, result.url + '\\n');
  return result;
}
`,
  );
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const args = ['cost', '--json', '--codex-home', h.codexHome, '--timezone', 'UTC', ...WINDOW];
  const nodeOptions = [shiftedClockEnv().NODE_OPTIONS, `--import=${pathToFileURL(register).href}`].filter((o) => o !== undefined).join(' ');
  const recorded = async (): Promise<{ report: CostReport; modules: Set<string> }> => {
    writeFileSync(loaded, '');
    const run = await runQuotabar(args, env({ NODE_OPTIONS: nodeOptions }));
    assert.equal(run.code, 0, run.stderr);
    return {
      report: JSON.parse(run.stdout) as CostReport,
      modules: new Set(
        readFileSync(loaded, 'utf8')
          .split('\n')
          .filter((url) => url !== '')
          .flatMap(modulesIn),
      ),
    };
  };
  const scanner = [
    'cost-worker-runner.js',
    'cost-job.js',
    'scan-helper-client.js',
    'cost-scan-helper.js',
    'codex-home-scan.js',
    'session-file-scan.js',
    'rollout-line-scanner.js',
  ];
  const cache = ['cached-cost-report.js', 'cost-cache-pool.js', 'cost-cache.js', 'sqlite.js', 'cost-report.js', 'price-table.js'];

  rmSync(join(h.quotabarHome, 'cache'), { recursive: true, force: true });
  const full = await recorded();
  assert.ok(full.modules.has('codex-home-scan.js'), 'the first run scans');
  const warm = await recorded();
  assert.deepEqual([warm.report.scan.files, warm.report.scan.filesFromCache, warm.report.totals.inputTokens], [6, 6, 5115]);
  assert.deepEqual({ ...warm.report, scan: null }, { ...full.report, scan: null });
  assert.ok(warm.modules.has('cost-report-snapshot.js'), [...warm.modules].join(', '));
  for (const name of [...scanner, ...cache]) assert.ok(!warm.modules.has(name), `${name} loaded on a warm run`);

  // Without the snapshot, the report is made from the cache alone: SQLite, but still no scanner.
  rmSync(join(h.quotabarHome, 'cache', 'cost-report.json'));
  const fromCache = await recorded();
  assert.deepEqual({ ...fromCache.report, scan: null }, { ...full.report, scan: null });
  assert.ok(fromCache.modules.has('cached-cost-report.js'), [...fromCache.modules].join(', '));
  for (const name of scanner) assert.ok(!fromCache.modules.has(name), `${name} loaded on a run from the cache`);
  assert.ok(existsSync(join(h.quotabarHome, 'cache', 'cost-report.json')), 'the report made from the cache is remembered');
});

test('a line still being written is counted once it is complete, exactly once', async () => {
  const next = `${tokenCount('2026-11-21T00:40:00.000Z', [300, 0, 30, 0], [200, 0, 20, 0])}\n`;
  appendText(liveLog, next.slice(0, 70));
  const args = ['cost', '--json', '--codex-home', h.codexHome, '--timezone', 'UTC', '--since', '2026-11-21', '--until', '2026-11-21'];
  const before = JSON.parse((await runQuotabar(args, env())).stdout) as { totals: { inputTokens: number } };
  assert.equal(before.totals.inputTokens, 100);
  appendText(liveLog, next.slice(70));
  const afterRun = JSON.parse((await runQuotabar(args, env())).stdout) as { totals: { inputTokens: number } };
  assert.equal(afterRun.totals.inputTokens, 300);
  const again = JSON.parse((await runQuotabar(args, env())).stdout) as { totals: { inputTokens: number } };
  assert.equal(again.totals.inputTokens, 300);
});

test('the text output is a daily table with a total, and says what has no price', async () => {
  const run = await runQuotabar(['cost', '--codex-home', h.codexHome, '--timezone', 'UTC', '--since', '2026-11-20', '--until', '2026-11-20'], env());
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.equal(lines[0], 'Codex cost at API prices, 2026-11-20 to 2026-11-20 (UTC)');
  assert.match(lines[2] ?? '', /^Date\s+Input\s+Cached\s+Output\s+Reasoning\s+Total\s+Cost$/);
  assert.match(lines[3] ?? '', /^2026-11-20\s+5K\s+4\.1K\s+400\s+130\s+5\.4K\s+\$0\.01$/);
  assert.match(lines[5] ?? '', /^Total\s+5K\s+4\.1K\s+400\s+130\s+5\.4K\s+\$0\.01$/);
  assert.match(run.stdout, /Scanned 6 session files/);
  // In Berlin the 21st has B (priced, $0.00265) and E (no price): at least $0.0027 (0.00265 rounded), marked +.
  const partly = await runQuotabar(
    ['cost', '--codex-home', h.codexHome, '--timezone', 'Europe/Berlin', '--since', '2026-11-21', '--until', '2026-11-21'],
    env(),
  );
  assert.match(partly.stdout, /^2026-11-21 .*\$0\.0027\+$/m);
  assert.match(partly.stdout, /No price for: acme-labs-preview\./);
});

test('bad arguments exit 64 with a message and print nothing on stdout', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--days', '0'], /--days/],
    [['--days', 'ten'], /--days/],
    [['--since', '2026-13-01'], /--since/],
    [['--until', 'yesterday'], /--until/],
    [['--timezone', 'Mars/Olympus'], /--timezone/],
    [['--since', '2026-11-20', '--until', '2026-11-01'], /after/],
    [['--days', '7', '--since', '2026-11-01'], /--days and --since/],
    [['--frobnicate'], /Unknown option/],
  ];
  for (const [args, message] of cases) {
    const run = await runQuotabar(['cost', '--codex-home', h.codexHome, ...args], env());
    assert.equal(run.code, 64, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
  }
});
