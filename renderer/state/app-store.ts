// The renderer's state: the main side's AppState as last received, plus what only the page knows
// (whether the API is reachable). One store per page, fed by QuotaBarApi events.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiAccess, ApiEvent, AppState, QuotaBarApi, SaveSettingsResult, SettingsPatch } from '../../shared/quotabar-api.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from '../../shared/reset-credits.js';
import { mergePatch } from '../../shared/settings-patch.js';
import { isUsageFailure } from '../../shared/usage-model.js';

export interface AppStoreState {
  state: AppState | null;
  /** Set when the API itself failed (server gone, 401): shown like a refresh error. */
  apiError: string | null;
  /** A refresh asked for from this page is under way (the main side's flag may lag a moment). */
  refreshRequested: boolean;
  /** What this page may change; everything until the API says otherwise. */
  access: ApiAccess;
  start(): () => void;
  refresh(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult>;
  setManualCookieHeader(header: string | null): Promise<SaveSettingsResult>;
  /** Spends one reset credit; only after the person confirmed it in the popover. */
  useResetCredit(request: ResetCreditUseRequest): Promise<ResetCreditUseResult>;
  openPreferences(): Promise<void>;
  closeWindow(): Promise<void>;
  quit(): Promise<void>;
}

export type AppStore = StoreApi<AppStoreState>;

const FULL_ACCESS: ApiAccess = { canWrite: true, fixedSettings: [] };

/** `initial` lets a page (or a test) start from a known state instead of skeletons. */
export function createAppStore(api: QuotaBarApi, initial: AppState | null = null): AppStore {
  return createStore<AppStoreState>()((set, get) => {
    const fail = (error: unknown) => set({ apiError: error instanceof Error ? error.message : String(error) });
    // Every change on the main side is pushed, so an event that arrives while a state is being fetched
    // is at least as new as that state: the fetched one then only fills in when nothing came.
    let eventsApplied = 0;
    const loadState = async (): Promise<void> => {
      const seen = eventsApplied;
      const state = await api.getState();
      set(eventsApplied === seen ? { state, apiError: null } : { apiError: null });
    };
    const apply = (event: ApiEvent) => {
      eventsApplied += 1;
      const current = get().state;
      if (event.type === 'state') {
        set({ state: event.state, apiError: null });
      } else if (current !== null && event.type === 'refreshing') {
        set({ state: { ...current, refreshing: true } });
      } else if (current !== null && event.type === 'usage') {
        set({
          state: { ...current, usage: event.usage, lastGoodUsage: isUsageFailure(event.usage) ? current.lastGoodUsage : event.usage },
        });
      } else if (current !== null && event.type === 'cost') {
        set({ state: { ...current, cost: event.cost, costError: null } });
      }
    };
    return {
      state: initial,
      apiError: null,
      refreshRequested: false,
      access: FULL_ACCESS,
      start() {
        const unsubscribe = api.subscribe(apply);
        api.getAccess?.().then((access) => set({ access }), fail);
        loadState().catch(fail);
        return unsubscribe;
      },
      async refresh() {
        if (get().refreshRequested) return;
        set({ refreshRequested: true });
        try {
          await api.refresh();
          await loadState();
        } catch (error) {
          fail(error);
        } finally {
          set({ refreshRequested: false });
        }
      },
      async saveSettings(patch) {
        // Shown at once, so a control never flips back while the save is on its way; the answer
        // (the stored settings, or a refusal) then decides.
        const before = get().state;
        if (before !== null) set({ state: { ...before, settings: mergePatch(before.settings, patch) } });
        const revert = () => {
          const current = get().state;
          if (before !== null && current !== null) set({ state: { ...current, settings: before.settings } });
        };
        let result: SaveSettingsResult;
        try {
          result = await api.saveSettings(patch);
        } catch (error) {
          revert();
          throw error;
        }
        const current = get().state;
        if (result.ok && current !== null) set({ state: { ...current, settings: result.settings } });
        if (!result.ok) revert();
        return result;
      },
      async setManualCookieHeader(header) {
        const result = await api.setManualCookieHeader(header);
        const current = get().state;
        if (result.ok && current !== null) set({ state: { ...current, manualCookieHeaderSet: header !== null } });
        return result;
      },
      useResetCredit: (request) => api.useResetCredit(request),
      openPreferences: () => api.openPreferences().catch(fail),
      closeWindow: () => api.closeWindow().catch(fail),
      quit: () => api.quit().catch(fail),
    };
  });
}
