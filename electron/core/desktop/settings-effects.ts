import type { Settings } from '../../../shared/settings-model.js';

export interface SettingsEffects {
  /** The refresh cadence changed: re-plan the next refresh. */
  reschedule: boolean;
  /** Where or how usage is read, or which accounts are read, changed: refresh now (after any refresh already running). */
  refetch: boolean;
  /** Launch-at-login changed: update the login item. */
  loginItem: boolean;
  /** What the tray shows changed (fill direction, reset style, which account): redraw without fetching. */
  redraw: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the app must do after the settings went from `before` to `after`. */
export function settingsEffects(before: Settings, after: Settings): SettingsEffects {
  return {
    reschedule: !same(before.refresh, after.refresh),
    refetch:
      before.usageSource !== after.usageSource ||
      before.openaiCookies !== after.openaiCookies ||
      before.codexBinaryPath !== after.codexBinaryPath ||
      before.activeAccountId !== after.activeAccountId ||
      !same(before.accounts, after.accounts) ||
      !same(before.importAccounts, after.importAccounts),
    loginItem: before.launchAtLogin !== after.launchAtLogin,
    redraw: !same(before.display, after.display) || before.trayAccount !== after.trayAccount,
  };
}
