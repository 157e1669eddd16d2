// The settings file's shape (one JSON file in QuotaBar's home, shared by the app and the CLI).
// Validation lives in electron/core/settings; this file holds the types and defaults both sides use.

import type { USAGE_SOURCE_SETTINGS } from './usage-model.js';

/** Auto = oauth → rpc → pty; CLI = the codex binary (rpc, then pty); Web = browser cookies only (SOURCE_CHAINS). */
export type UsageSourceSetting = (typeof USAGE_SOURCE_SETTINGS)[number];
export type CookieMode = 'off' | 'automatic' | 'manual';
export type RefreshMode = 'adaptive' | 'fixed';
export type BarsShow = 'remaining' | 'used';
export type ResetStyle = 'countdown' | 'clock';
export type ThemeSetting = 'system' | 'light' | 'dark';
/** Which account the tray icon follows: the shown one, or the one with the least weekly quota left. */
export type TrayAccountSetting = 'shown' | 'lowest';

export interface ThresholdSetting {
  enabled: boolean;
  /** "% left" levels, 1–99, highest first. */
  levels: number[];
}

export interface CodexAccountSetting {
  id: string;
  label: string;
  /** A Codex home folder; one home is one account (interface §1). */
  codexHome: string;
}

/** Account pools of other tools QuotaBar may read (read-only, interface §7); both off until asked for. */
export interface ImportAccountsSetting {
  ccs: boolean;
  codexProxy: boolean;
}

export interface Settings {
  version: 1;
  usageSource: UsageSourceSetting;
  /** The pasted Cookie header itself is a secret and never lives in this file (see secret storage). */
  openaiCookies: CookieMode;
  refresh: { mode: RefreshMode; fixedMinutes: number };
  display: { barsShow: BarsShow; resetStyle: ResetStyle; hideEmail: boolean; theme: ThemeSetting };
  notifications: {
    sessionDepletedRestored: boolean;
    session: ThresholdSetting;
    weekly: ThresholdSetting;
    /** About a day before a reset credit expires unused. */
    resetCreditExpiring: boolean;
  };
  launchAtLogin: boolean;
  /** null = discover (interface §1). */
  codexBinaryPath: string | null;
  /** Extra Codex homes; empty = the default home only. */
  accounts: CodexAccountSetting[];
  /**
   * The account to show: null for the default Codex home, the id of an entry of `accounts`, or another
   * account's interface §7 id (`ccs:…`, `codex-proxy:…`). One that is no longer found shows the default home.
   */
  activeAccountId: string | null;
  importAccounts: ImportAccountsSetting;
  trayAccount: TrayAccountSetting;
}

export const FIXED_REFRESH_CHOICES = [1, 2, 5, 15, 30, 60] as const;

export function defaultSettings(): Settings {
  return {
    version: 1,
    usageSource: 'auto',
    openaiCookies: 'off',
    refresh: { mode: 'adaptive', fixedMinutes: 5 },
    display: { barsShow: 'remaining', resetStyle: 'countdown', hideEmail: false, theme: 'system' },
    notifications: {
      sessionDepletedRestored: true,
      session: { enabled: true, levels: [50, 20] },
      weekly: { enabled: false, levels: [50, 20] },
      resetCreditExpiring: true,
    },
    launchAtLogin: false,
    codexBinaryPath: null,
    accounts: [],
    activeAccountId: null,
    importAccounts: { ccs: false, codexProxy: false },
    trayAccount: 'shown',
  };
}
