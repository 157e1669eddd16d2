import type { Worker } from 'node:worker_threads';
import type { CostReport } from '../../../shared/cost-model.js';
import type { Logger } from '../util/logger.js';
import { closeCostResources, CostOptionsError, runCostJob, type CostJobOptions } from './cost-job.js';
import type { WorkerRequest, WorkerResponse } from './cost-scan-worker.js';
import { startModuleWorker } from './module-worker.js';
import { closeWorker } from './worker-shutdown.js';

// Runs cost jobs on one long-lived worker thread, one job at a time. The worker is unref'd while idle, so
// it never keeps a CLI process alive, and reused, so a refresh does not pay for a new thread or reopen the
// cache. Where a worker cannot start (a runtime without the compiled worker file), jobs run inline.

interface Pending {
  resolve(report: CostReport): void;
  reject(error: Error): void;
  logger: Logger;
  options: CostJobOptions;
}

let worker: Worker | null = null;
let workerBroken = false;
/** A worker that fails before ever answering will not do better next time; one that crashed later might. */
let everSucceeded = false;
let nextId = 1;
const pending = new Map<number, Pending>();
let queue: Promise<unknown> = Promise.resolve();

const defaultStarter = (): Worker => startModuleWorker(import.meta.url, 'cost-scan-worker');
let starter: () => Worker = defaultStarter;

/**
 * Replaces how the worker is started (null restores the default) and forgets the current worker. A seam for
 * tests of the fallback: a worker that cannot start, or dies, must not fail the caller.
 */
export async function setCostWorkerStarter(start: (() => Worker) | null): Promise<void> {
  await stopCostWorker();
  starter = start ?? defaultStarter;
  workerBroken = false;
  everSucceeded = false;
}

function errorFromWorker(name: string, message: string): Error {
  if (name === 'CostOptionsError') return new CostOptionsError(message);
  const error = new Error(message);
  error.name = name;
  return error;
}

function failAll(error: Error): void {
  const jobs = [...pending.values()];
  pending.clear();
  for (const job of jobs) {
    // The worker died under this job: run it here instead, so a caller never fails for a threading problem.
    job.logger.warn(`cost worker stopped (${error.message}); computing inline`);
    runInline(job.options, job.logger).then(job.resolve, job.reject);
  }
}

function ensureWorker(): Worker | null {
  if (workerBroken) return null;
  if (worker !== null) return worker;
  let created: Worker;
  try {
    created = starter();
  } catch {
    workerBroken = true;
    return null;
  }
  created.on('message', (message: WorkerResponse) => {
    if (message.type === 'log') {
      const [first] = pending.values();
      first?.logger[message.level](message.message);
      return;
    }
    const job = pending.get(message.id);
    if (job === undefined) return;
    pending.delete(message.id);
    if (pending.size === 0) created.unref();
    if (message.type === 'result') job.resolve(message.report as CostReport);
    else job.reject(errorFromWorker(message.name, message.message));
  });
  created.on('error', (error) => {
    if (worker === created) worker = null;
    if (!everSucceeded) workerBroken = true;
    failAll(error);
  });
  created.on('exit', (code) => {
    if (worker === created) worker = null;
    if (pending.size > 0) failAll(new Error(`exited with code ${code}`));
  });
  created.once('message', () => {
    everSucceeded = true;
  });
  created.unref();
  worker = created;
  return created;
}

function runInline(options: CostJobOptions, logger: Logger): Promise<CostReport> {
  return new Promise((resolve, reject) => {
    // setImmediate: callers get their promise before the (synchronous) scan starts.
    setImmediate(() => {
      runCostJob(options, logger).then(resolve, (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    });
  });
}

function runOnWorker(options: CostJobOptions, logger: Logger): Promise<CostReport> {
  const w = ensureWorker();
  if (w === null) return runInline(options, logger);
  return new Promise<CostReport>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, logger, options });
    w.ref();
    w.postMessage({ type: 'run', id, options } satisfies WorkerRequest);
  });
}

export type CostRunMode = 'worker' | 'inline';

/** Queues one job; jobs run one after another, on the worker unless `mode` is 'inline'. */
export function runCostJobQueued(options: CostJobOptions, logger: Logger, mode: CostRunMode = 'worker'): Promise<CostReport> {
  const job = queue.then(() => (mode === 'inline' ? runInline(options, logger) : runOnWorker(options, logger)));
  queue = job.catch(() => undefined);
  return job;
}

/** Ends the worker (closing its cache) and the inline caches. For app shutdown and tests. */
export async function stopCostWorker(): Promise<void> {
  await queue;
  const w = worker;
  worker = null;
  await closeCostResources();
  if (w === null) return;
  await closeWorker(w, { type: 'close' } satisfies WorkerRequest);
}
