// When web runs beside the auto chain, it only fills in what the chain's snapshot lacks: code review,
// credits, the monthly limit, extra windows the chain did not report, and missing identity. The
// chain's own (fresher, first-party) values are never overridden.

import type { UsageSnapshot } from '../../../../shared/usage-model.js';

/** Pure. `primary` is the oauth/rpc/pty snapshot; `web` the web source's. */
export function mergeWebExtras(primary: UsageSnapshot, web: UsageSnapshot): UsageSnapshot {
  const knownIds = new Set(primary.extraWindows.map((w) => w.id));
  const warnings = [...(primary.warnings ?? [])];
  for (const warning of web.warnings ?? []) if (!warnings.includes(warning)) warnings.push(warning);
  // A plan the TUI showed by its display name gives way to the plan id the web session reports.
  const displayPlan = primary.planFromDisplay === true;
  const plan = displayPlan ? (web.account.plan ?? primary.account.plan) : (primary.account.plan ?? web.account.plan);
  const merged: UsageSnapshot = {
    account: {
      email: primary.account.email ?? web.account.email,
      plan,
      accountId: primary.account.accountId ?? web.account.accountId,
    },
    session: primary.session,
    weekly: primary.weekly,
    extraWindows: [...primary.extraWindows, ...web.extraWindows.filter((w) => !knownIds.has(w.id))],
    codeReview: primary.codeReview ?? web.codeReview,
    credits: primary.credits ?? web.credits,
    monthlyLimit: primary.monthlyLimit ?? web.monthlyLimit,
  };
  const resetCredits = primary.resetCredits ?? web.resetCredits;
  if (resetCredits != null) merged.resetCredits = resetCredits;
  if (warnings.length > 0) merged.warnings = warnings;
  if (displayPlan && web.account.plan === null) merged.planFromDisplay = true;
  return merged;
}
