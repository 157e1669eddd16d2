import { parentPort } from 'node:worker_threads';
import type { Logger, LogLevel } from '../util/logger.js';
import { closeCostResources, runCostJob, type CostJobOptions } from './cost-job.js';

// The worker thread that runs cost scans, so the app's main thread never waits on disk or parsing.
// It stays alive between jobs and keeps its cache connection, which is what makes a refresh cheap.

export type WorkerRequest = { type: 'run'; id: number; options: CostJobOptions } | { type: 'close' };

export type WorkerResponse =
  | { type: 'result'; id: number; report: unknown }
  | { type: 'error'; id: number; name: string; message: string }
  | { type: 'log'; level: LogLevel; message: string };

const port = parentPort;
if (port !== null) {
  const log = (level: LogLevel) => (message: string) => port.postMessage({ type: 'log', level, message } satisfies WorkerResponse);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const handle = async (request: WorkerRequest): Promise<void> => {
    if (request.type === 'close') {
      // Closing the port ends the worker even when the cache would not close cleanly.
      await closeCostResources().finally(() => port.close());
      return;
    }
    try {
      const report = await runCostJob(request.options, logger);
      port.postMessage({ type: 'result', id: request.id, report } satisfies WorkerResponse);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'error', id: request.id, name: e.name, message: e.message } satisfies WorkerResponse);
    }
  };
  port.on('message', (request: WorkerRequest) => {
    handle(request).catch((error: unknown) => logger.warn(`Closing the cost cache failed: ${error instanceof Error ? error.message : String(error)}`));
  });
}
