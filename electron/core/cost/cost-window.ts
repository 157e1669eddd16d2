import { COST_GROUPINGS, type CostGrouping } from '../../../shared/cost-model.js';
import { canonicalTimeZone, isValidDate, localTimeZone, rangeStartBoundMs, resolveDayRange, type DayRange } from './day-range.js';

// The window of days a cost report covers, checked and resolved once for every way a report is made.

/** The window of days a cost report covers; shared by the service's options and the job's. */
export interface CostWindowOptions {
  codexHome: string;
  quotabarHome: string;
  /** The last N days including today (default 30), unless since/until say otherwise. */
  days?: number;
  /** YYYY-MM-DD, inclusive. */
  since?: string;
  /** YYYY-MM-DD, inclusive; default today in the zone. */
  until?: string;
  /** IANA zone for day boundaries; default the local zone. */
  timezone?: string;
  /** Ignore the scan cache: read every file, write nothing. */
  noCache?: boolean;
  /** A grouping to add beside `daily` (interface §4 `--by`). */
  groupBy?: CostGrouping;
}

/** Options that cannot describe a window (bad date, zone or day count). */
export class CostOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostOptionsError';
  }
}

export function validateCostOptions(options: Pick<CostWindowOptions, 'days' | 'since' | 'until' | 'timezone' | 'groupBy'>): void {
  if (options.groupBy !== undefined && !COST_GROUPINGS.includes(options.groupBy)) {
    throw new CostOptionsError(`--by takes one of ${COST_GROUPINGS.join(', ')}, not "${String(options.groupBy)}".`);
  }
  if (options.days !== undefined && (!Number.isInteger(options.days) || options.days < 1)) {
    throw new CostOptionsError(`--days takes a whole number of days of at least 1, not "${options.days}".`);
  }
  for (const [flag, value] of [
    ['--since', options.since],
    ['--until', options.until],
  ] as const) {
    if (value !== undefined && !isValidDate(value)) throw new CostOptionsError(`${flag} takes a date written YYYY-MM-DD, not "${value}".`);
  }
  if (options.since !== undefined && options.until !== undefined && options.since > options.until) {
    throw new CostOptionsError(`--since ${options.since} is after --until ${options.until}.`);
  }
  if (options.timezone !== undefined && canonicalTimeZone(options.timezone) === null) {
    throw new CostOptionsError(`--timezone takes an IANA time zone such as Europe/Berlin, not "${options.timezone}".`);
  }
}

export interface ResolvedWindow {
  timeZone: string;
  range: DayRange;
  /** No event before this time can fall in the range, whatever the zone. */
  startBoundMs: number;
}

/** Validates the options and resolves their days at `nowMs`; throws CostOptionsError. */
export function resolveCostWindow(options: CostWindowOptions, nowMs: number): ResolvedWindow {
  validateCostOptions(options);
  const timeZone = options.timezone === undefined ? localTimeZone() : (canonicalTimeZone(options.timezone) ?? 'UTC');
  const range = resolveDayRange({
    timeZone,
    now: new Date(nowMs),
    ...(options.days === undefined ? {} : { days: options.days }),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
  });
  if (range.since > range.until) throw new CostOptionsError(`The window starts (${range.since}) after it ends (${range.until}).`);
  return { timeZone, range, startBoundMs: rangeStartBoundMs(range) };
}
