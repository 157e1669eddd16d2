import { z } from 'zod';
import { emptyAccount, type UsageSnapshot, type UsageWindow } from '../../../../shared/usage-model.js';
import { SourceError } from '../../util/source-error.js';
import { asRecord, firstString, lenient, numberish } from '../lenient-fields.js';
import { bucketExtraWindows, mainBucketWindows, parseCredits, parseMonthlyLimit, uniqueById, type LimitBucket } from '../snapshot-builder.js';
import { limitReachedMessage, reachedType } from '../limit-reached.js';
import { normalizePlan } from '../plan-ids.js';
import { parseResetCredits } from '../reset-credits-parser.js';
import { epochToIso, normalizePercent } from '../window-classifier.js';

// The backend's `wham/usage` body (snake_case) to a UsageSnapshot, one field at a time: a window
// that does not parse is dropped and the rest of the body still counts.

const windowSchema = z.object({
  used_percent: numberish,
  limit_window_seconds: numberish.nullish(),
  reset_at: numberish.nullish(),
  reset_after_seconds: numberish.nullish(),
});

export function parseWhamWindow(raw: unknown, now: Date): UsageWindow | null {
  const w = lenient(windowSchema, raw);
  if (w === null) return null;
  const seconds = w.limit_window_seconds ?? null;
  const resetAt = w.reset_at ?? (w.reset_after_seconds != null ? now.getTime() / 1000 + w.reset_after_seconds : null);
  return {
    usedPercent: normalizePercent(w.used_percent),
    // Codex rounds the window up to whole minutes, and treats ≤ 0 as unknown.
    windowMinutes: seconds !== null && seconds > 0 ? Math.ceil(seconds / 60) : null,
    resetsAt: epochToIso(resetAt === null ? null : Math.round(resetAt)),
  };
}

function rateLimitWindows(raw: unknown, now: Date): UsageWindow[] {
  const obj = asRecord(raw);
  if (obj === null) return [];
  return [parseWhamWindow(obj.primary_window, now), parseWhamWindow(obj.secondary_window, now)].filter((w): w is UsageWindow => w !== null);
}

function additionalBuckets(raw: unknown, now: Date): LimitBucket[] {
  if (!Array.isArray(raw)) return [];
  const buckets: LimitBucket[] = [];
  for (const entry of raw) {
    const obj = asRecord(entry);
    if (obj === null) continue;
    const name = firstString(obj, 'limit_name', 'metered_feature');
    if (name === null) continue;
    const windows = rateLimitWindows(obj.rate_limit, now);
    if (windows.length === 0) continue;
    buckets.push({ id: firstString(obj, 'metered_feature', 'limit_name') ?? name, name, windows });
  }
  return buckets;
}

/** Throws `bad_response` when the body is not a usage object at all. */
export function parseWhamUsage(body: unknown, now: Date = new Date()): UsageSnapshot {
  const obj = asRecord(body);
  if (obj === null || (!('rate_limit' in obj) && !('plan_type' in obj) && !('credits' in obj))) {
    throw new SourceError('bad_response', 'The usage response from ChatGPT was not in the expected format. Try again later; if it persists, update QuotaBar.');
  }
  const main = mainBucketWindows(rateLimitWindows(obj.rate_limit, now));
  const extras = additionalBuckets(obj.additional_rate_limits, now).flatMap(bucketExtraWindows);
  const review = rateLimitWindows(obj.code_review_rate_limit, now);
  const rateLimit = asRecord(obj.rate_limit);
  const spendControl = asRecord(obj.spend_control);
  const monthlyLimit =
    parseMonthlyLimit(obj.individual_limit) ?? parseMonthlyLimit(rateLimit?.individual_limit) ?? parseMonthlyLimit(spendControl?.individual_limit);
  const reached = limitReachedMessage(reachedType(obj.rate_limit_reached_type));
  const resetCredits = parseResetCredits(obj.rate_limit_reset_credits);

  return {
    account: {
      ...emptyAccount(),
      email: firstString(obj, 'email'),
      plan: normalizePlan(firstString(obj, 'plan_type')),
      accountId: firstString(obj, 'account_id'),
    },
    session: main.session,
    weekly: main.weekly,
    extraWindows: uniqueById([...main.extras, ...extras]),
    codeReview: review[0] ?? null,
    credits: parseCredits(obj.credits),
    monthlyLimit,
    ...(resetCredits !== null ? { resetCredits } : {}),
    ...(reached !== null ? { warnings: [reached] } : {}),
  };
}
