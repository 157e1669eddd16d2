// The renderer's bridge: exposes QuotaBarApi as window.quotabar over IPC. It runs sandboxed, so it
// must be one CommonJS file that requires nothing but 'electron': the build bundles it with the channel
// list (scripts/build.mjs → dist/electron/shell/preload.cjs).
import electron from 'electron';
import { IPC_CHANNELS } from './ipc-channels.js';
import type { ApiEvent, QuotaBarApi, SaveSettingsResult, SettingsPatch, AppState } from '../../shared/quotabar-api.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from '../../shared/reset-credits.js';

const { contextBridge, ipcRenderer } = electron;

const api: QuotaBarApi = {
  getState: () => ipcRenderer.invoke(IPC_CHANNELS.getState) as Promise<AppState>,
  refresh: async () => {
    await ipcRenderer.invoke(IPC_CHANNELS.refresh);
  },
  saveSettings: (patch: SettingsPatch) => ipcRenderer.invoke(IPC_CHANNELS.saveSettings, patch) as Promise<SaveSettingsResult>,
  setManualCookieHeader: (header: string | null) => ipcRenderer.invoke(IPC_CHANNELS.setManualCookieHeader, header) as Promise<SaveSettingsResult>,
  useResetCredit: (request: ResetCreditUseRequest) => ipcRenderer.invoke(IPC_CHANNELS.useResetCredit, request) as Promise<ResetCreditUseResult>,
  subscribe: (listener: (event: ApiEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    // Only the payload crosses into the page, never Electron's event object (it carries `sender`).
    const forward = (_event: unknown, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(IPC_CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, forward);
    };
  },
  openPreferences: async () => {
    await ipcRenderer.invoke(IPC_CHANNELS.openPreferences);
  },
  closeWindow: async () => {
    await ipcRenderer.invoke(IPC_CHANNELS.closeWindow);
  },
  quit: async () => {
    await ipcRenderer.invoke(IPC_CHANNELS.quit);
  },
};

contextBridge.exposeInMainWorld('quotabar', api);
