import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { scanCodexHome } from '../../../../electron/core/cost/codex-home-scan.js';
import { COST_PARSER_VERSION, CostCache, costCachePath } from '../../../../electron/core/cost/cost-cache.js';
import { computeCostReport, stopCostWorker } from '../../../../electron/core/cost/cost-service.js';
import { silentLogger } from '../../../../electron/core/util/logger.js';
import { testHomes, tokenCount, turnContext, writeLog, type TestHomes } from './rollout-log.js';

const made: TestHomes[] = [];
after(async () => {
  await stopCostWorker();
  for (const h of made) h.cleanup();
});

function homeWithOneSession(): TestHomes {
  const h = testHomes('quotabar-cache-');
  made.push(h);
  writeLog(h.codexHome, 'sessions/2026/11/20/s.jsonl', [
    turnContext('2026-11-20T10:00:00.000Z', 'gpt-5.5'),
    tokenCount('2026-11-20T10:00:05.000Z', [1000, 0, 10, 0]),
  ]);
  return h;
}

const scan = (h: TestHomes, cache: CostCache | null) => scanCodexHome({ codexHome: h.codexHome, cache, skipFilesOlderThanMs: 0, logger: silentLogger });

async function fillCache(h: TestHomes): Promise<void> {
  await computeCostReport({ codexHome: h.codexHome, quotabarHome: h.quotabarHome, since: '2026-11-01', until: '2026-11-30', timezone: 'UTC', runIn: 'inline' });
  await stopCostWorker();
}

test('a parser version change empties the cache, so every file is read again', async () => {
  const h = homeWithOneSession();
  await fillCache(h);
  const same = CostCache.open(costCachePath(h.quotabarHome));
  assert.equal(same.cache?.load(h.codexHome).size, 1);
  same.cache?.close();

  const newer = CostCache.open(costCachePath(h.quotabarHome), { parserVersion: COST_PARSER_VERSION + 1 });
  assert.ok(newer.cache);
  assert.equal(newer.cache.load(h.codexHome).size, 0);
  const result = await scan(h, newer.cache);
  assert.equal(result.stats.filesFromCache, 0);
  assert.equal(result.stats.filesRead, 1);
  assert.equal((await scan(h, newer.cache)).stats.filesFromCache, 1);
  newer.cache.close();
});

test("a SQLite file that is not QuotaBar's is replaced, not trusted", () => {
  const h = homeWithOneSession();
  const path = costCachePath(h.quotabarHome);
  mkdirSync(dirname(path), { recursive: true });
  const foreign = new Database(path);
  foreign.exec("CREATE TABLE files (path TEXT); INSERT INTO files VALUES ('/etc/passwd')");
  foreign.close();
  const opened = CostCache.open(path);
  assert.ok(opened.cache);
  assert.match(opened.notice ?? '', /rebuilt/);
  assert.equal(opened.cache.load(h.codexHome).size, 0);
  opened.cache.close();
  const check = new Database(path, { readonly: true });
  assert.notEqual(check.pragma('application_id', { simple: true }), 0);
  check.close();
});

test('a cache locked by another process is read but not written for this scan, and kept', async () => {
  const h = homeWithOneSession();
  await fillCache(h);
  writeLog(h.codexHome, 'sessions/2026/11/20/t.jsonl', [
    turnContext('2026-11-20T11:00:00.000Z', 'gpt-5.5'),
    tokenCount('2026-11-20T11:00:05.000Z', [500, 0, 5, 0]),
  ]);
  const path = costCachePath(h.quotabarHome);
  const holder = new Database(path);
  holder.exec('BEGIN EXCLUSIVE');
  try {
    const opened = CostCache.open(path, { busyTimeoutMs: 50 });
    assert.ok(opened.cache);
    const result = await scan(h, opened.cache);
    assert.equal(result.entries.length, 2);
    assert.equal(result.stats.filesFromCache, 1);
    assert.match(result.notices.join(' '), /could not be updated/);
    opened.cache.close();
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  assert.ok(existsSync(path));
  const reopened = CostCache.open(path);
  assert.equal(reopened.cache?.load(h.codexHome).size, 1);
  assert.equal((await scan(h, reopened.cache ?? null)).stats.filesFromCache, 1);
  assert.equal(reopened.cache?.load(h.codexHome).size, 2);
  reopened.cache?.close();
});

test('another process writing the cache is noticed, and its rows are read again', async () => {
  const h = homeWithOneSession();
  const path = costCachePath(h.quotabarHome);
  const mine = CostCache.open(path).cache;
  assert.ok(mine);
  assert.equal(mine.load(h.codexHome).size, 0);
  const theirs = CostCache.open(path).cache;
  assert.ok(theirs);
  await scan(h, theirs);
  theirs.close();
  assert.equal(mine.load(h.codexHome).size, 1);
  mine.close();
});
