// The one typed API the renderer talks to. In Electron the preload provides it over IPC;
// in `quotabar serve` an HTTP + Server-Sent-Events client provides it. Nothing secret crosses it.

import type { AccountOrigin } from './accounts-model.js';
import type { CostReport } from './cost-model.js';
import type { Settings } from './settings-model.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from './reset-credits.js';
import type { HistoryReport } from './usage-history.js';
import type { UsageReport, UsageResult } from './usage-model.js';

export interface AppState {
  version: string;
  /** The latest refresh's result (a report or a failure), null before the first refresh ends. */
  usage: UsageResult | null;
  /** The last successful report, kept visible while a later refresh fails. */
  lastGoodUsage: UsageReport | null;
  cost: CostReport | null;
  /** A cost scan failure message, if the last scan failed. */
  costError: string | null;
  refreshing: boolean;
  settings: Settings;
  /** Whether a pasted Cookie header is stored (its value never leaves the main process). */
  manualCookieHeaderSet: boolean;
  /** Whether a pasted Cookie header survives a restart (not without an OS keyring, nor in `quotabar serve`). */
  manualCookieHeaderPersistent: boolean;
  /** 'electron' in the tray app, 'web' in `quotabar serve` (hides Quit, launch-at-login…). */
  host: 'electron' | 'web';
  /** The shown account's usage history of the last 7 days (interface §8), when a history is kept. */
  history?: HistoryReport | null;
  /**
   * Every account QuotaBar can read (interface §7 order: the default home, settings homes, then imports).
   * Empty (or absent) while there is only the default home: the popover then looks as with one account.
   */
  accounts?: AccountEntry[];
  /**
   * The §7 id of the shown account: the one `usage` belongs to, the popover expands and the tray follows.
   * Showing another one is `saveSettings({ activeAccountId: id })`; a change of either field comes as a `state` event.
   */
  shownAccountId?: string | null;
}

/** One account of the popover's list. Never holds a token: only what `usage --all-accounts --json` prints. */
export interface AccountEntry {
  id: string;
  label: string;
  origin: AccountOrigin;
  email: string | null;
  /** The latest fetch's result, null before its first fetch ends. */
  usage: UsageResult | null;
  /** The last successful report, kept visible while a later fetch fails. */
  lastGoodUsage: UsageReport | null;
}

export type ApiEvent =
  /** Something changed; a refresh ends with exactly one of these, carrying everything it found. */
  | { type: 'state'; state: AppState }
  /** A refresh began: `refreshing` is true until the `state` event that ends it. */
  | { type: 'refreshing' }
  | { type: 'usage'; usage: UsageResult }
  | { type: 'cost'; cost: CostReport }
  /** After a refresh was recorded: the `quotabar history --json` object (7 days, every account). */
  | { type: 'history'; history: HistoryReport };

export type SettingsPatch = DeepPartial<Omit<Settings, 'version'>>;

export type DeepPartial<T> = T extends Array<infer _U> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export type SaveSettingsResult = { ok: true; settings: Settings } | { ok: false; errors: Array<{ path: string; message: string }> };

/** What this page may change (`quotabar serve`'s GET /api/access; the tray app may change everything). */
export interface ApiAccess {
  /** False on a `quotabar serve` page opened without the printed `?token=` link: read-only. */
  canWrite: boolean;
  /** Settings this page never changes (they name a program or a folder): the app or the settings file does. */
  fixedSettings: string[];
}

export interface QuotaBarApi {
  getState(): Promise<AppState>;
  /** Absent in the tray app, where everything may be changed. */
  getAccess?(): Promise<ApiAccess>;
  /** Asks for a refresh of usage (and cost); resolves when it is done. */
  refresh(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult>;
  /** Stores (or, with null, forgets) the pasted Cookie header for manual cookie mode. */
  setManualCookieHeader(header: string | null): Promise<SaveSettingsResult>;
  /**
   * Spends one reset credit of the shown account; only ever after the person confirmed it. A fresh
   * `idempotencyKey` (UUID) per confirmed action, the same one when that action is retried.
   */
  useResetCredit(request: ResetCreditUseRequest): Promise<ResetCreditUseResult>;
  /** Called for every pushed event; returns an unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  openPreferences(): Promise<void>;
  closeWindow(): Promise<void>;
  quit(): Promise<void>;
}
