// An in-memory QuotaBarApi for component tests: it holds an AppState and records what was asked.

import type { ApiEvent, AppState, QuotaBarApi, SaveSettingsResult, SettingsPatch } from '../../shared/quotabar-api.js';
import { mergePatch } from '../../shared/settings-patch.js';
import { resetCreditOutcomeMessage, type ResetCreditUseRequest, type ResetCreditUseResult } from '../../shared/reset-credits.js';

export interface FakeApi extends QuotaBarApi {
  calls: string[];
  state: AppState;
  emit(event: ApiEvent): void;
  /** What `useResetCredit` answers (default: the limits were reset). */
  resetCreditResult?: (request: ResetCreditUseRequest) => Promise<ResetCreditUseResult>;
}

export function fakeQuotaBarApi(initial: AppState): FakeApi {
  const listeners = new Set<(e: ApiEvent) => void>();
  const api: FakeApi = {
    calls: [],
    state: initial,
    emit: (event) => listeners.forEach((l) => l(event)),
    async getState() {
      api.calls.push('getState');
      return api.state;
    },
    async refresh() {
      api.calls.push('refresh');
    },
    async saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult> {
      api.calls.push(`saveSettings ${JSON.stringify(patch)}`);
      api.state = { ...api.state, settings: mergePatch(api.state.settings, patch) };
      return { ok: true, settings: api.state.settings };
    },
    async setManualCookieHeader(header) {
      api.calls.push(header === null ? 'forgetCookieHeader' : 'setCookieHeader');
      return { ok: true, settings: api.state.settings };
    },
    async useResetCredit(request) {
      api.calls.push(`useResetCredit ${JSON.stringify(request)}`);
      if (api.resetCreditResult) return api.resetCreditResult(request);
      return { ok: true, outcome: 'reset', message: resetCreditOutcomeMessage('reset'), idempotencyKey: request.idempotencyKey };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openPreferences() {
      api.calls.push('openPreferences');
    },
    async closeWindow() {
      api.calls.push('closeWindow');
    },
    async quit() {
      api.calls.push('quit');
    },
  };
  return api;
}
