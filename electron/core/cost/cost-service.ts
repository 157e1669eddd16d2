import type { CostReport } from '../../../shared/cost-model.js';
import { silentLogger, type Logger } from '../util/logger.js';
import type * as CachedCostReport from './cached-cost-report.js';
import type { CostJobOptions } from './cost-job.js';
import { readReportSnapshot, reportSnapshotKey } from './cost-report-snapshot.js';
import { resolveCostWindow, type CostWindowOptions } from './cost-window.js';
import type * as CostWorkerRunner from './cost-worker-runner.js';
import type { CostRunMode } from './cost-worker-runner.js';
import { statSessionFiles } from './session-file-stats.js';

export { CostOptionsError } from './cost-window.js';

export interface CostReportOptions extends CostWindowOptions {
  now?: Date;
  logger?: Logger;
  /** 'worker' (default) scans on a background thread; 'inline' on the calling one. */
  runIn?: CostRunMode;
  /** The process's only report (the command line): threads are let go as soon as the scan is done. */
  oneOff?: boolean;
}

// Each step of an inline run loads only what it needs: the report snapshot needs a listing and a hash; the
// cache (SQLite) is loaded when the snapshot does not match; the scanner (its modules, its worker and helper
// threads) only when a file has to be read.
let cachedReport: typeof CachedCostReport | null = null;
let runner: typeof CostWorkerRunner | null = null;
async function loadRunner(): Promise<typeof CostWorkerRunner> {
  runner ??= await import('./cost-worker-runner.js');
  return runner;
}

/**
 * interface §4: what the Codex sessions under `codexHome` would have cost at API prices, day by day and model
 * by model. The scan runs on a worker thread and is incremental through a cache in `quotabarHome`. Run inline
 * with nothing changed since the last scan, the report comes from the cache alone, without the scanner. Rejects
 * with CostOptionsError for a window that cannot be read (bad date, zone or day count); unreadable or odd
 * session files never make it fail, they become notices.
 */
export async function computeCostReport(options: CostReportOptions): Promise<CostReport> {
  const logger = options.logger ?? silentLogger;
  const runIn = options.runIn ?? 'worker';
  const job: CostJobOptions = {
    codexHome: options.codexHome,
    quotabarHome: options.quotabarHome,
    nowMs: (options.now ?? new Date()).getTime(),
    ...(options.days === undefined ? {} : { days: options.days }),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(options.noCache === undefined ? {} : { noCache: options.noCache }),
    ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
    ...(options.oneOff === true ? { oneOff: true } : {}),
  };
  // Once the scanner is in use, its queue orders every job; before that, nothing can be writing the cache here.
  if (runIn === 'inline' && runner === null) {
    const started = performance.now();
    const listing = statSessionFiles(job.codexHome);
    if (job.noCache !== true) {
      const window = resolveCostWindow(job, job.nowMs);
      const key = reportSnapshotKey({ codexHome: job.codexHome, quotabarHome: job.quotabarHome, window, groupBy: job.groupBy, listing });
      const snapshot = key === null ? null : readReportSnapshot(job.quotabarHome, key, listing, started);
      logger.debug(
        `cost: ${listing.stats.length} files statted, report snapshot ${snapshot === null ? 'missed' : 'matched'} (${Math.round(performance.now() - started)} ms)`,
      );
      if (snapshot !== null) return snapshot;
    }
    cachedReport ??= await import('./cached-cost-report.js');
    const warm = cachedReport.reportFromCache({ ...job, listing }, logger);
    if (warm.report !== null) return warm.report;
    // A large read: the helper thread starts now, while the scanner's modules load and the cache is read.
    (await import('./scan-helper-client.js')).startScanHelper(warm.bytesToRead, logger);
    return (await loadRunner()).runCostJobQueued({ ...job, listing }, logger, runIn);
  }
  return (await loadRunner()).runCostJobQueued(job, logger, runIn);
}

/** Ends the worker (closing its cache) and the inline caches. For app shutdown and tests. */
export async function stopCostWorker(): Promise<void> {
  if (runner !== null) await runner.stopCostWorker();
  else if (cachedReport !== null) (await import('./cost-cache-pool.js')).closeOpenCaches();
}
