import { parentPort } from 'node:worker_threads';
import type { ScanOptions } from './rollout-line-scanner.js';
import { scanClaimedJobs, type BatchJob, type BatchResult } from './session-batch-scan.js';

// The second scanning thread of a large scan: it takes files from the same shared counter as the
// coordinating thread, so the two share the work whatever the files' sizes.

export type HelperRequest = { type: 'batch'; id: number; jobs: BatchJob[]; counter: SharedArrayBuffer; scanOptions?: ScanOptions } | { type: 'close' };
export type HelperResponse = { type: 'ready' } | { type: 'batch-done'; id: number; results: Array<[number, BatchResult]> };

const port = parentPort;
if (port !== null) {
  port.on('message', (request: HelperRequest) => {
    if (request.type === 'close') {
      port.close();
      return;
    }
    const results = scanClaimedJobs(request.jobs, new Int32Array(request.counter), request.scanOptions);
    port.postMessage({ type: 'batch-done', id: request.id, results } satisfies HelperResponse);
  });
  port.postMessage({ type: 'ready' } satisfies HelperResponse);
}
