import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledPriceTable, costUSD, loadPriceTable, ratesFor, PRICE_OVERRIDE_FILE } from '../../../../electron/core/cost/price-table.js';
import { testHomes } from './rollout-log.js';
import { makeFifo } from '../../../helpers/fifo.js';

const homes = testHomes('quotabar-prices-');
after(() => homes.cleanup());
const NOV = Date.parse('2026-11-20T12:00:00Z');

test('the bundled table holds the reference prices, long-context rates included', () => {
  const table = bundledPriceTable();
  assert.deepEqual(ratesFor(table, 'gpt-5.5', NOV, false), { input: 5, cachedInput: 0.5, output: 30 });
  assert.deepEqual(ratesFor(table, 'gpt-5.5', NOV, true), { input: 10, cachedInput: 1, output: 45 });
  assert.deepEqual(ratesFor(table, 'gpt-5.4', NOV, true), { input: 5, cachedInput: 0.5, output: 22.5 });
  assert.deepEqual(ratesFor(table, 'gpt-5.1-codex-max', NOV, false), { input: 1.25, cachedInput: 0.125, output: 10 });
  assert.deepEqual(ratesFor(table, 'gpt-5.3-codex', NOV, false), { input: 1.75, cachedInput: 0.175, output: 14 });
  // No long-context rate: the normal one applies to a long request too.
  assert.deepEqual(ratesFor(table, 'gpt-5.4-mini', NOV, true), { input: 0.75, cachedInput: 0.075, output: 4.5 });
  // "cached = input" in the reference: no caching discount.
  assert.deepEqual(ratesFor(table, 'gpt-5-pro', NOV, false), { input: 15, cachedInput: 15, output: 120 });
});

test('a price that changed applies by the date of the event, and aliases resolve', () => {
  const table = bundledPriceTable();
  assert.deepEqual(ratesFor(table, 'gpt-5.6-terra', Date.parse('2026-07-29T23:00:00Z'), false), { input: 2.5, cachedInput: 0.25, output: 15 });
  assert.deepEqual(ratesFor(table, 'gpt-5.6-terra', Date.parse('2026-07-30T00:00:00Z'), false), { input: 2, cachedInput: 0.2, output: 12 });
  assert.deepEqual(ratesFor(table, 'gpt-5.6', NOV, false), ratesFor(table, 'gpt-5.6-sol', NOV, false));
  assert.equal(ratesFor(table, 'acme-labs-preview', NOV, false), null);
});

test('cost is uncached input, cached input and output at their own rates, per million', () => {
  // 1,000,000 in of which 800,000 cached, 10,000 out at gpt-5.5: 0.2 × 5 + 0.8 × 0.5 + 0.01 × 30 = 1.7
  assert.equal(Number(costUSD({ input: 5, cachedInput: 0.5, output: 30 }, 1_000_000, 800_000, 10_000).toFixed(10)), 1.7);
});

test('a user override adds and replaces prices; a bad entry is reported and skipped', () => {
  mkdirSync(homes.quotabarHome, { recursive: true });
  writeFileSync(
    join(homes.quotabarHome, PRICE_OVERRIDE_FILE),
    JSON.stringify({
      models: { 'acme-labs-preview': { input: 1, output: 2 }, 'gpt-5.5': { input: 4, cachedInput: 0.4, output: 20 }, broken: { input: 'cheap' } },
    }),
  );
  const { table, notices } = loadPriceTable(homes.quotabarHome);
  assert.deepEqual(ratesFor(table, 'acme-labs-preview', NOV, false), { input: 1, cachedInput: 1, output: 2 });
  assert.deepEqual(ratesFor(table, 'gpt-5.5', NOV, false), { input: 4, cachedInput: 0.4, output: 20 });
  assert.deepEqual(ratesFor(table, 'gpt-5.4', NOV, false), { input: 2.5, cachedInput: 0.25, output: 15 });
  assert.equal(notices.length, 1);
  assert.match(notices[0] ?? '', /"broken"/);
});

test('an override file that is not JSON leaves the bundled prices in place, with a notice', () => {
  const dir = join(homes.dir, 'bad');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, PRICE_OVERRIDE_FILE), '{ not json');
  const { table, notices } = loadPriceTable(dir);
  assert.deepEqual(ratesFor(table, 'gpt-5.5', NOV, false), { input: 5, cachedInput: 0.5, output: 30 });
  assert.match(notices[0] ?? '', /not valid JSON/);
  assert.deepEqual(loadPriceTable(join(homes.dir, 'absent')).notices, []);
});

test('a FIFO as the override file is refused at once, with a notice, and the bundled prices stay', (t) => {
  const dir = join(homes.dir, 'fifo');
  mkdirSync(dir, { recursive: true });
  t.after(makeFifo(join(dir, PRICE_OVERRIDE_FILE)).dispose);
  const { table, notices } = loadPriceTable(dir);
  assert.deepEqual(ratesFor(table, 'gpt-5.5', NOV, false), { input: 5, cachedInput: 0.5, output: 30 });
  assert.match(notices[0] ?? '', /could not be read \(it is a FIFO \(named pipe\), not a regular file\); using the bundled prices/);
});
