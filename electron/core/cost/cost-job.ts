import { relative, sep } from 'node:path';
import { COST_GROUPINGS, type CostGrouping, type CostReport } from '../../../shared/cost-model.js';
import type { Logger } from '../util/logger.js';
import { scanCodexHome } from './codex-home-scan.js';
import { CostCache, costCachePath } from './cost-cache.js';
import { buildCostReport } from './cost-report.js';
import { canonicalTimeZone, isValidDate, localTimeZone, rangeStartBoundMs, resolveDayRange } from './day-range.js';
import { loadPriceTable } from './price-table.js';
import type { ScanOptions } from './rollout-line-scanner.js';
import { stopScanHelper } from './scan-helper-client.js';

// One cost computation, start to finish, on the calling thread (the worker's, normally). Its options are
// plain data so they can cross a thread boundary.

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
  /** A grouping to add beside `daily` (CONTRACT §4 `--by`). */
  groupBy?: CostGrouping;
}

export interface CostJobOptions extends CostWindowOptions {
  nowMs: number;
  /** Tests use small buffers to exercise lines that span reads. */
  scanOptions?: ScanOptions;
}

/** Options that cannot describe a window (bad date, zone or day count). */
export class CostOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostOptionsError';
  }
}

// One open cache per file for the life of the thread: a refresh then reuses what it already knows.
const openCaches = new Map<string, CostCache>();

/** Closes the caches this thread opened and stops its scan helper thread. */
export async function closeCostResources(): Promise<void> {
  for (const cache of openCaches.values()) cache.close();
  openCaches.clear();
  await stopScanHelper();
}

function cacheFor(quotabarHome: string, logger: Logger): { cache: CostCache | null; notice: string | null } {
  const path = costCachePath(quotabarHome);
  const open = openCaches.get(path);
  if (open !== undefined) return { cache: open, notice: null };
  const result = CostCache.open(path, { logger });
  if (result.cache !== null) openCaches.set(path, result.cache);
  return result;
}

function forgetCache(quotabarHome: string): void {
  const path = costCachePath(quotabarHome);
  openCaches.get(path)?.close();
  openCaches.delete(path);
}

export function validateCostOptions(options: Pick<CostJobOptions, 'days' | 'since' | 'until' | 'timezone' | 'groupBy'>): void {
  if (options.groupBy !== undefined && !COST_GROUPINGS.includes(options.groupBy)) {
    throw new CostOptionsError(`--by takes one of ${COST_GROUPINGS.join(', ')}, not "${String(options.groupBy)}".`);
  }
  if (options.days !== undefined && (!Number.isInteger(options.days) || options.days < 1)) {
    throw new CostOptionsError(`--days takes a whole number of days of at least 1, not "${options.days}".`);
  }
  for (const [flag, value] of [['--since', options.since], ['--until', options.until]] as const) {
    if (value !== undefined && !isValidDate(value)) throw new CostOptionsError(`${flag} takes a date written YYYY-MM-DD, not "${value}".`);
  }
  if (options.since !== undefined && options.until !== undefined && options.since > options.until) {
    throw new CostOptionsError(`--since ${options.since} is after --until ${options.until}.`);
  }
  if (options.timezone !== undefined && canonicalTimeZone(options.timezone) === null) {
    throw new CostOptionsError(`--timezone takes an IANA time zone such as Europe/Berlin, not "${options.timezone}".`);
  }
}

export async function runCostJob(options: CostJobOptions, logger: Logger): Promise<CostReport> {
  const started = performance.now();
  validateCostOptions(options);
  const timeZone = options.timezone === undefined ? localTimeZone() : (canonicalTimeZone(options.timezone) ?? 'UTC');
  const range = resolveDayRange({
    timeZone,
    now: new Date(options.nowMs),
    ...(options.days === undefined ? {} : { days: options.days }),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
  });
  if (range.since > range.until) throw new CostOptionsError(`The window starts (${range.since}) after it ends (${range.until}).`);

  const notices: string[] = [];
  const { table, notices: priceNotices } = loadPriceTable(options.quotabarHome);
  notices.push(...priceNotices);

  let cache: CostCache | null = null;
  if (options.noCache !== true) {
    const opened = cacheFor(options.quotabarHome, logger);
    cache = opened.cache;
    if (opened.notice !== null) notices.push(opened.notice);
  }

  const startBound = rangeStartBoundMs(range);
  const scan = await scanCodexHome({
    codexHome: options.codexHome,
    cache,
    skipFilesOlderThanMs: startBound,
    logger,
    ...(options.scanOptions === undefined ? {} : { scanOptions: options.scanOptions }),
  });
  if (scan.cacheDamaged) forgetCache(options.quotabarHome);
  notices.push(...scan.notices);
  if (scan.stats.files === 0 && scan.notices.length === 0) notices.push(`No Codex session files found under ${options.codexHome}.`);
  logger.debug(
    `cost scan: ${scan.stats.files} files, ${scan.stats.filesFromCache} from cache, ${scan.stats.filesRead} read (${scan.stats.bytesRead} bytes)`,
  );

  return buildCostReport({
    sessions: scan.entries
      .filter((e) => e.lastEventMs !== null && e.lastEventMs >= startBound)
      .map((e) => ({
        sessionId: e.sessionId,
        file: relative(options.codexHome, e.path).split(sep).join('/'),
        cwd: e.state.cwd,
        buckets: e.buckets,
      })),
    ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
    prices: table,
    range,
    timeZone,
    scan: {
      files: scan.stats.files,
      bytes: scan.stats.bytes,
      filesFromCache: scan.stats.filesFromCache,
      ms: Math.round(performance.now() - started),
    },
    notices,
  });
}
