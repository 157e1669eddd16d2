// The windows' construction options and the web security policy, as plain data so tests can assert them.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { isAppUrl } from '../core/desktop/app-protocol.js';

export const POPOVER_WIDTH = 360;
export const POPOVER_HEIGHT = 520;

/**
 * Everything the page needs comes from our own origin; nothing is inlined, evaluated, framed or
 * posted anywhere. The renderer talks to the main process only through the preload bridge.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "media-src 'none'",
].join('; ');

/** Headers on every app:// response. */
export function securityHeaders(mimeType: string): Record<string, string> {
  return {
    'content-type': mimeType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}

export function hardenedWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    enableWebSQL: false,
    devTools,
  };
}

export interface WindowOptionsInput {
  preloadPath: string;
  /** The system is in dark mode: the window's background before the page paints. */
  dark: boolean;
  platform: NodeJS.Platform;
  /** DevTools only in development builds. */
  devTools: boolean;
}

const background = (dark: boolean) => (dark ? '#1f2328' : '#ffffff');

/** The popover: a small frameless panel that floats over everything and stays out of the taskbar. */
export function popoverWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: POPOVER_WIDTH,
    height: POPOVER_HEIGHT,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    // macOS: a panel does not activate the app's (hidden) Dock presence or steal the menu bar.
    ...(input.platform === 'darwin' ? { type: 'panel' } : {}),
    title: 'QuotaBar',
    backgroundColor: background(input.dark),
    roundedCorners: true,
    webPreferences: hardenedWebPreferences(input.preloadPath, input.devTools),
  };
}

export function preferencesWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 640,
    height: 720,
    minWidth: 520,
    minHeight: 480,
    show: false,
    title: 'QuotaBar Preferences',
    backgroundColor: background(input.dark),
    autoHideMenuBar: true,
    fullscreenable: false,
    webPreferences: hardenedWebPreferences(input.preloadPath, input.devTools),
  };
}

/** In-page navigation only: the hash may change (view routing), the document may not. */
export function isNavigationAllowed(target: string, current: string): boolean {
  if (!isAppUrl(target) || !isAppUrl(current)) return false;
  const a = new URL(target);
  const b = new URL(current);
  return a.origin === b.origin && a.pathname === b.pathname && a.search === b.search;
}

const EXTERNAL_HOSTS = new Set(['chatgpt.com', 'openai.com', 'platform.openai.com', 'help.openai.com', 'status.openai.com', 'github.com']);

/** A link the page may open in the person's browser (https, known hosts, no credentials), or null. */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
    return EXTERNAL_HOSTS.has(parsed.hostname) ? parsed.toString() : null;
  } catch {
    return null;
  }
}
