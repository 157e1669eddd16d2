import type { ScanOptions } from './rollout-line-scanner.js';
import { scanSessionFile, type FileScanResult } from './session-file-scan.js';
import type { CounterEnvironment, CounterState } from './session-usage-counter.js';
import type { BucketRow } from './usage-buckets.js';

// A batch of file scans described as plain data, so that two threads can share one batch: each claims the
// next file from a shared counter until none is left. Fork decisions are made up front by the coordinator,
// since a thread cannot ask it mid-scan.

export type ForkPolicy =
  /** Stop at a fork's session_meta: its parent is not read yet. */
  | { kind: 'defer' }
  /** The parent is gone: find the copied prefix by its re-stamped burst. */
  | { kind: 'burst' }
  /** The parent's totals fingerprints. */
  | { kind: 'parent'; parentTotals: number[] };

export interface BatchJob {
  path: string;
  size: number;
  startOffset: number;
  state: CounterState | null;
  buckets: BucketRow[];
  fork: ForkPolicy;
}

export type BatchResult = FileScanResult | { unreadable: string };

function environment(policy: ForkPolicy): CounterEnvironment {
  let totals: ReadonlySet<number> | null = null;
  const parentTotals = () => {
    if (policy.kind !== 'parent') return null;
    totals ??= new Set(policy.parentTotals);
    return totals;
  };
  return {
    resolveFork() {
      if (policy.kind === 'defer') return 'defer';
      const set = parentTotals();
      return set === null ? { mode: 'burst' } : { mode: 'parent', parentTotals: set };
    },
    parentTotals,
  };
}

export function scanBatchJob(job: BatchJob, scanOptions?: ScanOptions): BatchResult {
  try {
    return scanSessionFile({
      path: job.path,
      size: job.size,
      startOffset: job.startOffset,
      state: job.state,
      buckets: job.buckets,
      env: environment(job.fork),
      ...(scanOptions === undefined ? {} : { scanOptions }),
    });
  } catch (error) {
    return { unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** Scans jobs claimed from `counter[0]` (shared with the other thread) until the batch is exhausted. */
export function scanClaimedJobs(jobs: readonly BatchJob[], counter: Int32Array, scanOptions?: ScanOptions): Array<[number, BatchResult]> {
  const results: Array<[number, BatchResult]> = [];
  for (;;) {
    const index = Atomics.add(counter, 0, 1);
    const job = jobs[index];
    if (job === undefined) return results;
    results.push([index, scanBatchJob(job, scanOptions)]);
  }
}
