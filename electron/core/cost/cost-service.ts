import type { CostReport } from '../../../shared/cost-model.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { costReportFromCache } from './cached-cost-report.js';
import { closeOpenCaches } from './cost-cache-pool.js';
import type { CostJobOptions } from './cost-job.js';
import type { CostWindowOptions } from './cost-window.js';
import type * as CostWorkerRunner from './cost-worker-runner.js';
import type { CostRunMode } from './cost-worker-runner.js';

export { CostOptionsError } from './cost-window.js';

export interface CostReportOptions extends CostWindowOptions {
  now?: Date;
  logger?: Logger;
  /** 'worker' (default) scans on a background thread; 'inline' on the calling one. */
  runIn?: CostRunMode;
}

// The scanner (its modules, its worker and helper threads) is loaded only when a file has to be read.
let runner: typeof CostWorkerRunner | null = null;
async function loadRunner(): Promise<typeof CostWorkerRunner> {
  runner ??= await import('./cost-worker-runner.js');
  return runner;
}

/**
 * CONTRACT §4: what the Codex sessions under `codexHome` would have cost at API prices, day by day and model
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
  };
  // Once the scanner is in use, its queue orders every job; before that, nothing can be writing the cache here.
  if (runIn === 'inline' && runner === null) {
    const warm = costReportFromCache(job, logger);
    if (warm !== null) return warm;
  }
  return (await loadRunner()).runCostJobQueued(job, logger, runIn);
}

/** Ends the worker (closing its cache) and the inline caches. For app shutdown and tests. */
export async function stopCostWorker(): Promise<void> {
  if (runner !== null) await runner.stopCostWorker();
  else closeOpenCaches();
}
