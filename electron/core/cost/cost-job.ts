import type { CostReport } from '../../../shared/cost-model.js';
import type { Logger } from '../util/logger.js';
import { scanCodexHome } from './codex-home-scan.js';
import type { CostCache } from './cost-cache.js';
import { cacheFor, closeOpenCaches, forgetCache } from './cost-cache-pool.js';
import { buildCostReport, reportSessions } from './cost-report.js';
import { reportSnapshotKey, saveReportSnapshot } from './cost-report-snapshot.js';
import { resolveCostWindow, type CostWindowOptions } from './cost-window.js';
import { loadPriceTable } from './price-table.js';
import type { ScanOptions } from './rollout-line-scanner.js';
import { stopScanHelper } from './scan-helper-client.js';
import type { StattedListing } from './session-file-stats.js';

export { CostOptionsError, validateCostOptions, type CostWindowOptions } from './cost-window.js';

// One cost computation, start to finish, on the calling thread (the worker's, normally). Its options are
// plain data so they can cross a thread boundary.

export interface CostJobOptions extends CostWindowOptions {
  nowMs: number;
  /** Tests use small buffers to exercise lines that span reads. */
  scanOptions?: ScanOptions;
  /** The home's files, when this run has already listed and statted them. */
  listing?: StattedListing;
  /**
   * The process's only run (the command line): the scan helper thread is let go as soon as the files are read,
   * so it winds down while the cache is saved and the report is made, instead of after.
   */
  oneOff?: boolean;
}

/** Closes the caches this thread opened and stops its scan helper thread. */
export async function closeCostResources(): Promise<void> {
  closeOpenCaches();
  await stopScanHelper();
}

export async function runCostJob(options: CostJobOptions, logger: Logger): Promise<CostReport> {
  const started = performance.now();
  const window = resolveCostWindow(options, options.nowMs);
  const { timeZone, range, startBoundMs: startBound } = window;

  const notices: string[] = [];
  const { table, notices: priceNotices } = loadPriceTable(options.quotabarHome);
  notices.push(...priceNotices);

  let cache: CostCache | null = null;
  let cacheNotice = false;
  if (options.noCache !== true) {
    const opened = cacheFor(options.quotabarHome, logger);
    cache = opened.cache;
    if (opened.notice !== null) notices.push(opened.notice);
    cacheNotice = opened.notice !== null;
  }

  const scan = await scanCodexHome({
    codexHome: options.codexHome,
    cache,
    skipFilesOlderThanMs: startBound,
    logger,
    ...(options.scanOptions === undefined ? {} : { scanOptions: options.scanOptions }),
    ...(options.listing === undefined ? {} : { listing: options.listing }),
  });
  const helperStopped = options.oneOff === true ? stopScanHelper() : Promise.resolve();
  if (scan.cacheDamaged) forgetCache(options.quotabarHome);
  notices.push(...scan.notices);
  if (scan.stats.files === 0 && scan.notices.length === 0) notices.push(`No Codex session files found under ${options.codexHome}.`);
  logger.debug(`cost scan: ${scan.stats.files} files, ${scan.stats.filesFromCache} from cache, ${scan.stats.filesRead} read (${scan.stats.bytesRead} bytes)`);

  const report = buildCostReport({
    sessions: reportSessions(scan.entries, options.codexHome, startBound),
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
  // What the cache now holds in full is remembered as the report of this listing, for the next command line.
  if (cache !== null && !cacheNotice && scan.settled) {
    const key = reportSnapshotKey({
      codexHome: options.codexHome,
      quotabarHome: options.quotabarHome,
      window,
      groupBy: options.groupBy,
      listing: scan.listing,
    });
    if (key !== null) saveReportSnapshot(options.quotabarHome, key, report);
  }
  logger.debug(`cost: report built and its snapshot saved (${Math.round(performance.now() - started)} ms)`);
  await helperStopped;
  return report;
}
