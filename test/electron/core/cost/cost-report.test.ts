import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCostReport } from '../../../../electron/core/cost/cost-report.js';
import { bundledPriceTable } from '../../../../electron/core/cost/price-table.js';
import { SLOT_MS, type BucketRow } from '../../../../electron/core/cost/usage-buckets.js';

const slot = (iso: string) => Math.floor(Date.parse(iso) / SLOT_MS);
const scan = { files: 2, bytes: 10, filesFromCache: 0, ms: 1 };

test('days are sorted, empty ones omitted, and each has one row per model with its cost', () => {
  const rows: BucketRow[] = [
    [slot('2026-11-20T10:00:00Z'), 'gpt-5.5', 0, 1_000_000, 800_000, 10_000, 4_000],
    [slot('2026-11-18T10:00:00Z'), 'gpt-5.4', 0, 2_000_000, 0, 0, 0],
    [slot('2026-11-20T11:00:00Z'), 'gpt-5.4', 1, 400_000, 100_000, 1_000, 0],
    [slot('2026-11-20T11:00:00Z'), 'gpt-5.5', 0, 0, 0, 0, 0],
  ];
  const report = buildCostReport({ bucketSets: [rows], prices: bundledPriceTable(), range: { since: '2026-11-01', until: '2026-11-30' }, timeZone: 'UTC', scan, notices: [] });
  assert.deepEqual(
    report.daily.map((d) => d.date),
    ['2026-11-18', '2026-11-20'],
  );
  const day = report.daily[1];
  // gpt-5.5: 0.2 × 5 + 0.8 × 0.5 + 0.01 × 30 = 1.7
  // gpt-5.4 long context (400k > 272k): 0.3 × 5 + 0.1 × 0.5 + 0.001 × 22.5 = 1.5725
  assert.deepEqual(day?.models, [
    { model: 'gpt-5.5', inputTokens: 1_000_000, cachedInputTokens: 800_000, outputTokens: 10_000, reasoningOutputTokens: 4_000, totalTokens: 1_010_000, costUSD: 1.7 },
    { model: 'gpt-5.4', inputTokens: 400_000, cachedInputTokens: 100_000, outputTokens: 1_000, reasoningOutputTokens: 0, totalTokens: 401_000, costUSD: 1.5725 },
  ]);
  assert.equal(day?.costUSD, 3.2725);
  assert.equal(day?.totalTokens, 1_411_000);
  // 2,000,000 uncached at 2.5 = 5
  assert.equal(report.totals.costUSD, 8.2725);
  assert.equal(report.totals.inputTokens, 3_400_000);
  assert.deepEqual(report.unpricedModels, []);
  assert.equal(report.notices, undefined);
});

test('an unpriced model has a null cost, never 0, and makes its day and the total unknown too', () => {
  const rows: BucketRow[] = [
    [slot('2026-11-20T10:00:00Z'), 'acme-labs-preview', 0, 1000, 0, 10, 0],
    [slot('2026-11-20T10:00:00Z'), 'gpt-5.5', 0, 1_000_000, 0, 0, 0],
    [slot('2026-11-21T10:00:00Z'), 'gpt-5.5', 0, 1_000_000, 0, 0, 0],
  ];
  const report = buildCostReport({ bucketSets: [rows], prices: bundledPriceTable(), range: { since: '2026-11-20', until: '2026-11-21' }, timeZone: 'UTC', scan, notices: ['n'] });
  assert.deepEqual(report.unpricedModels, ['acme-labs-preview']);
  assert.deepEqual(
    report.daily.map((d) => d.costUSD),
    [null, 5],
  );
  assert.equal(report.daily[0]?.models.find((m) => m.model === 'acme-labs-preview')?.costUSD, null);
  assert.equal(report.daily[0]?.models.find((m) => m.model === 'gpt-5.5')?.costUSD, 5);
  assert.equal(report.totals.costUSD, null);
  assert.deepEqual(report.notices, ['n']);
});

test('usage outside the window, or in another zone\'s day, lands where its own time says', () => {
  const rows: BucketRow[] = [[slot('2026-11-20T23:30:00Z'), 'gpt-5.5', 0, 100, 0, 0, 0]];
  const inBerlin = buildCostReport({ bucketSets: [rows], prices: bundledPriceTable(), range: { since: '2026-11-21', until: '2026-11-21' }, timeZone: 'Europe/Berlin', scan, notices: [] });
  assert.deepEqual(inBerlin.daily.map((d) => d.date), ['2026-11-21']);
  const inUtc = buildCostReport({ bucketSets: [rows], prices: bundledPriceTable(), range: { since: '2026-11-21', until: '2026-11-21' }, timeZone: 'UTC', scan, notices: [] });
  assert.deepEqual(inUtc.daily, []);
  assert.equal(inUtc.totals.costUSD, 0);
});
