/** Resolves on the caller's abort signal, or on SIGINT/SIGTERM when run from the command line. */
export function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', done);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
