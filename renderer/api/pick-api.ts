// One QuotaBarApi per page: the preload's bridge inside Electron, the HTTP client in a browser.

import type { QuotaBarApi } from '../../shared/quotabar-api.js';
import { createHttpApiClient } from './http-api-client.js';
import { navigateTo } from '../view-route.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser. */
    quotabar?: QuotaBarApi;
  }
}

export function pickApi(win: Window = window): QuotaBarApi {
  if (win.quotabar !== undefined && typeof win.quotabar.getState === 'function') return win.quotabar;
  return createHttpApiClient({ navigate: (view) => navigateTo(win, view) });
}
