import { isUsageFailure, type UsageResult } from '../../../shared/usage-model.js';

/** The wait a failed refresh's 429 asked for (its `Retry-After`), in milliseconds, or null. */
export function retryAfterMsOf(usage: UsageResult | null): number | null {
  if (usage === null || !isUsageFailure(usage)) return null;
  const seconds = usage.error.retryAfterSeconds;
  return seconds === undefined ? null : seconds * 1000;
}
