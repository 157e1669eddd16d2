import { z } from 'zod';
import { emptyAccount, type Account, type UsageSnapshot, type UsageWindow } from '../../../../shared/usage-model.js';
import { SourceError } from '../../util/source-error.js';
import { asRecord, firstString, lenient, numberish } from '../lenient-fields.js';
import { bucketExtraWindows, mainBucketWindows, parseCredits, parseMonthlyLimit, uniqueById } from '../snapshot-builder.js';
import { epochToIso, normalizePercent } from '../window-classifier.js';
import { limitReachedMessage, reachedType } from '../limit-reached.js';
import { normalizePlan } from '../plan-ids.js';
import { parseResetCredits } from '../reset-credits-parser.js';

// `account/rateLimits/read` and `account/read` results (camelCase, snake_case aliases accepted).

const rpcWindowSchema = z.object({
  usedPercent: numberish.optional(),
  used_percent: numberish.optional(),
  windowDurationMins: numberish.nullish(),
  window_minutes: numberish.nullish(),
  resetsAt: numberish.nullish(),
  resets_at: numberish.nullish(),
});

export function parseRpcWindow(raw: unknown): UsageWindow | null {
  const w = lenient(rpcWindowSchema, raw);
  const used = w?.usedPercent ?? w?.used_percent;
  if (w === null || used === undefined) return null;
  const minutes = w.windowDurationMins ?? w.window_minutes ?? null;
  return {
    usedPercent: normalizePercent(used),
    windowMinutes: minutes !== null && minutes > 0 ? Math.round(minutes) : null,
    resetsAt: epochToIso(w.resetsAt ?? w.resets_at ?? null),
  };
}

function snapshotWindows(snapshot: Record<string, unknown>): UsageWindow[] {
  return [parseRpcWindow(snapshot.primary), parseRpcWindow(snapshot.secondary)].filter((w): w is UsageWindow => w !== null);
}

export function parseRateLimitsResult(result: unknown): UsageSnapshot {
  const obj = asRecord(result);
  const byId = asRecord(obj?.rateLimitsByLimitId ?? obj?.rate_limits_by_limit_id);
  const main = asRecord(obj?.rateLimits ?? obj?.rate_limits) ?? asRecord(byId?.codex);
  if (obj === null || main === null) {
    throw new SourceError('bad_response', 'The Codex app-server answered `account/rateLimits/read` without rate limits. Update Codex and try again.');
  }
  const mainId = firstString(main, 'limitId', 'limit_id') ?? 'codex';
  const windows = mainBucketWindows(snapshotWindows(main));
  const extras = Object.entries(byId ?? {})
    .filter(([key]) => key !== mainId)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([key, value]) => {
      const bucket = asRecord(value);
      if (bucket === null) return [];
      const bucketWindows = snapshotWindows(bucket);
      if (bucketWindows.length === 0) return [];
      return bucketExtraWindows({ id: key, name: firstString(bucket, 'limitName', 'limit_name') ?? key, windows: bucketWindows });
    });
  const monthly =
    parseMonthlyLimit(main.individualLimit ?? main.individual_limit) ??
    Object.values(byId ?? {})
      .map((b) => parseMonthlyLimit(asRecord(b)?.individualLimit))
      .find((m) => m !== null) ??
    null;
  const reached = limitReachedMessage(reachedType(main.rateLimitReachedType ?? main.rate_limit_reached_type));
  const resetCredits = parseResetCredits(obj.rateLimitResetCredits ?? obj.rate_limit_reset_credits);
  return {
    account: {
      ...emptyAccount(),
      plan: normalizePlan(firstString(main, 'planType', 'plan_type')),
      accountId: firstString(obj, 'accountId', 'account_id'),
    },
    session: windows.session,
    weekly: windows.weekly,
    extraWindows: uniqueById([...windows.extras, ...extras]),
    codeReview: null,
    credits: parseCredits(main.credits),
    monthlyLimit: monthly,
    ...(resetCredits !== null ? { resetCredits } : {}),
    ...(reached !== null ? { warnings: [reached] } : {}),
  };
}

/** `account/read`: `{ account: { type: "chatgpt", email, planType } | { type: "apiKey" } | null }`. */
export function parseAccountResult(result: unknown): Partial<Account> & { type: string | null } {
  const account = asRecord(asRecord(result)?.account);
  if (account === null) return { type: null };
  return {
    type: firstString(account, 'type'),
    email: firstString(account, 'email'),
    plan: normalizePlan(firstString(account, 'planType', 'plan_type')),
  };
}

/**
 * The JSON object after `body=` in an app-server error, found by brace matching that respects
 * strings. This is how new plan types keep working before the CLI learns to decode them.
 */
export function extractEmbeddedBody(message: string): unknown {
  const marker = message.indexOf('body=');
  if (marker === -1) return undefined;
  const start = message.indexOf('{', marker);
  if (start === -1) return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < message.length; i++) {
    const ch = message[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) {
        try {
          return JSON.parse(message.slice(start, i + 1)) as unknown;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}
