// When each account is asked for its usage, and what is remembered about it between refreshes. Pure:
// the app controller keeps one memory per account id and asks which accounts are due now.
import type { Settings } from '../../../shared/settings-model.js';
import { isUsageFailure, type UsageReport, type UsageResult } from '../../../shared/usage-model.js';
import { backoffDelayMs } from '../scheduler/refresh-cadence.js';
import { retryAfterMsOf } from '../scheduler/retry-after-of.js';

const MINUTE = 60_000;

/**
 * An account that is not shown is asked at most this often (or at the fixed cadence when that is
 * longer), and only when the app refreshes anyway: 20 accounts cost at most 4 requests a minute.
 */
export const OTHER_ACCOUNT_MIN_GAP_MS = 5 * MINUTE;

export interface AccountMemory {
  /** The latest fetch's result, null before the first one ends. */
  usage: UsageResult | null;
  /** The last successful report, kept while later fetches fail. */
  lastGoodUsage: UsageReport | null;
  /** When the latest fetch started (ms), null before the first. */
  lastAttemptAt: number | null;
  /** Failed fetches in a row. */
  failures: number;
  /** No fetch before this (ms) while not shown: the back-off after failures, or a 429's Retry-After when longer. */
  notBefore: number | null;
}

export function emptyAccountMemory(): AccountMemory {
  return { usage: null, lastGoodUsage: null, lastAttemptAt: null, failures: 0, notBefore: null };
}

/** The least time between two fetches of an account that is not shown. */
export function otherAccountGapMs(settings: Pick<Settings, 'refresh'>): number {
  const fixed = settings.refresh.mode === 'fixed' && Number.isFinite(settings.refresh.fixedMinutes) ? settings.refresh.fixedMinutes * MINUTE : 0;
  return Math.max(OTHER_ACCOUNT_MIN_GAP_MS, fixed);
}

/**
 * Whether to fetch an account in the refresh running at `now`. The shown account is fetched on every
 * refresh: the scheduler paces those and holds them back during its back-off and Retry-After, as with
 * one account. Any other account when its gap has passed and its own back-off is over.
 */
export function isAccountDue(memory: AccountMemory, shown: boolean, now: number, gapMs: number): boolean {
  if (shown) return true;
  if (memory.notBefore !== null && now < memory.notBefore) return false;
  return memory.lastAttemptAt === null || now - memory.lastAttemptAt >= gapMs;
}

/** The memory after a fetch started at `startedAt` ended with `result`. */
export function afterFetch(memory: AccountMemory, result: UsageResult, startedAt: number, gapMs: number): AccountMemory {
  if (!isUsageFailure(result)) {
    return { usage: result, lastGoodUsage: result, lastAttemptAt: startedAt, failures: 0, notBefore: null };
  }
  const failures = memory.failures + 1;
  const retryAfter = retryAfterMsOf(result) ?? 0;
  return {
    usage: result,
    lastGoodUsage: memory.lastGoodUsage,
    lastAttemptAt: startedAt,
    failures,
    notBefore: startedAt + Math.max(backoffDelayMs(gapMs, failures), retryAfter),
  };
}
