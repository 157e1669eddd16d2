import type { CostReport } from '../../../shared/cost-model.js';
import { silentLogger, type Logger } from '../util/logger.js';
import type { CostJobOptions, CostWindowOptions } from './cost-job.js';
import { runCostJobQueued, type CostRunMode } from './cost-worker-runner.js';

export { CostOptionsError } from './cost-job.js';
export { stopCostWorker } from './cost-worker-runner.js';

export interface CostReportOptions extends CostWindowOptions {
  now?: Date;
  logger?: Logger;
  /** 'worker' (default) scans on a background thread; 'inline' on the calling one. */
  runIn?: CostRunMode;
}

/**
 * CONTRACT §4: what the Codex sessions under `codexHome` would have cost at API prices, day by day and model
 * by model. The scan runs on a worker thread and is incremental through a cache in `quotabarHome`. Rejects
 * with CostOptionsError for a window that cannot be read (bad date, zone or day count); unreadable or odd
 * session files never make it fail, they become notices.
 */
export async function computeCostReport(options: CostReportOptions): Promise<CostReport> {
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
  return runCostJobQueued(job, options.logger ?? silentLogger, options.runIn ?? 'worker');
}
