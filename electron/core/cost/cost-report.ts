import type {
  CostGrouping,
  CostReport,
  CostScanStats,
  DailyUsage,
  ModelUsage,
  MonthlyUsage,
  ProjectUsage,
  SessionUsage,
  TokenTotals,
} from '../../../shared/cost-model.js';
import { relative, resolve, sep } from 'node:path';
import type { CachedFile } from './cost-cache.js';
import { dateKeyFormatter, type DayRange } from './day-range.js';
import { costUSD, ratesFor, type PriceTable, type Rates } from './price-table.js';
import { SLOT_MS, type BucketRow } from './usage-buckets.js';

// Turns counted usage into the interface §4 object: days in the chosen zone, sorted, empty days left out,
// one row per model, and a cost that is null (never 0) wherever a model has no price. With `groupBy`, the same
// usage is also summed per month, session or project, from the same rows, so every grouping adds up to the
// same totals.

/** One session file's counted usage and what the groupings need to know about it. */
export interface ReportSession {
  sessionId: string | null;
  /** Relative to the Codex home. */
  file: string;
  cwd: string | null;
  buckets: readonly BucketRow[];
}

/** The scanned files that can hold usage in the window, as the report's sessions. */
export function reportSessions(entries: readonly CachedFile[], codexHome: string, startBoundMs: number): ReportSession[] {
  // Every path was listed under the home, so the relative path is its tail: relative() resolves both sides
  // for each of thousands of files.
  const home = resolve(codexHome);
  const prefix = home.endsWith(sep) ? home : `${home}${sep}`;
  const toRelative = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : relative(home, path));
  return entries
    .filter((e) => e.lastEventMs !== null && e.lastEventMs >= startBoundMs)
    .map((e) => ({
      sessionId: e.sessionId,
      file: sep === '/' ? toRelative(e.path) : toRelative(e.path).split(sep).join('/'),
      cwd: e.state.cwd,
      buckets: e.buckets,
    }));
}

export interface ReportInput {
  sessions: Iterable<ReportSession>;
  prices: PriceTable;
  range: DayRange;
  timeZone: string;
  scan: CostScanStats;
  notices: readonly string[];
  /** The grouping to add beside `daily` (`day`, the default, adds nothing). */
  groupBy?: CostGrouping;
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

/** Costs first (unknown last), then by name. */
function byCost<T extends { costUSD: number | null }>(name: (item: T) => string | null) {
  return (a: T, b: T): number => {
    if (a.costUSD !== b.costUSD) {
      if (a.costUSD === null) return 1;
      if (b.costUSD === null) return -1;
      return b.costUSD - a.costUSD;
    }
    const [x, y] = [name(a), name(b)];
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  };
}
const byCostThenModel = byCost<ModelUsage>((m) => m.model);

/** Usage per model within one group (a day, a month, a session, a project). */
class Group {
  readonly models = new Map<string, Sum>();
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  readonly sessions = new Set<number>();

  add(model: string, row: BucketRow, cost: number | null): void {
    let sum = this.models.get(model);
    if (sum === undefined) {
      sum = emptySum();
      this.models.set(model, sum);
    }
    sum.input += row[3];
    sum.cached += row[4];
    sum.output += row[5];
    sum.reasoning += row[6];
    if (cost === null) sum.unpriced = true;
    else sum.cost += cost;
    if (row[3] === 0 && row[5] === 0) return;
    if (row[7] < this.firstMs) this.firstMs = row[7];
    if (row[8] > this.lastMs) this.lastMs = row[8];
  }

  /** The group's totals and model rows, or null when it counted nothing. */
  summary(): { sum: Sum; totals: TokenTotals; models: ModelUsage[] } | null {
    const sum = emptySum();
    const models: ModelUsage[] = [];
    for (const [model, modelSum] of this.models) {
      if (modelSum.input === 0 && modelSum.output === 0) continue;
      addInto(sum, modelSum);
      models.push({ model, ...totalsOf(modelSum) });
    }
    if (models.length === 0) return null;
    return { sum, totals: totalsOf(sum), models: models.sort(byCostThenModel) };
  }
}

function groupOf<K>(groups: Map<K, Group>, key: K): Group {
  let group = groups.get(key);
  if (group === undefined) {
    group = new Group();
    groups.set(key, group);
  }
  return group;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildCostReport(input: ReportInput): CostReport {
  const { range, prices } = input;
  const groupBy = input.groupBy ?? 'day';
  const dayOf = dateKeyFormatter(input.timeZone);
  const dayBySlot = new Map<number, string>();
  const days = new Map<string, Group>();
  /** The grouping beside `daily`, keyed by month, session index or cwd. */
  const extra = new Map<string | number | null, Group>();
  const sessionList: ReportSession[] = [];
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

  for (const session of input.sessions) {
    const index = sessionList.length;
    sessionList.push(session);
    for (const row of session.buckets) {
      const [slot, model, long, tokensIn, cached, output] = row;
      let day = dayBySlot.get(slot);
      if (day === undefined) {
        day = dayOf(slot * SLOT_MS);
        dayBySlot.set(slot, day);
      }
      if (day < range.since || day > range.until) continue;
      const rates = ratesOf(model, slot, long === 1);
      if (rates === null) unpriced.add(model);
      const cost = rates === null ? null : costUSD(rates, tokensIn, cached, output);
      groupOf(days, day).add(model, row, cost);
      if (groupBy === 'day') continue;
      const key = groupBy === 'month' ? day.slice(0, 7) : groupBy === 'session' ? index : session.cwd;
      const group = groupOf(extra, key);
      group.add(model, row, cost);
      if (tokensIn > 0 || output > 0) group.sessions.add(index);
    }
  }

  const total = emptySum();
  const daily: DailyUsage[] = [...days.keys()].sort().flatMap((date) => {
    const summary = days.get(date)?.summary() ?? null;
    if (summary === null) return [];
    addInto(total, summary.sum);
    return [{ date, ...summary.totals, models: summary.models }];
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
  if (groupBy === 'month') report.monthly = monthly(extra as Map<string, Group>);
  if (groupBy === 'session') report.sessions = sessions(extra as Map<number, Group>, sessionList);
  if (groupBy === 'project') report.projects = projects(extra as Map<string | null, Group>);
  if (input.notices.length > 0) report.notices = [...input.notices];
  return placeGroupingBesideDaily(report);
}

function monthly(groups: Map<string, Group>): MonthlyUsage[] {
  return [...groups.keys()].sort().flatMap((month) => {
    const summary = groups.get(month)?.summary() ?? null;
    return summary === null ? [] : [{ month, ...summary.totals, models: summary.models }];
  });
}

function sessions(groups: Map<number, Group>, list: readonly ReportSession[]): SessionUsage[] {
  const out: Array<SessionUsage & { firstMs: number }> = [];
  for (const [index, group] of groups) {
    const summary = group.summary();
    const session = list[index];
    if (summary === null || session === undefined) continue;
    out.push({
      sessionId: session.sessionId,
      file: session.file,
      cwd: session.cwd,
      firstAt: iso(group.firstMs),
      lastAt: iso(group.lastMs),
      ...summary.totals,
      models: summary.models,
      firstMs: group.firstMs,
    });
  }
  out.sort((a, b) => a.firstMs - b.firstMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return out.map(({ firstMs: _, ...session }) => session);
}

function projects(groups: Map<string | null, Group>): ProjectUsage[] {
  const out: ProjectUsage[] = [];
  for (const [cwd, group] of groups) {
    const summary = group.summary();
    if (summary === null) continue;
    out.push({ cwd, sessions: group.sessions.size, ...summary.totals, models: summary.models });
  }
  return out.sort(byCost<ProjectUsage>((p) => p.cwd));
}

/** Puts the added grouping right after `daily` in the printed JSON, where a reader looks for it. */
function placeGroupingBesideDaily(report: CostReport): CostReport {
  const { schemaVersion, timezone, range, daily, monthly: m, sessions: s, projects: p, ...rest } = report;
  return {
    schemaVersion,
    timezone,
    range,
    daily,
    ...(m === undefined ? {} : { monthly: m }),
    ...(s === undefined ? {} : { sessions: s }),
    ...(p === undefined ? {} : { projects: p }),
    ...rest,
  };
}
