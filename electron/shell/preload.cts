// The renderer's bridge: exposes QuotaBarApi as window.quotabar over IPC. It runs sandboxed, so it
// is CommonJS and may require only 'electron'; the channel names are therefore repeated here
// (test/electron/shell/preload.test.ts checks them against ipc-contract.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may only require('electron')
import electron = require('electron');
import type { ApiEvent, QuotaBarApi, SaveSettingsResult, SettingsPatch, AppState } from '../../shared/quotabar-api.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from '../../shared/reset-credits.js';

const CHANNELS = {
  getState: 'quotabar:get-state',
  refresh: 'quotabar:refresh',
  saveSettings: 'quotabar:save-settings',
  setManualCookieHeader: 'quotabar:set-manual-cookie-header',
  useResetCredit: 'quotabar:use-reset-credit',
  openPreferences: 'quotabar:open-preferences',
  closeWindow: 'quotabar:close-window',
  quit: 'quotabar:quit',
  event: 'quotabar:event',
} as const;

const { contextBridge, ipcRenderer } = electron;

const api: QuotaBarApi = {
  getState: () => ipcRenderer.invoke(CHANNELS.getState) as Promise<AppState>,
  refresh: async () => {
    await ipcRenderer.invoke(CHANNELS.refresh);
  },
  saveSettings: (patch: SettingsPatch) => ipcRenderer.invoke(CHANNELS.saveSettings, patch) as Promise<SaveSettingsResult>,
  setManualCookieHeader: (header: string | null) => ipcRenderer.invoke(CHANNELS.setManualCookieHeader, header) as Promise<SaveSettingsResult>,
  useResetCredit: (request: ResetCreditUseRequest) => ipcRenderer.invoke(CHANNELS.useResetCredit, request) as Promise<ResetCreditUseResult>,
  subscribe: (listener: (event: ApiEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    // Only the payload crosses into the page, never Electron's event object (it carries `sender`).
    const forward = (_event: unknown, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(CHANNELS.event, forward);
    };
  },
  openPreferences: async () => {
    await ipcRenderer.invoke(CHANNELS.openPreferences);
  },
  closeWindow: async () => {
    await ipcRenderer.invoke(CHANNELS.closeWindow);
  },
  quit: async () => {
    await ipcRenderer.invoke(CHANNELS.quit);
  },
};

contextBridge.exposeInMainWorld('quotabar', api);
