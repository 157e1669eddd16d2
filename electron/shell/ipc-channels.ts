// The IPC channel names, the one list both sides use. It imports nothing, so the preload (bundled into
// one CommonJS file that may require only 'electron') carries this very list.
export const IPC_CHANNELS = {
  getState: 'quotabar:get-state',
  refresh: 'quotabar:refresh',
  saveSettings: 'quotabar:save-settings',
  setManualCookieHeader: 'quotabar:set-manual-cookie-header',
  useResetCredit: 'quotabar:use-reset-credit',
  openPreferences: 'quotabar:open-preferences',
  closeWindow: 'quotabar:close-window',
  quit: 'quotabar:quit',
  /** main → renderer pushes of ApiEvent */
  event: 'quotabar:event',
} as const;
