import type { Credits, ExtraWindow, MonthlyLimit, UsageWindow } from '../../../shared/usage-model.js';
import { asRecord, firstBoolean, firstNumber } from './lenient-fields.js';
import { classifyWindows, epochToIso, extraWindow, slugify, windowLengthName } from './window-classifier.js';

// Pieces both the backend (snake_case) and the app-server (camelCase) parsers build snapshots from.

/** A named bucket of windows: the main `codex` limit, or an additional one such as Codex Spark. */
export interface LimitBucket {
  id: string;
  name: string;
  windows: UsageWindow[];
}

export const SPARK_SESSION_ID = 'codex-spark-session';
export const SPARK_WEEKLY_ID = 'codex-spark-weekly';

const LENGTH_LABELS: Record<string, string> = { '5h': '5h', daily: 'daily', weekly: 'weekly', monthly: 'monthly', annual: 'annual' };

function isSpark(bucket: LimitBucket): boolean {
  return /spark/i.test(bucket.id) || /spark/i.test(bucket.name);
}

/** An additional bucket's windows as extra windows, with stable ids and readable labels. */
export function bucketExtraWindows(bucket: LimitBucket): ExtraWindow[] {
  if (isSpark(bucket)) {
    return bucket.windows.map((w, i) => {
      const length = windowLengthName(w.windowMinutes);
      const weekly = length === 'weekly' || (w.windowMinutes !== null && w.windowMinutes >= 6 * 1440);
      const short = length === '5h' || (w.windowMinutes !== null && w.windowMinutes <= 360);
      if (weekly) return extraWindow(SPARK_WEEKLY_ID, 'Codex Spark weekly', w);
      if (short) return extraWindow(SPARK_SESSION_ID, 'Codex Spark 5h', w);
      return extraWindow(`codex-spark-${length ?? `window-${i + 1}`}`, `Codex Spark ${length ?? `window ${i + 1}`}`, w);
    });
  }
  const slug = slugify(bucket.id) || slugify(bucket.name) || 'extra';
  const base = slug.startsWith('codex') ? slug : `codex-${slug}`;
  if (bucket.windows.length === 1 && bucket.windows[0] !== undefined) {
    return [extraWindow(base, bucket.name, bucket.windows[0])];
  }
  return bucket.windows.map((w, i) => {
    const length = windowLengthName(w.windowMinutes);
    const suffix = length === '5h' ? 'session' : (length ?? (i === 0 ? 'primary' : 'secondary'));
    const label = `${bucket.name} ${length !== null ? LENGTH_LABELS[length] : i === 0 ? 'primary' : 'secondary'}`;
    return extraWindow(`${base}-${suffix}`, label, w);
  });
}

/** The main bucket: session and weekly by duration, anything else as an extra window. */
export function mainBucketWindows(windows: UsageWindow[]): { session: UsageWindow | null; weekly: UsageWindow | null; extras: ExtraWindow[] } {
  const classified = classifyWindows(windows);
  const extras = classified.others.map((w) => {
    const length = windowLengthName(w.windowMinutes);
    const id = `codex-${length ?? `${w.windowMinutes ?? 'unknown'}m`}`;
    const label = length !== null ? `Codex ${LENGTH_LABELS[length]}` : w.windowMinutes !== null ? `Codex ${w.windowMinutes}-minute` : 'Codex usage';
    return extraWindow(id, label, w);
  });
  return { session: classified.session, weekly: classified.weekly, extras };
}

/** Drops later windows whose id repeats an earlier one, so ids stay unique. */
export function uniqueById(windows: ExtraWindow[]): ExtraWindow[] {
  const seen = new Set<string>();
  return windows.filter((w) => (seen.has(w.id) ? false : (seen.add(w.id), true)));
}

/** Credits in either casing; balance as a number (the wire sends "7", "0E-10" or 7.5). */
export function parseCredits(raw: unknown): Credits | null {
  const obj = asRecord(raw);
  if (obj === null) return null;
  const hasCredits = firstBoolean(obj, 'has_credits', 'hasCredits');
  const unlimited = firstBoolean(obj, 'unlimited');
  const balance = firstNumber(obj, 'balance');
  if (hasCredits === null && unlimited === null && balance === null) return null;
  return { balance, hasCredits: hasCredits ?? false, unlimited: unlimited ?? false };
}

/** A monthly credit limit (spend control) in either casing; numbers may be strings. */
export function parseMonthlyLimit(raw: unknown): MonthlyLimit | null {
  const obj = asRecord(raw);
  if (obj === null) return null;
  const limit = firstNumber(obj, 'limit');
  const used = firstNumber(obj, 'used');
  if (limit === null || used === null) return null;
  const remaining = firstNumber(obj, 'remaining_percent', 'remainingPercent');
  const computed = limit > 0 ? ((limit - used) / limit) * 100 : 0;
  const remainingPercent = Math.round(Math.min(100, Math.max(0, remaining ?? computed)) * 100) / 100;
  const resetsAt = epochToIso(firstNumber(obj, 'reset_at', 'resets_at', 'resetsAt'));
  return { limit, used, remainingPercent, resetsAt };
}
