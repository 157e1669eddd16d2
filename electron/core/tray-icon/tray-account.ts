// Which account the tray follows (settings `trayAccount`, interface §7): the shown one, or the one with
// the least weekly quota left. Pure: the app state in, that account's results out.
import type { AppState } from '../../../shared/quotabar-api.js';
import { remainingPercent } from '../../../shared/format.js';
import type { UsageReport, UsageResult } from '../../../shared/usage-model.js';

export interface TrayAccountView {
  /** The followed account's latest result and last good report. */
  usage: UsageResult | null;
  lastGoodUsage: UsageReport | null;
  /** Its label when there is more than one account (the tooltip names it), else null. */
  label: string | null;
}

export function trayAccountView(state: Pick<AppState, 'usage' | 'lastGoodUsage' | 'settings' | 'accounts' | 'shownAccountId'>): TrayAccountView {
  const accounts = state.accounts ?? [];
  const shown: TrayAccountView = { usage: state.usage, lastGoodUsage: state.lastGoodUsage, label: null };
  if (accounts.length <= 1) return shown;
  const shownEntry = accounts.find((a) => a.id === state.shownAccountId);
  const followed = state.settings.trayAccount === 'lowest' ? (lowestWeekly(accounts) ?? shownEntry) : shownEntry;
  if (followed === undefined) return shown;
  // The shown account's own fields are the freshest (a switch updates them before the list).
  if (followed.id === state.shownAccountId) return { ...shown, label: followed.label };
  return { usage: followed.usage, lastGoodUsage: followed.lastGoodUsage, label: followed.label };
}

/** The account whose last good report has the least weekly % left; ties keep the list's order. */
function lowestWeekly<T extends { lastGoodUsage: UsageReport | null }>(accounts: readonly T[]): T | undefined {
  let best: { account: T; left: number } | undefined;
  for (const account of accounts) {
    const weekly = account.lastGoodUsage?.weekly;
    if (weekly === undefined || weekly === null) continue;
    const left = remainingPercent(weekly.usedPercent);
    if (best === undefined || left < best.left) best = { account, left };
  }
  return best?.account;
}
