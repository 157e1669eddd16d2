import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CostReport } from '../../../../shared/cost-model.js';
import { costCachePath } from '../../../../electron/core/cost/cost-cache.js';
import { computeCostReport, CostOptionsError, stopCostWorker, type CostReportOptions } from '../../../../electron/core/cost/cost-service.js';
import { PRICE_OVERRIDE_FILE } from '../../../../electron/core/cost/price-table.js';
import {
  appendText,
  rateLimitsOnly,
  sessionMeta,
  testHomes,
  tokenCount,
  toolOutput,
  turnContext,
  userMessage,
  writeLog,
  type TestHomes,
} from './rollout-log.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'codexbar');
const made: TestHomes[] = [];
after(async () => {
  await stopCostWorker();
  for (const h of made) h.cleanup();
});

function homes(): TestHomes {
  const h = testHomes();
  made.push(h);
  return h;
}

function report(h: TestHomes, extra: Partial<CostReportOptions> = {}): Promise<CostReport> {
  return computeCostReport({
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    timezone: 'UTC',
    since: '2026-07-01',
    until: '2026-11-30',
    runIn: 'inline',
    ...extra,
  });
}

function tokens(r: CostReport) {
  const t = r.totals;
  return { input: t.inputTokens, cached: t.cachedInputTokens, output: t.outputTokens, reasoning: t.reasoningOutputTokens };
}

const DAY = '2026/11/20';
const at = (hms: string) => `2026-11-20T${hms}Z`;

// ---- The CodexBar fixtures: a session and its fork ----

// parent: one response, 10 in / 1 out. child: forked from it, its first token_count is the copied 10/1, then
// its own response takes the total to 15/2. Counted once: 15 in, 2 out; at gpt-5.5 prices
// 15 × 5 / 1e6 + 2 × 30 / 1e6 = 0.000135.
const FIXTURE_TOTALS = { input: 15, cached: 0, output: 2, reasoning: 0 };

function placeFixture(h: TestHomes, name: string, relative: string): void {
  const target = join(h.codexHome, relative);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(FIXTURES, name), target);
}

test('the CodexBar fixtures count a fork once: parent live, child archived', async () => {
  const h = homes();
  placeFixture(h, 'parent.jsonl', 'sessions/2026/07/11/parent.jsonl');
  placeFixture(h, 'child.jsonl', 'archived_sessions/child.jsonl');
  const r = await report(h);
  assert.deepEqual(tokens(r), FIXTURE_TOTALS);
  assert.deepEqual(
    r.daily.map((d) => [d.date, d.costUSD]),
    [['2026-07-11', 0.000135]],
  );
  assert.deepEqual(
    r.daily[0]?.models.map((m) => m.model),
    ['gpt-5.5'],
  );
  assert.equal(r.scan.files, 2);
});

test('the CodexBar fixtures count a fork once with the parent archived and the child live', async () => {
  const h = homes();
  placeFixture(h, 'parent.jsonl', 'archived_sessions/parent.jsonl');
  placeFixture(h, 'child.jsonl', 'sessions/2026/07/11/child.jsonl');
  assert.deepEqual(tokens(await report(h)), FIXTURE_TOTALS);
  // And again from the cache.
  const warm = await report(h);
  assert.deepEqual(tokens(warm), FIXTURE_TOTALS);
  assert.equal(warm.scan.filesFromCache, 2);
});

test('the CodexBar child alone counts only its own response, not the copied first event', async () => {
  const h = homes();
  placeFixture(h, 'child.jsonl', 'archived_sessions/child.jsonl');
  // Its first token_count (10 in / 1 out) is the copied prefix (manifest: length 1); 15/2 − 10/1 is its own.
  assert.deepEqual(tokens(await report(h)), { input: 5, cached: 0, output: 1, reasoning: 0 });
});

test('a session_meta that names itself by session_id, followed by a line that is not a record, is harmless', async () => {
  const h = homes();
  placeFixture(h, 'agent-session-rollout.jsonl', 'sessions/2026/07/06/agent.jsonl');
  const r = await report(h);
  assert.deepEqual(r.daily, []);
  assert.equal(r.scan.files, 1);
});

// ---- Forks written by hand ----

/** A parent of two responses: 1000/0/100/0 then total 3000/1000/250/50. */
function parentLines(): string[] {
  return [
    sessionMeta(at('09:00:00.000'), 'parent-1'),
    turnContext(at('09:00:01.000'), 'gpt-5.4'),
    userMessage(at('09:00:01.100')),
    tokenCount(at('09:00:05.000'), [1000, 0, 100, 0], [1000, 0, 100, 0]),
    tokenCount(at('09:00:09.000'), [3000, 1000, 250, 50], [2000, 1000, 150, 50]),
  ];
}

/** Its fork at 10:00: the copy re-stamped within a few ms, then one own response (+1500/1500/50/10). */
function childLines(parentId = 'parent-1', id = 'child-1'): string[] {
  return [
    sessionMeta(at('10:00:00.000'), id, parentId),
    sessionMeta(at('10:00:00.001'), parentId),
    turnContext(at('10:00:00.001'), 'gpt-5.4'),
    userMessage(at('10:00:00.002')),
    tokenCount(at('10:00:00.002'), [1000, 0, 100, 0], [1000, 0, 100, 0]),
    tokenCount(at('10:00:00.003'), [3000, 1000, 250, 50], [2000, 1000, 150, 50]),
    turnContext(at('10:00:07.000'), 'gpt-5.4'),
    userMessage(at('10:00:07.001')),
    tokenCount(at('10:00:12.000'), [4500, 2500, 300, 60], [1500, 1500, 50, 10]),
  ];
}

const PARENT_ONLY = { input: 3000, cached: 1000, output: 250, reasoning: 50 };
const CHILD_OWN = { input: 1500, cached: 1500, output: 50, reasoning: 10 };
const sum = (...parts: Array<typeof PARENT_ONLY>) =>
  parts.reduce((a, b) => ({ input: a.input + b.input, cached: a.cached + b.cached, output: a.output + b.output, reasoning: a.reasoning + b.reasoning }));

test('a fork whose parent is missing does not count the history it inherited', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/rollout-child.jsonl`, childLines());
  assert.deepEqual(tokens(await report(h)), CHILD_OWN);
});

test('a fork counts once whichever of parent and child is read first, and a fork of a fork too', async () => {
  const h = homes();
  // Names chosen so the grandchild sorts first, then the child, then the parent.
  writeLog(h.codexHome, `archived_sessions/a-grandchild.jsonl`, [
    ...childLines('child-1', 'grandchild-1').slice(0, 1),
    ...childLines()
      .slice(1)
      .map((l) => l.replace('10:00:', '11:00:')),
    tokenCount(at('11:00:30.000'), [5000, 2500, 400, 60], [500, 0, 100, 0]),
  ]);
  writeLog(h.codexHome, `archived_sessions/b-child.jsonl`, childLines());
  writeLog(h.codexHome, `sessions/${DAY}/c-parent.jsonl`, parentLines());
  // Grandchild: copies the child's history up to 4500/2500/300/60, then +500/0/100/0 of its own.
  const grandchildOwn = { input: 500, cached: 0, output: 100, reasoning: 0 };
  assert.deepEqual(tokens(await report(h)), sum(PARENT_ONLY, CHILD_OWN, grandchildOwn));
  assert.deepEqual(tokens(await report(h)), sum(PARENT_ONLY, CHILD_OWN, grandchildOwn));
});

test('a fork is counted the same before and after its parent file appears', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/rollout-child.jsonl`, childLines());
  assert.deepEqual(tokens(await report(h)), CHILD_OWN);
  writeLog(h.codexHome, `archived_sessions/rollout-parent.jsonl`, parentLines());
  assert.deepEqual(tokens(await report(h)), sum(PARENT_ONLY, CHILD_OWN));
  rmSync(join(h.codexHome, 'archived_sessions/rollout-parent.jsonl'));
  assert.deepEqual(tokens(await report(h)), CHILD_OWN);
});

// ---- Incremental reading ----

test('a truncated last line is counted once it is complete, on a later scan, exactly once', async () => {
  const h = homes();
  const path = writeLog(h.codexHome, `sessions/${DAY}/live.jsonl`, [
    turnContext(at('10:00:00.000'), 'gpt-5.5'),
    tokenCount(at('10:00:05.000'), [1000, 0, 10, 0], [1000, 0, 10, 0]),
  ]);
  const next = `${tokenCount(at('10:00:09.000'), [3000, 0, 30, 0], [2000, 0, 20, 0])}\n`;
  appendText(path, next.slice(0, 80));
  assert.deepEqual(tokens(await report(h)), { input: 1000, cached: 0, output: 10, reasoning: 0 });
  assert.deepEqual(tokens(await report(h, { noCache: true })), { input: 1000, cached: 0, output: 10, reasoning: 0 });
  appendText(path, next.slice(80));
  const completed = await report(h);
  assert.deepEqual(tokens(completed), { input: 3000, cached: 0, output: 30, reasoning: 0 });
  assert.equal(completed.scan.filesFromCache, 0);
  const again = await report(h);
  assert.deepEqual(tokens(again), { input: 3000, cached: 0, output: 30, reasoning: 0 });
  assert.equal(again.scan.filesFromCache, 1);
});

test('appended lines are read from where the last scan stopped and unchanged files come from the cache', async () => {
  const h = homes();
  const live = writeLog(h.codexHome, `sessions/${DAY}/live.jsonl`, [
    turnContext(at('10:00:00.000'), 'gpt-5.5'),
    tokenCount(at('10:00:05.000'), [1000, 0, 10, 0], [1000, 0, 10, 0]),
  ]);
  writeLog(h.codexHome, `sessions/${DAY}/done.jsonl`, [
    turnContext(at('08:00:00.000'), 'gpt-5.4'),
    tokenCount(at('08:00:05.000'), [500, 100, 5, 0], [500, 100, 5, 0]),
  ]);
  const first = await report(h);
  assert.equal(first.scan.filesFromCache, 0);
  appendText(
    live,
    `${tokenCount(at('10:01:00.000'), [1000, 0, 10, 0], [1000, 0, 10, 0])}\n${tokenCount(at('10:02:00.000'), [1800, 0, 25, 5], [800, 0, 15, 5])}\n`,
  );
  const second = await report(h);
  assert.equal(second.scan.filesFromCache, 1);
  // 1800 + 500 in, 100 cached, 25 + 5 out, 5 reasoning: the repeated 1000 total added nothing.
  assert.deepEqual(tokens(second), { input: 2300, cached: 100, output: 30, reasoning: 5 });
  assert.deepEqual(tokens(await report(h, { noCache: true })), tokens(second));
});

test('a file rewritten rather than appended to is read again from the start', async () => {
  const h = homes();
  const path = writeLog(h.codexHome, `sessions/${DAY}/f.jsonl`, [turnContext(at('10:00:00.000'), 'gpt-5.5'), tokenCount(at('10:00:05.000'), [1000, 0, 10, 0])]);
  await report(h);
  writeLog(h.codexHome, `sessions/${DAY}/f.jsonl`, [
    turnContext(at('10:00:00.000'), 'gpt-5.5'),
    tokenCount(at('10:00:05.000'), [7000, 0, 70, 0]),
    tokenCount(at('10:00:06.000'), [9000, 0, 90, 0]),
  ]);
  assert.ok(existsSync(path));
  assert.deepEqual(tokens(await report(h)), { input: 9000, cached: 0, output: 90, reasoning: 0 });
});

test('a session moved to archived_sessions keeps its cached state and is not counted twice', async () => {
  const h = homes();
  const from = writeLog(h.codexHome, `sessions/${DAY}/rollout-a.jsonl`, [
    sessionMeta(at('10:00:00.000'), 'a'),
    turnContext(at('10:00:00.000'), 'gpt-5.5'),
    tokenCount(at('10:00:05.000'), [1000, 0, 10, 0]),
  ]);
  await report(h);
  const to = join(h.codexHome, 'archived_sessions', 'rollout-a.jsonl');
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
  const moved = await report(h);
  assert.deepEqual(tokens(moved), { input: 1000, cached: 0, output: 10, reasoning: 0 });
  assert.equal(moved.scan.filesFromCache, 1);
});

test('the same session present in both folders is counted once', async () => {
  const h = homes();
  const lines = [sessionMeta(at('10:00:00.000'), 'dup'), turnContext(at('10:00:00.000'), 'gpt-5.5'), tokenCount(at('10:00:05.000'), [1000, 0, 10, 0])];
  writeLog(h.codexHome, `sessions/${DAY}/rollout-dup.jsonl`, lines);
  writeLog(h.codexHome, `archived_sessions/rollout-dup.jsonl`, lines.slice(0, 2));
  assert.deepEqual(tokens(await report(h)), { input: 1000, cached: 0, output: 10, reasoning: 0 });
});

// ---- Robustness ----

test('a line of many megabytes does not hide the events around it', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/big.jsonl`, [
    turnContext(at('10:00:00.000'), 'gpt-5.5'),
    tokenCount(at('10:00:05.000'), [1000, 0, 10, 0]),
    toolOutput(at('10:00:06.000'), 24 << 20),
    rateLimitsOnly(at('10:00:07.000')),
    tokenCount(at('10:00:09.000'), [2500, 0, 30, 0]),
  ]);
  assert.deepEqual(tokens(await report(h)), { input: 2500, cached: 0, output: 30, reasoning: 0 });
});

test('empty, unreadable and non-rollout files never fail the scan', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/empty.jsonl`, []);
  writeLog(h.codexHome, `sessions/${DAY}/garbage.jsonl`, ['not json', '{"half":', '', '{"type":"event_msg"}']);
  mkdirSync(join(h.codexHome, `sessions/${DAY}/folder.jsonl`), { recursive: true });
  symlinkSync('loop.jsonl', join(h.codexHome, `sessions/${DAY}/loop.jsonl`));
  writeLog(h.codexHome, `sessions/${DAY}/good.jsonl`, [turnContext(at('10:00:00.000'), 'gpt-5.5'), tokenCount(at('10:00:05.000'), [1000, 0, 10, 0])]);
  const r = await report(h);
  assert.deepEqual(tokens(r), { input: 1000, cached: 0, output: 10, reasoning: 0 });
  assert.ok(
    (r.notices ?? []).some((n) => /could not be read/.test(n)),
    JSON.stringify(r.notices),
  );
});

test('compressed .jsonl.zst sessions are skipped with a notice', async () => {
  const h = homes();
  mkdirSync(join(h.codexHome, 'archived_sessions'), { recursive: true });
  writeFileSync(join(h.codexHome, 'archived_sessions', 'rollout-old.jsonl.zst'), Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
  const r = await report(h);
  assert.deepEqual(r.notices, ['Skipped 1 compressed session file (.jsonl.zst); their usage is not counted.']);
});

test('a missing Codex home gives an empty report with a notice', async () => {
  const h = homes();
  const r = await report(h);
  assert.deepEqual(r.daily, []);
  assert.equal(r.totals.costUSD, 0);
  assert.match((r.notices ?? []).join(' '), /No Codex session files/);
});

// ---- The cache ----

function writeOneSession(h: TestHomes): void {
  writeLog(h.codexHome, `sessions/${DAY}/s.jsonl`, [turnContext(at('10:00:00.000'), 'gpt-5.5'), tokenCount(at('10:00:05.000'), [1000, 0, 10, 0])]);
}

test('a corrupt cache file is rebuilt, never fatal', async () => {
  const h = homes();
  writeOneSession(h);
  mkdirSync(dirname(costCachePath(h.quotabarHome)), { recursive: true });
  writeFileSync(costCachePath(h.quotabarHome), 'this is not a database, just bytes '.repeat(200));
  const r = await report(h);
  assert.deepEqual(tokens(r), { input: 1000, cached: 0, output: 10, reasoning: 0 });
  assert.match((r.notices ?? []).join(' '), /rebuilt/);
  // The next run in a fresh process state uses the rebuilt cache.
  await stopCostWorker();
  const again = await report(h);
  assert.equal(again.scan.filesFromCache, 1);
  assert.equal(again.notices, undefined);
});

test('--no-cache neither reads nor writes the cache', async () => {
  const h = homes();
  writeOneSession(h);
  const r = await report(h, { noCache: true });
  assert.deepEqual(tokens(r), { input: 1000, cached: 0, output: 10, reasoning: 0 });
  assert.equal(existsSync(costCachePath(h.quotabarHome)), false);
  await report(h);
  const bypass = await report(h, { noCache: true });
  assert.equal(bypass.scan.filesFromCache, 0);
});

// ---- Days, prices, windows ----

test("days follow the chosen time zone, from each event's own time", async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/tz.jsonl`, [
    turnContext('2026-11-20T23:00:00.000Z', 'gpt-5.5'),
    tokenCount('2026-11-20T23:30:00.000Z', [1000, 0, 10, 0]),
    tokenCount('2026-11-21T00:30:00.000Z', [3000, 0, 30, 0]),
  ]);
  const days = async (timezone: string) => (await report(h, { timezone })).daily.map((d) => [d.date, d.inputTokens]);
  assert.deepEqual(await days('UTC'), [
    ['2026-11-20', 1000],
    ['2026-11-21', 2000],
  ]);
  assert.deepEqual(await days('Europe/Berlin'), [['2026-11-21', 3000]]);
  assert.deepEqual(await days('America/Los_Angeles'), [['2026-11-20', 3000]]);
  const r = await report(h, { timezone: 'Europe/Berlin', since: '2026-11-20', until: '2026-11-20' });
  assert.deepEqual(r.daily, []);
  assert.deepEqual(r.range, { since: '2026-11-20', until: '2026-11-20' });
  assert.equal(r.timezone, 'Europe/Berlin');
});

test('the default window is the last 30 days including today', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/w.jsonl`, [
    turnContext('2026-10-01T10:00:00.000Z', 'gpt-5.5'),
    tokenCount('2026-10-01T10:00:05.000Z', [1000, 0, 10, 0]),
    tokenCount('2026-11-20T10:00:05.000Z', [1500, 0, 15, 0]),
  ]);
  const r = await computeCostReport({
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    timezone: 'UTC',
    now: new Date('2026-11-21T12:00:00Z'),
    runIn: 'inline',
  });
  assert.deepEqual(r.range, { since: '2026-10-23', until: '2026-11-21' });
  assert.deepEqual(
    r.daily.map((d) => [d.date, d.inputTokens]),
    [['2026-11-20', 500]],
  );
});

test('an unpriced model is listed, with a null cost rather than 0', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/u.jsonl`, [turnContext(at('10:00:00.000'), 'acme-labs-preview'), tokenCount(at('10:00:05.000'), [1000, 0, 10, 0])]);
  const r = await report(h);
  assert.deepEqual(r.unpricedModels, ['acme-labs-preview']);
  assert.equal(r.daily[0]?.models[0]?.costUSD, null);
  assert.equal(r.totals.costUSD, null);
  // A price in the user's override file makes it priced: 1000 × 2 / 1e6 + 10 × 8 / 1e6 = 0.00208.
  mkdirSync(h.quotabarHome, { recursive: true });
  writeFileSync(join(h.quotabarHome, PRICE_OVERRIDE_FILE), JSON.stringify({ models: { 'acme-labs-preview': { input: 2, output: 8 } } }));
  const priced = await report(h);
  assert.deepEqual(priced.unpricedModels, []);
  assert.equal(priced.totals.costUSD, 0.00208);
});

test('an event with more than 272,000 input tokens is priced at the long-context rate', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/long.jsonl`, [
    turnContext(at('10:00:00.000'), 'gpt-5.4'),
    tokenCount(at('10:00:05.000'), [272_000, 0, 1000, 0]),
    tokenCount(at('10:00:09.000'), [572_000, 100_000, 2000, 0]),
  ]);
  const r = await report(h);
  // 272,000 (not above the threshold): 0.272 × 2.5 + 0.001 × 15 = 0.695
  // 300,000 with 100,000 cached (above): 0.2 × 5 + 0.1 × 0.5 + 0.001 × 22.5 = 1.0725
  assert.equal(r.totals.costUSD, 1.7675);
});

test('a window that cannot be read is refused with CostOptionsError', async () => {
  const h = homes();
  await assert.rejects(report(h, { timezone: 'Mars/Olympus' }), CostOptionsError);
  await assert.rejects(report(h, { since: '2026-12-01', until: '2026-11-01' }), CostOptionsError);
  await assert.rejects(report(h, { since: undefined, days: 0 }), CostOptionsError);
});

// ---- Worker and inline ----

test('the worker thread and the calling thread compute the same report', async () => {
  const h = homes();
  placeFixture(h, 'parent.jsonl', 'sessions/2026/07/11/parent.jsonl');
  placeFixture(h, 'child.jsonl', 'archived_sessions/child.jsonl');
  writeLog(h.codexHome, `sessions/${DAY}/s.jsonl`, [turnContext(at('10:00:00.000'), 'gpt-5.5'), tokenCount(at('10:00:05.000'), [1000, 0, 10, 0])]);
  const logs: string[] = [];
  const logger = {
    debug: (m: string) => logs.push(m),
    info: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    error: (m: string) => logs.push(m),
  };
  const onWorker = await report(h, { runIn: 'worker', noCache: true, logger });
  const inline = await report(h, { runIn: 'inline', noCache: true });
  assert.deepEqual({ ...onWorker, scan: { ...onWorker.scan, ms: 0 } }, { ...inline, scan: { ...inline.scan, ms: 0 } });
  assert.deepEqual(tokens(onWorker), { input: 1015, cached: 0, output: 12, reasoning: 0 });
  // The worker's log lines reach the caller's logger.
  assert.ok(
    logs.some((l) => l.startsWith('cost scan:')),
    logs.join('\n'),
  );
  await assert.rejects(report(h, { runIn: 'worker', timezone: 'Nowhere/Else' }), CostOptionsError);
});

test('the cache file holds no log contents, only counts', async () => {
  const h = homes();
  writeLog(h.codexHome, `sessions/${DAY}/s.jsonl`, [
    turnContext(at('10:00:00.000'), 'gpt-5.5'),
    userMessage(at('10:00:00.500'), 'secret-prompt-text'),
    tokenCount(at('10:00:05.000'), [1000, 0, 10, 0]),
  ]);
  await report(h);
  await stopCostWorker();
  assert.equal(readFileSync(costCachePath(h.quotabarHome)).includes('secret-prompt-text'), false);
});
