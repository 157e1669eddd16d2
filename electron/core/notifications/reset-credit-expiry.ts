// Warns once per reset credit about a day before it expires, so a credit is not lost unused. Pure, like the
// planner: what was already said comes in, the warnings and what to remember go out.
import { formatExpiresIn } from '../../../shared/reset-credits.js';
import type { ResetCredits } from '../../../shared/usage-model.js';

/** How long before a credit expires it is announced. */
export const CREDIT_EXPIRY_NOTICE_MS = 24 * 3_600_000;

export interface CreditExpiryWarning {
  /** Stable for the credits it names; the shell uses it as the notification's tag. */
  id: string;
  title: string;
  body: string;
}

export interface CreditExpiryPlan {
  warning: CreditExpiryWarning | null;
  /** The ids of credits already announced that the backend still lists (a credit gone is forgotten). */
  warned: string[];
}

export function planCreditExpiryWarning(input: {
  /** The report's reset credits; absent when the backend said nothing about them this time. */
  resetCredits: ResetCredits | null | undefined;
  warned: readonly string[];
  enabled: boolean;
  now: Date;
}): CreditExpiryPlan {
  const { resetCredits, now } = input;
  // No word on credits is not news that they are gone: keep the memory as it is.
  if (resetCredits == null) return { warning: null, warned: [...input.warned] };
  const listed = new Set(resetCredits.credits.map((credit) => credit.id));
  const warned = input.warned.filter((id) => listed.has(id));
  if (!input.enabled) return { warning: null, warned };
  const due = resetCredits.credits
    .filter((credit) => credit.status === 'available' && credit.expiresAt !== null && !warned.includes(credit.id))
    .map((credit) => ({ id: credit.id, left: Date.parse(credit.expiresAt ?? '') - now.getTime(), expiresAt: credit.expiresAt ?? '' }))
    .filter((credit) => credit.left > 0 && credit.left <= CREDIT_EXPIRY_NOTICE_MS)
    .sort((a, b) => a.left - b.left);
  const first = due[0];
  if (first === undefined) return { warning: null, warned };
  const when = formatExpiresIn(first.expiresAt, now) ?? 'soon';
  const ids = due.map((credit) => credit.id);
  return {
    warning: {
      id: `credit-expiring:${ids.join(',')}`,
      title: due.length === 1 ? 'Codex reset credit expires soon' : `${due.length} Codex reset credits expire soon`,
      body: `${due.length === 1 ? 'A reset credit expires' : 'The first expires'} ${when}. Using one resets the session and weekly limits at once.`,
    },
    warned: [...warned, ...ids],
  };
}
