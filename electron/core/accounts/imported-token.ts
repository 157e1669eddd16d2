// What one entry of another tool's account pool says, parsed leniently: fields that are missing or
// of the wrong type are dropped, an entry without an access token is skipped with a warning.
import { z } from 'zod';
import { claimsOf } from '../auth/jwt-claims.js';
import { registerSecret } from '../util/secret-registry.js';

export interface ImportedToken {
  accessToken: string;
  email: string | null;
  accountId: string | null;
  plan: string | null;
  expiresAtMs: number | null;
}

export type ImportedEntry = { ok: true; token: ImportedToken } | { ok: false; warning: string };

const optionalText = z.string().trim().min(1).optional().catch(undefined);
/** A time as epoch milliseconds, epoch seconds or an ISO string. */
const optionalTime = z
  .union([z.number().finite(), z.string().trim().min(1)])
  .optional()
  .catch(undefined);

/** Registers every string under these keys as a secret before anything else looks at the entry. */
export function registerSecretFields(entry: unknown, keys: readonly string[]): void {
  if (typeof entry !== 'object' || entry === null) return;
  const record = entry as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') registerSecret(value);
  }
}

export const ccsEntrySchema = z.object({
  access_token: z.string().trim().min(1),
  id_token: optionalText,
  email: optionalText,
  account_id: optionalText,
  expired: optionalTime,
});

export const codexProxyEntrySchema = z.object({
  accessToken: z.string().trim().min(1),
  idToken: optionalText,
  email: optionalText,
  accountId: optionalText,
  planType: optionalText,
  expiresAt: optionalTime,
});

/** Epoch ms from a number (seconds when it is too small to be ms) or an ISO string; null when unreadable. */
export function timeToMs(value: number | string | undefined): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Fills what the file lacks from the tokens' claims: the account id, email, plan and expiry. */
export function completeFromClaims(fields: {
  accessToken: string;
  idToken?: string | undefined;
  email?: string | undefined;
  accountId?: string | undefined;
  plan?: string | undefined;
  expiresAtMs: number | null;
}): ImportedToken {
  const id = claimsOf(fields.idToken);
  const access = claimsOf(fields.accessToken);
  return {
    accessToken: fields.accessToken,
    email: fields.email ?? id.email ?? access.email,
    accountId: fields.accountId ?? id.accountId ?? access.accountId,
    plan: fields.plan ?? id.plan ?? access.plan,
    expiresAtMs: fields.expiresAtMs ?? (access.exp !== null ? access.exp * 1000 : null),
  };
}
