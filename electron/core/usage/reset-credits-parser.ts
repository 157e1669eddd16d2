import type { ResetCredit, ResetCredits } from '../../../shared/usage-model.js';
import { asRecord, firstNumber, firstString } from './lenient-fields.js';
import { epochToIso } from './window-classifier.js';

// Reset credits in both shapes they arrive in: the backend's snake_case (`rate_limit_reset_credits`
// in wham/usage, or the `wham/rate-limit-reset-credits` detail list, ISO dates) and the app-server's
// camelCase `rateLimitResetCredits` (epoch seconds). One bad credit is dropped, the rest kept.

/** An ISO-8601 string or epoch seconds/milliseconds (a number or a numeric string) to ISO, else null. */
function dateOf(obj: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value.trim())) {
      const date = new Date(value.trim());
      if (!Number.isNaN(date.getTime())) return date.toISOString();
    }
  }
  return epochToIso(firstNumber(obj, ...keys));
}

export function parseResetCredit(raw: unknown): ResetCredit | null {
  const obj = asRecord(raw);
  if (obj === null) return null;
  const id = firstString(obj, 'id', 'credit_id', 'creditId');
  if (id === null) return null;
  return {
    id,
    status: firstString(obj, 'status') ?? 'unknown',
    grantedAt: dateOf(obj, 'grantedAt', 'granted_at'),
    expiresAt: dateOf(obj, 'expiresAt', 'expires_at'),
    title: firstString(obj, 'title'),
  };
}

/**
 * `{availableCount|available_count, credits?}` to ResetCredits, or null when it says nothing usable.
 * A count that is negative or not a whole number is not trusted; the available credits listed count then.
 */
export function parseResetCredits(raw: unknown): ResetCredits | null {
  const obj = asRecord(raw);
  if (obj === null) return null;
  const credits = Array.isArray(obj.credits) ? obj.credits.map(parseResetCredit).filter((c): c is ResetCredit => c !== null) : [];
  const count = firstNumber(obj, 'availableCount', 'available_count');
  const validCount = count !== null && Number.isInteger(count) && count >= 0 ? count : null;
  if (validCount === null && !Array.isArray(obj.credits)) return null;
  return { available: validCount ?? credits.filter((c) => c.status === 'available').length, credits };
}
