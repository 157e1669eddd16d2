import { availableParallelism, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../util/logger.js';
import type { HelperRequest, HelperResponse } from './cost-scan-helper.js';
import { startModuleWorker } from './module-worker.js';
import type { ScanOptions } from './rollout-line-scanner.js';
import { scanBatchJob, scanClaimedJobs, type BatchJob, type BatchResult } from './session-batch-scan.js';
import { closeWorker } from './worker-shutdown.js';

// Runs a batch of file scans on this thread and, when the batch is large, on a helper thread as well: both
// claim files from one shared counter. The helper is started on first need and kept (unref'd) for the next
// large scan; if it cannot start or dies, this thread simply does the rest.

/** Below this many bytes to read, a second thread costs more to start than it saves. */
export const PARALLEL_MIN_BYTES = 128 << 20;
/** Once the helper is running, sharing pays off for much smaller batches (a scan's rounds of forks). */
const PARALLEL_MIN_BYTES_RUNNING = 16 << 20;

/**
 * Whether to start a second thread. A helper starts cold: a thread, a module graph, and a few hundred ms of CPU
 * before its JIT has tiered up, while V8's own background threads (concurrent marking, optimising compiles)
 * already keep a second core busy during a cold scan. So it needs two cores beyond the scanning one: on the
 * 2-core development machine it never paid, even idle (368 MB: one thread 699 ms, two 768 ms; 1 GB: 1,171 and
 * 1,197 ms, docs/benchmarks.md), and on a busy machine it only takes CPU from the calling thread. A running
 * helper is always used. `QUOTABAR_COST_SCAN_THREADS=1` or `=2` forces one or two threads.
 */
export function helperWorthStarting(machine: { cores: number; load: number; forced: string | undefined }): boolean {
  if (machine.forced === '2') return true;
  if (machine.forced === '1' || machine.cores < 4) return false;
  // Windows reports a load average of 0.
  return machine.load < machine.cores - 1.5;
}

function helperAllowed(): boolean {
  return helperWorthStarting({ cores: availableParallelism(), load: loadavg()[0] ?? 0, forced: process.env.QUOTABAR_COST_SCAN_THREADS });
}

let helper: Worker | null = null;
let helperBroken = false;
let nextId = 1;
const waiting = new Map<number, (results: Array<[number, BatchResult]>) => void>();

function ensureHelper(logger: Logger): Worker | null {
  if (helperBroken || process.env.QUOTABAR_COST_SCAN_THREADS === '1') return null;
  if (helper !== null) return helper;
  if (!helperAllowed()) return null;
  let created: Worker;
  try {
    created = startModuleWorker(import.meta.url, 'cost-scan-helper');
  } catch (error) {
    logger.debug(`cost scan helper unavailable: ${String(error)}`);
    helperBroken = true;
    return null;
  }
  const fail = (reason: string) => {
    if (helper === created) helper = null;
    logger.debug(`cost scan helper stopped: ${reason}`);
    // Whatever it had claimed is scanned again on the calling thread.
    for (const resolve of waiting.values()) resolve([]);
    waiting.clear();
  };
  created.on('message', (message: HelperResponse) => {
    if (message.type !== 'batch-done') return;
    const resolve = waiting.get(message.id);
    waiting.delete(message.id);
    if (waiting.size === 0) created.unref();
    resolve?.(message.results);
  });
  created.on('error', (error) => {
    helperBroken = true;
    fail(error.message);
  });
  created.on('exit', (code) => fail(`exit ${code}`));
  created.unref();
  helper = created;
  return created;
}

/**
 * Starts the helper ahead of a scan known to be large, so its start-up (a thread, a module graph) overlaps the
 * caller's own preparation instead of the scan.
 */
export function startScanHelper(bytesToRead: number, logger: Logger): void {
  if (bytesToRead >= PARALLEL_MIN_BYTES) ensureHelper(logger);
}

export async function stopScanHelper(): Promise<void> {
  const h = helper;
  helper = null;
  if (h === null) return;
  await closeWorker(h, { type: 'close' } satisfies HelperRequest);
}

/** Scans every job (largest first, for balance); results in job order. */
export async function runBatch(jobs: readonly BatchJob[], logger: Logger, scanOptions?: ScanOptions): Promise<BatchResult[]> {
  const order = jobs.map((job, index) => ({ job, index })).sort((a, b) => b.job.size - b.job.startOffset - (a.job.size - a.job.startOffset));
  const sorted = order.map((o) => o.job);
  const counter = new SharedArrayBuffer(4);
  const claimed = new Int32Array(counter);
  const bytes = sorted.reduce((sum, job) => sum + Math.max(0, job.size - job.startOffset), 0);

  let fromHelper: Promise<Array<[number, BatchResult]>> | null = null;
  const threshold = helper !== null ? PARALLEL_MIN_BYTES_RUNNING : PARALLEL_MIN_BYTES;
  const h = bytes >= threshold && sorted.length >= 2 ? ensureHelper(logger) : null;
  if (h !== null) {
    const id = nextId++;
    fromHelper = new Promise((resolve) => waiting.set(id, resolve));
    h.ref();
    h.postMessage({ type: 'batch', id, jobs: sorted, counter, ...(scanOptions === undefined ? {} : { scanOptions }) } satisfies HelperRequest);
  }

  const results: Array<BatchResult | undefined> = new Array(sorted.length);
  const local = scanClaimedJobs(sorted, claimed, scanOptions);
  for (const [i, result] of local) results[i] = result;
  if (fromHelper !== null) {
    const started = performance.now();
    const remote = await fromHelper;
    for (const [i, result] of remote) results[i] = result;
    logger.debug(`cost scan batch: ${local.length} files here, ${remote.length} on the helper (waited ${Math.round(performance.now() - started)} ms for it)`);
  }

  const inJobOrder: BatchResult[] = new Array(jobs.length);
  order.forEach(({ index }, i) => {
    // A job the helper claimed but never reported (it died) is scanned here.
    inJobOrder[index] = results[i] ?? scanBatchJob(sorted[i] as BatchJob, scanOptions);
  });
  return inJobOrder;
}
