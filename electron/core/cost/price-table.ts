import { join } from 'node:path';
import bundledPrices from './model-prices.json' with { type: 'json' };
import { isBoundedFileError, readBoundedFileSync } from '../util/bounded-file.js';

// Prices are data: the bundled model-prices.json beside this file, merged with the user's own
// `<QuotaBar home>/model-prices.json` (same shape; its models and aliases win). A model with no price stays
// unpriced; it is never treated as free.

export const PRICE_OVERRIDE_FILE = 'model-prices.json';

/** USD per million tokens. */
export interface Rates {
  input: number;
  cachedInput: number;
  output: number;
}

export interface ModelPrice extends Rates {
  longContext: Rates | null;
  /** Earlier rates, each valid before its date (UTC), oldest first. */
  history: Array<Rates & { before: string; longContext: Rates | null }>;
}

export interface PriceTable {
  models: ReadonlyMap<string, ModelPrice>;
  aliases: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** { input, cachedInput?, output } in USD per million; a missing cached rate means no caching discount. */
function parseRates(value: unknown, where: string): Rates | string {
  const o = asObject(value);
  if (o === null) return `${where} is not an object`;
  const rate = (key: string, optional: boolean): number | string | undefined => {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : `${where}.${key} is not a price (a number of USD per million tokens)`;
  };
  const input = rate('input', false);
  const cachedInput = rate('cachedInput', true);
  const output = rate('output', false);
  for (const r of [input, cachedInput, output]) if (typeof r === 'string') return r;
  return { input: input as number, cachedInput: (cachedInput ?? input) as number, output: output as number };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseModelPrice(value: unknown): ModelPrice | string {
  const base = parseRates(value, 'the price');
  if (typeof base === 'string') return base;
  const o = asObject(value) ?? {};
  let longContext: Rates | null = null;
  if (o.longContext !== undefined) {
    const parsed = parseRates(o.longContext, 'longContext');
    if (typeof parsed === 'string') return parsed;
    longContext = parsed;
  }
  const history: ModelPrice['history'] = [];
  if (o.history !== undefined) {
    if (!Array.isArray(o.history)) return 'history is not a list';
    for (const [i, entry] of o.history.entries()) {
      const rates = parseRates(entry, `history[${i}]`);
      if (typeof rates === 'string') return rates;
      const e = asObject(entry) ?? {};
      if (typeof e.before !== 'string' || !DAY.test(e.before)) return `history[${i}].before is not a YYYY-MM-DD date`;
      let long: Rates | null = null;
      if (e.longContext !== undefined) {
        const parsed = parseRates(e.longContext, `history[${i}].longContext`);
        if (typeof parsed === 'string') return parsed;
        long = parsed;
      }
      history.push({ ...rates, before: e.before, longContext: long });
    }
  }
  history.sort((a, b) => a.before.localeCompare(b.before));
  return { ...base, longContext, history };
}

/** Reads a price file's shape leniently: a bad model entry is dropped (and reported), the rest kept. */
export function parsePriceFile(value: unknown, label: string): { models: Map<string, ModelPrice>; aliases: Map<string, string>; problems: string[] } {
  const models = new Map<string, ModelPrice>();
  const aliases = new Map<string, string>();
  const problems: string[] = [];
  const root = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (root === null) return { models, aliases, problems: [`${label} is not a JSON object`] };
  const rawModels = root.models;
  if (rawModels !== undefined) {
    if (typeof rawModels !== 'object' || rawModels === null || Array.isArray(rawModels)) {
      problems.push(`${label}: "models" is not an object`);
    } else {
      for (const [name, entry] of Object.entries(rawModels)) {
        const parsed = parseModelPrice(entry);
        if (typeof parsed === 'string') problems.push(`${label}: the price of "${name}" is not valid (${parsed})`);
        else models.set(name.toLowerCase(), parsed);
      }
    }
  }
  const rawAliases = root.aliases;
  if (rawAliases !== undefined) {
    if (typeof rawAliases !== 'object' || rawAliases === null || Array.isArray(rawAliases)) {
      problems.push(`${label}: "aliases" is not an object`);
    } else {
      for (const [from, to] of Object.entries(rawAliases)) {
        if (typeof to === 'string' && to !== '') aliases.set(from.toLowerCase(), to.toLowerCase());
        else problems.push(`${label}: the alias "${from}" does not name a model`);
      }
    }
  }
  return { models, aliases, problems };
}

export function bundledPriceTable(): PriceTable {
  const { models, aliases } = parsePriceFile(bundledPrices, 'bundled prices');
  return { models, aliases };
}

/** The bundled table with the user's override file laid over it. Problems become notices, never failures. */
export function loadPriceTable(quotabarHome: string): { table: PriceTable; notices: string[] } {
  const bundled = bundledPriceTable();
  const path = join(quotabarHome, PRICE_OVERRIDE_FILE);
  let text: string;
  try {
    text = readBoundedFileSync(path);
  } catch (error) {
    if (!isBoundedFileError(error)) throw error;
    if (error.problem === 'missing') return { table: bundled, notices: [] };
    const why = error.problem === 'unreadable' ? (error.errno ?? 'error') : `it ${error.detail}`;
    return { table: bundled, notices: [`Price overrides in ${path} could not be read (${why}); using the bundled prices.`] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { table: bundled, notices: [`Price overrides in ${path} are not valid JSON; using the bundled prices.`] };
  }
  const override = parsePriceFile(value, path);
  return {
    table: {
      models: new Map([...bundled.models, ...override.models]),
      aliases: new Map([...bundled.aliases, ...override.aliases]),
    },
    notices: override.problems,
  };
}

/** The rates for a model at a moment (history and aliases applied), or null when the model has no price. */
export function ratesFor(table: PriceTable, model: string, atMs: number, longContext: boolean): Rates | null {
  const price = table.models.get(model) ?? table.models.get(table.aliases.get(model) ?? '');
  if (price === undefined) return null;
  let period: Rates & { longContext: Rates | null } = price;
  if (price.history.length > 0) {
    const day = new Date(atMs).toISOString().slice(0, 10);
    period = price.history.find((h) => day < h.before) ?? price;
  }
  const r = longContext && period.longContext !== null ? period.longContext : period;
  return { input: r.input, cachedInput: r.cachedInput, output: r.output };
}

/** interface §4: (input − cached) × input + cached × cached input + output × output, per million tokens. */
export function costUSD(r: Rates, input: number, cached: number, output: number): number {
  return ((input - cached) * r.input + cached * r.cachedInput + output * r.output) / 1_000_000;
}
