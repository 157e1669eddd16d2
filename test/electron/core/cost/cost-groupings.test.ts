import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { costReportFromCache } from '../../../../electron/core/cost/cached-cost-report.js';
import { silentLogger } from '../../../../electron/core/util/logger.js';
import type { CostReport } from '../../../../shared/cost-model.js';
import { COST_CACHE_SCHEMA_VERSION, costCachePath } from '../../../../electron/core/cost/cost-cache.js';
import { computeCostReport, CostOptionsError, stopCostWorker, type CostReportOptions } from '../../../../electron/core/cost/cost-service.js';
import { appendText, sessionMeta, testHomes, tokenCount, turnContext, userMessage, writeLog, type TestHomes } from './rollout-log.js';

// `--by month|session|project` end to end: session logs written here, totals worked out by hand, read cold and
// then from the cache. Prices: gpt-5.5 5 / 0.5 / 30 and gpt-5.4 2.5 / 0.25 / 15 per million (input / cached / output).

const made: TestHomes[] = [];
after(async () => {
  await stopCostWorker();
  for (const h of made) h.cleanup();
});

/**
 * P (/src/alpha, gpt-5.5): totals 1000/0/100/0 then 3000/1000/300/0, both in one quarter hour:
 *   2000 × 5 + 1000 × 0.5 + 300 × 30 = 19,500 µ$ → $0.0195.
 * F, a fork of P (/src/alpha): the copy of P's two totals is not counted; its own gpt-5.4 response takes the total
 *   to 5000/2000/400/50: 2000 in, 1000 cached, 100 out, 50 reasoning: 1000 × 2.5 + 1000 × 0.25 + 100 × 15 = $0.00425.
 * N (no cwd, gpt-5.5): 500 in on 31 October (outside the window), then 600/0/10/0: 100 × 5 + 10 × 30 = $0.0008.
 */
function home(): TestHomes {
  const h = testHomes('quotabar-groupings-');
  made.push(h);
  writeLog(h.codexHome, 'sessions/2026/11/20/rollout-p.jsonl', [
    sessionMeta('2026-11-20T10:00:00.000Z', 'p', undefined, '/src/alpha'),
    turnContext('2026-11-20T10:00:01.000Z', 'gpt-5.5'),
    tokenCount('2026-11-20T10:00:05.000Z', [1000, 0, 100, 0], [1000, 0, 100, 0]),
    tokenCount('2026-11-20T10:05:00.000Z', [3000, 1000, 300, 0], [2000, 1000, 200, 0]),
  ]);
  writeLog(h.codexHome, 'sessions/2026/11/21/rollout-f.jsonl', [
    sessionMeta('2026-11-21T09:00:00.000Z', 'f', 'p', '/src/alpha'),
    sessionMeta('2026-11-21T09:00:00.001Z', 'p', undefined, '/src/alpha'),
    turnContext('2026-11-21T09:00:00.001Z', 'gpt-5.5'),
    tokenCount('2026-11-21T09:00:00.002Z', [1000, 0, 100, 0], [1000, 0, 100, 0]),
    tokenCount('2026-11-21T09:00:00.003Z', [3000, 1000, 300, 0], [2000, 1000, 200, 0]),
    turnContext('2026-11-21T09:00:07.000Z', 'gpt-5.4'),
    userMessage('2026-11-21T09:00:07.001Z'),
    tokenCount('2026-11-21T09:00:12.000Z', [5000, 2000, 400, 50], [2000, 1000, 100, 50]),
  ]);
  writeLog(h.codexHome, 'sessions/2026/10/31/rollout-n.jsonl', [
    sessionMeta('2026-10-31T23:00:00.000Z', 'n', undefined, null),
    turnContext('2026-10-31T23:00:00.500Z', 'gpt-5.5'),
    tokenCount('2026-10-31T23:00:01.000Z', [500, 0, 0, 0], [500, 0, 0, 0]),
    tokenCount('2026-11-22T12:00:00.000Z', [600, 0, 10, 0], [100, 0, 10, 0]),
  ]);
  return h;
}

function report(h: TestHomes, groupBy: CostReportOptions['groupBy'], extra: Partial<CostReportOptions> = {}): Promise<CostReport> {
  return computeCostReport({
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    timezone: 'UTC',
    since: '2026-11-01',
    until: '2026-11-30',
    runIn: 'inline',
    groupBy,
    ...extra,
  });
}

const EXPECTED_SESSIONS = [
  {
    sessionId: 'p',
    file: 'sessions/2026/11/20/rollout-p.jsonl',
    cwd: '/src/alpha',
    firstAt: '2026-11-20T10:00:05.000Z',
    lastAt: '2026-11-20T10:05:00.000Z',
    inputTokens: 3000,
    cachedInputTokens: 1000,
    outputTokens: 300,
    reasoningOutputTokens: 0,
    totalTokens: 3300,
    costUSD: 0.0195,
  },
  {
    sessionId: 'f',
    file: 'sessions/2026/11/21/rollout-f.jsonl',
    cwd: '/src/alpha',
    firstAt: '2026-11-21T09:00:12.000Z',
    lastAt: '2026-11-21T09:00:12.000Z',
    inputTokens: 2000,
    cachedInputTokens: 1000,
    outputTokens: 100,
    reasoningOutputTokens: 50,
    totalTokens: 2100,
    costUSD: 0.00425,
  },
  {
    sessionId: 'n',
    file: 'sessions/2026/10/31/rollout-n.jsonl',
    cwd: null,
    firstAt: '2026-11-22T12:00:00.000Z',
    lastAt: '2026-11-22T12:00:00.000Z',
    inputTokens: 100,
    cachedInputTokens: 0,
    outputTokens: 10,
    reasoningOutputTokens: 0,
    totalTokens: 110,
    costUSD: 0.0008,
  },
];

const withoutModels = <T extends { models: unknown }>(entries: readonly T[] | undefined) => entries?.map(({ models: _, ...rest }) => rest);

test('by session: a fork counts only its own events; file, cwd and first and last event as logged', async () => {
  const h = home();
  const r = await report(h, 'session');
  assert.deepEqual(withoutModels(r.sessions), EXPECTED_SESSIONS);
  assert.deepEqual(
    r.sessions?.[1]?.models.map((m) => [m.model, m.costUSD]),
    [['gpt-5.4', 0.00425]],
  );
  assert.equal(r.totals.costUSD, 0.02455);
  assert.equal(r.totals.inputTokens, 5100);
});

test('by project and by month, cold and then warm from the cache without reading a file again', async () => {
  const h = home();
  for (const pass of ['cold', 'warm'] as const) {
    const projects = await report(h, 'project');
    assert.deepEqual(
      withoutModels(projects.projects),
      [
        {
          cwd: '/src/alpha',
          sessions: 2,
          inputTokens: 5000,
          cachedInputTokens: 2000,
          outputTokens: 400,
          reasoningOutputTokens: 50,
          totalTokens: 5400,
          costUSD: 0.02375,
        },
        { cwd: null, sessions: 1, inputTokens: 100, cachedInputTokens: 0, outputTokens: 10, reasoningOutputTokens: 0, totalTokens: 110, costUSD: 0.0008 },
      ],
      pass,
    );
    const months = await report(h, 'month');
    assert.deepEqual(
      months.monthly?.map((m) => [m.month, m.inputTokens, m.costUSD]),
      [['2026-11', 5100, 0.02455]],
      pass,
    );
    const sessions = await report(h, 'session');
    assert.deepEqual(withoutModels(sessions.sessions), EXPECTED_SESSIONS, pass);
    if (pass === 'warm') assert.deepEqual([sessions.scan.files, sessions.scan.filesFromCache], [3, 3]);
  }
});

test('a cache written by the previous schema is rebuilt, not misread', async () => {
  const h = home();
  await report(h, 'session');
  await stopCostWorker();
  // What the previous schema held: seven-field buckets and no cwd in the counting state.
  const db = new Database(costCachePath(h.quotabarHome));
  db.prepare(`UPDATE files SET buckets = '[]', state = json_remove(state, '$.cwd')`).run();
  db.pragma(`user_version = ${COST_CACHE_SCHEMA_VERSION - 1}`);
  db.close();
  const r = await report(h, 'session');
  assert.equal(r.scan.filesFromCache, 0);
  assert.deepEqual(withoutModels(r.sessions), EXPECTED_SESSIONS);
});

test('--by takes day, month, session or project only', async () => {
  const h = home();
  await assert.rejects(report(h, 'week' as CostReportOptions['groupBy']), CostOptionsError);
  const byDay = await report(h, 'day');
  assert.deepEqual([byDay.monthly, byDay.sessions, byDay.projects], [undefined, undefined, undefined]);
  assert.deepEqual(
    byDay.daily.map((d) => [d.date, d.costUSD]),
    [
      ['2026-11-20', 0.0195],
      ['2026-11-21', 0.00425],
      ['2026-11-22', 0.0008],
    ],
  );
});

test('the report made from the cache alone equals the full scan, and steps aside when a file changed', async () => {
  const h = home();
  const window = {
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    timezone: 'UTC',
    since: '2026-11-01',
    until: '2026-11-30',
    nowMs: Date.parse('2026-11-29T12:00:00Z'),
  };
  // A copy of P in the archive is the same session: counted once, as the full scan counts it.
  writeLog(h.codexHome, 'archived_sessions/rollout-p.jsonl', [sessionMeta('2026-11-20T10:00:00.000Z', 'p', undefined, '/src/alpha')]);
  for (const groupBy of ['session', 'project', 'month'] as const) {
    const full = await report(h, groupBy);
    const warm = costReportFromCache({ ...window, groupBy }, silentLogger);
    assert.ok(warm !== null, groupBy);
    assert.deepEqual({ ...warm, scan: { ...warm.scan, ms: 0 } }, { ...full, scan: { ...full.scan, filesFromCache: full.scan.files, ms: 0 } }, groupBy);
  }
  assert.equal(costReportFromCache({ ...window, noCache: true }, silentLogger), null);
  mkdirSync(dirname(join(h.codexHome, 'sessions/2026/11/22/rollout-x.jsonl')), { recursive: true });
  appendText(join(h.codexHome, 'sessions/2026/11/22/rollout-x.jsonl'), '');
  assert.equal(costReportFromCache(window, silentLogger), null, 'a new file');
  rmSync(join(h.codexHome, 'sessions/2026/11/22/rollout-x.jsonl'));
  appendText(join(h.codexHome, 'sessions/2026/11/20/rollout-p.jsonl'), `${tokenCount('2026-11-20T11:00:00.000Z', [4000, 1000, 400, 0], [1000, 0, 100, 0])}\n`);
  assert.equal(costReportFromCache(window, silentLogger), null, 'an appended file');
  await report(h, 'day');
  assert.ok(costReportFromCache(window, silentLogger) !== null);
  rmSync(join(h.codexHome, 'sessions/2026/11/20/rollout-p.jsonl'));
  assert.equal(costReportFromCache(window, silentLogger), null, 'a vanished parent');
});
