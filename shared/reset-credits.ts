// Pure helpers for reset credits, shared by the CLI text and the popover.

import { formatCountdown } from './format.js';
import type { ErrorInfo, ResetCredit, ResetCredits } from './usage-model.js';

const DAY = 86_400_000;

/** The available credit that expires first (one without an expiry comes last), or null. */
export function nextExpiringCredit(resetCredits: ResetCredits): ResetCredit | null {
  const available = resetCredits.credits.filter((c) => c.status === 'available');
  const sorted = [...available].sort((a, b) => (a.expiresAt ?? '\uffff').localeCompare(b.expiresAt ?? '\uffff'));
  return sorted[0] ?? null;
}

/** "in 3 days" from a day on (whole days, rounded down), "in 5h 3m" below a day, "expired" once passed. */
export function formatExpiresIn(expiresAt: string, now: Date): string | null {
  const ms = new Date(expiresAt).getTime() - now.getTime();
  if (Number.isNaN(ms)) return null;
  if (ms <= 0) return 'expired';
  if (ms >= DAY) {
    const days = Math.floor(ms / DAY);
    return `in ${days} day${days === 1 ? '' : 's'}`;
  }
  return formatCountdown(expiresAt, now);
}

/** "2 (next expires in 3 days)", "1", "0". */
export function resetCreditsSummary(resetCredits: ResetCredits, now: Date): string {
  const next = nextExpiringCredit(resetCredits);
  const expiry = next?.expiresAt != null ? formatExpiresIn(next.expiresAt, now) : null;
  if (resetCredits.available === 0 || expiry === null) return String(resetCredits.available);
  return expiry === 'expired' ? `${resetCredits.available} (next expired)` : `${resetCredits.available} (next expires ${expiry})`;
}

/** What spending a reset credit can come to (the app-server's outcomes, in the backend's spelling). */
export const RESET_CREDIT_OUTCOMES = ['reset', 'nothing_to_reset', 'no_credit', 'already_redeemed'] as const;
export type ResetCreditOutcome = (typeof RESET_CREDIT_OUTCOMES)[number];

/**
 * One confirmed "use a reset credit" action. `idempotencyKey` is a fresh UUID per confirmed action; a
 * retry of the same action sends the same key, so the backend never spends two credits for one click.
 */
export interface ResetCreditUseRequest {
  idempotencyKey: string;
  /** A credit to spend; without one the backend picks (the one that expires first). */
  creditId?: string | null;
}

export type ResetCreditUseResult =
  { ok: true; outcome: ResetCreditOutcome; message: string; idempotencyKey: string } | { ok: false; error: ErrorInfo; idempotencyKey: string };

/** RFC 4122 UUIDs (any version), the form the idempotency key must take. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A random (version 4) UUID from the Web Crypto API, which the renderer, Electron and Node all have. */
export function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What each outcome means for the person who asked. */
export function resetCreditOutcomeMessage(outcome: ResetCreditOutcome): string {
  switch (outcome) {
    case 'reset':
      return 'Done: one reset credit was used and your Codex limits were reset.';
    case 'nothing_to_reset':
      return 'Nothing to reset: your Codex limits have no usage to clear right now, so the backend did not reset them.';
    case 'no_credit':
      return 'No reset credit is available for this account; nothing was used.';
    case 'already_redeemed':
      return 'This reset was already done by an earlier attempt with the same request; no further credit was used.';
  }
}
