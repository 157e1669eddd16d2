import type { Worker } from 'node:worker_threads';

/**
 * Asks a worker to close (so it can close its SQLite cache) and resolves when it has left; one that
 * does not leave within 2 s is terminated. The worker is ref'd meanwhile so the process waits for it.
 */
export function closeWorker(worker: Worker, closeMessage: unknown): Promise<void> {
  return new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.ref();
    worker.postMessage(closeMessage);
    setTimeout(() => void worker.terminate(), 2000).unref();
  });
}
