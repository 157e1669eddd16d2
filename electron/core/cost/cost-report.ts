import type { CostReport, CostScanStats, DailyUsage, ModelUsage, TokenTotals } from '../../../shared/cost-model.js';
import { dateKeyFormatter, type DayRange } from './day-range.js';
import { costUSD, ratesFor, type PriceTable, type Rates } from './price-table.js';
import { SLOT_MS, type BucketRow } from './usage-buckets.js';

// Turns counted usage into the CONTRACT §4 object: days in the chosen zone, sorted, empty days left out,
// one row per model, and a cost that is null (never 0) wherever a model has no price.

export interface ReportInput {
  bucketSets: Iterable<readonly BucketRow[]>;
  prices: PriceTable;
  range: DayRange;
  timeZone: string;
  scan: CostScanStats;
  notices: readonly string[];
}

interface Sum {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
  cost: number;
  unpriced: boolean;
}

const emptySum = (): Sum => ({ input: 0, cached: 0, output: 0, reasoning: 0, cost: 0, unpriced: false });

/** Rounds away float noise (0.30000000000000004) while keeping sub-cent precision. */
function roundUsd(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

function totalsOf(sum: Sum): TokenTotals {
  return {
    inputTokens: sum.input,
    cachedInputTokens: sum.cached,
    outputTokens: sum.output,
    reasoningOutputTokens: sum.reasoning,
    totalTokens: sum.input + sum.output,
    costUSD: sum.unpriced ? null : roundUsd(sum.cost),
  };
}

function addInto(target: Sum, source: Sum): void {
  target.input += source.input;
  target.cached += source.cached;
  target.output += source.output;
  target.reasoning += source.reasoning;
  target.cost += source.cost;
  target.unpriced ||= source.unpriced;
}

function byCostThenName(a: ModelUsage, b: ModelUsage): number {
  if (a.costUSD !== b.costUSD) {
    if (a.costUSD === null) return 1;
    if (b.costUSD === null) return -1;
    return b.costUSD - a.costUSD;
  }
  return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
}

export function buildCostReport(input: ReportInput): CostReport {
  const { range, prices } = input;
  const dayOf = dateKeyFormatter(input.timeZone);
  const dayBySlot = new Map<number, string>();
  const days = new Map<string, Map<string, Sum>>();
  const unpriced = new Set<string>();
  // Rates per model and tier, looked up once (models with dated price history are looked up per slot).
  const ratesMemo = new Map<string, [Rates | null, Rates | null] | 'dated'>();
  const ratesOf = (model: string, slot: number, long: boolean): Rates | null => {
    let memo = ratesMemo.get(model);
    if (memo === undefined) {
      const dated = (prices.models.get(model) ?? prices.models.get(prices.aliases.get(model) ?? ''))?.history.length ?? 0;
      memo = dated > 0 ? 'dated' : [ratesFor(prices, model, 0, false), ratesFor(prices, model, 0, true)];
      ratesMemo.set(model, memo);
    }
    if (memo === 'dated') return ratesFor(prices, model, slot * SLOT_MS, long);
    return memo[long ? 1 : 0];
  };

  for (const rows of input.bucketSets) {
    for (const [slot, model, long, tokensIn, cached, output, reasoning] of rows) {
      let day = dayBySlot.get(slot);
      if (day === undefined) {
        day = dayOf(slot * SLOT_MS);
        dayBySlot.set(slot, day);
      }
      if (day < range.since || day > range.until) continue;
      let models = days.get(day);
      if (models === undefined) {
        models = new Map();
        days.set(day, models);
      }
      let sum = models.get(model);
      if (sum === undefined) {
        sum = emptySum();
        models.set(model, sum);
      }
      sum.input += tokensIn;
      sum.cached += cached;
      sum.output += output;
      sum.reasoning += reasoning;
      const rates = ratesOf(model, slot, long === 1);
      if (rates === null) {
        sum.unpriced = true;
        unpriced.add(model);
      } else {
        sum.cost += costUSD(rates, tokensIn, cached, output);
      }
    }
  }

  const total = emptySum();
  const daily: DailyUsage[] = [...days.keys()]
    .sort()
    .flatMap((date) => {
      const models = days.get(date) ?? new Map<string, Sum>();
      const daySum = emptySum();
      const rows: ModelUsage[] = [];
      for (const [model, sum] of models) {
        if (sum.input === 0 && sum.output === 0) continue;
        addInto(daySum, sum);
        rows.push({ model, ...totalsOf(sum) });
      }
      if (rows.length === 0) return [];
      addInto(total, daySum);
      return [{ date, ...totalsOf(daySum), models: rows.sort(byCostThenName) }];
    });

  const report: CostReport = {
    schemaVersion: 1,
    timezone: input.timeZone,
    range: { since: range.since, until: range.until },
    daily,
    totals: totalsOf(total),
    unpricedModels: [...unpriced].filter((model) => daily.some((d) => d.models.some((m) => m.model === model))).sort(),
    scan: input.scan,
  };
  if (input.notices.length > 0) report.notices = [...input.notices];
  return report;
}
