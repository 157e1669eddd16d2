import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CostGrouping } from '../../../../shared/cost-model.js';
import { readReportSnapshot, reportSnapshotKey, reportSnapshotPath } from '../../../../electron/core/cost/cost-report-snapshot.js';
import { computeCostReport, stopCostWorker } from '../../../../electron/core/cost/cost-service.js';
import { resolveCostWindow } from '../../../../electron/core/cost/cost-window.js';
import { statSessionFiles } from '../../../../electron/core/cost/session-file-stats.js';
import { appendText, sessionMeta, testHomes, tokenCount, turnContext, writeLog, type TestHomes } from './rollout-log.js';

// The report snapshot: what a command line answers with when no session file changed. Its key must change
// with anything the report follows from, and a bad snapshot file must only ever be a miss.

const made: TestHomes[] = [];
after(async () => {
  await stopCostWorker();
  for (const h of made) h.cleanup();
});

const NOW = Date.parse('2026-11-29T12:00:00Z');

function home(): TestHomes {
  const h = testHomes('quotabar-snapshot-');
  made.push(h);
  writeLog(h.codexHome, 'sessions/2026/11/20/rollout-a.jsonl', [
    sessionMeta('2026-11-20T10:00:00.000Z', 'a', undefined, '/src/alpha'),
    turnContext('2026-11-20T10:00:01.000Z', 'gpt-5.5'),
    tokenCount('2026-11-20T10:00:05.000Z', [1000, 200, 100, 10], [1000, 200, 100, 10]),
  ]);
  writeLog(h.codexHome, 'archived_sessions/rollout-b.jsonl', [
    sessionMeta('2026-11-21T10:00:00.000Z', 'b', undefined, '/src/beta'),
    turnContext('2026-11-21T10:00:01.000Z', 'gpt-5.4'),
    tokenCount('2026-11-21T10:00:05.000Z', [500, 0, 50, 0], [500, 0, 50, 0]),
  ]);
  return h;
}

const window = (h: TestHomes, extra: { since?: string; timezone?: string } = {}) =>
  resolveCostWindow({ codexHome: h.codexHome, quotabarHome: h.quotabarHome, timezone: 'UTC', since: '2026-11-01', until: '2026-11-30', ...extra }, NOW);

function keyOf(h: TestHomes, groupBy: CostGrouping | undefined = 'session', extra: { since?: string; timezone?: string } = {}): string | null {
  return reportSnapshotKey({ codexHome: h.codexHome, quotabarHome: h.quotabarHome, window: window(h, extra), groupBy, listing: statSessionFiles(h.codexHome) });
}

test('a scan leaves its report as the snapshot of its listing, and reading it back gives the same report', async () => {
  const h = home();
  const full = await computeCostReport({
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    timezone: 'UTC',
    since: '2026-11-01',
    until: '2026-11-30',
    groupBy: 'session',
    runIn: 'inline',
    now: new Date(NOW),
  });
  assert.equal(full.totals.inputTokens, 1500);
  const key = keyOf(h);
  assert.ok(key !== null);
  const snapshot = readReportSnapshot(h.quotabarHome, key, statSessionFiles(h.codexHome), performance.now());
  assert.ok(snapshot !== null);
  assert.deepEqual({ ...snapshot, scan: { ...snapshot.scan, ms: 0 } }, { ...full, scan: { ...full.scan, filesFromCache: 2, ms: 0 } });
});

test('a changed file, window, grouping or price override gives another key', () => {
  const h = home();
  const key = keyOf(h);
  assert.equal(keyOf(h), key, 'nothing changed');
  assert.notEqual(keyOf(h, 'day'), key, 'grouping');
  assert.notEqual(keyOf(h, 'session', { since: '2026-11-02' }), key, 'window');
  assert.notEqual(keyOf(h, 'session', { timezone: 'Europe/Berlin' }), key, 'zone');
  mkdirSync(h.quotabarHome, { recursive: true });
  writeFileSync(join(h.quotabarHome, 'model-prices.json'), '{"models":{}}');
  const withPrices = keyOf(h);
  assert.notEqual(withPrices, key, 'price overrides');
  const path = join(h.codexHome, 'sessions/2026/11/20/rollout-a.jsonl');
  appendText(path, `${tokenCount('2026-11-20T11:00:00.000Z', [2000, 200, 200, 10], [1000, 0, 100, 0])}\n`);
  const appended = keyOf(h);
  assert.notEqual(appended, withPrices, 'an appended file');
  utimesSync(path, new Date(NOW), new Date(NOW));
  assert.notEqual(keyOf(h), appended, 'a touched file');
  writeLog(h.codexHome, 'sessions/2026/11/22/rollout-c.jsonl', []);
  assert.notEqual(keyOf(h), appended, 'a new file');
});

test('a missing, damaged or foreign snapshot file is a miss, never an error', async () => {
  const h = home();
  const key = keyOf(h);
  assert.ok(key !== null);
  const listing = statSessionFiles(h.codexHome);
  assert.equal(readReportSnapshot(h.quotabarHome, key, listing, 0), null, 'missing');
  mkdirSync(join(h.quotabarHome, 'cache'), { recursive: true });
  for (const content of [
    '',
    '{"format":1,"key":',
    JSON.stringify({ format: 1, key, report: { hello: 'world' } }),
    JSON.stringify({ format: 99, key, report: {} }),
  ]) {
    writeFileSync(reportSnapshotPath(h.quotabarHome), content);
    assert.equal(readReportSnapshot(h.quotabarHome, key, listing, 0), null, content);
  }
});

test('--no-cache leaves no snapshot behind', async () => {
  const h = home();
  await computeCostReport({
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    timezone: 'UTC',
    since: '2026-11-01',
    until: '2026-11-30',
    noCache: true,
    runIn: 'inline',
    now: new Date(NOW),
  });
  assert.equal(existsSync(reportSnapshotPath(h.quotabarHome)), false);
});
