// Walks the browsers' cookie stores in order, one at a time, so the caller can stop at the first
// profile with the right session and no further browser (or keychain) is touched.

import { findCookieStores, storeLabel, type CookieStore } from './browser-profiles.js';
import { readChromiumCookies } from './chromium-cookies.js';
import { cookieKeysFor, type SafeStorageContext } from './chromium-safe-storage.js';
import { readFirefoxCookies } from './firefox-cookies.js';
import type { StoreCookies } from './raw-cookie.js';
import { readSafariCookies } from './safari-binarycookies.js';
import { SnapshotError } from './sqlite-snapshot.js';

/** Importing cookies needs exactly what unlocking a browser's safe storage needs. */
export type ImportOptions = SafeStorageContext;

export interface ImportedStore extends StoreCookies {
  store: CookieStore;
  /** "Chrome (Default)" */
  label: string;
}

export async function readStore(store: CookieStore, options: ImportOptions): Promise<StoreCookies> {
  try {
    if (store.kind === 'safari') return readSafariCookies(store.cookiesPath);
    if (store.kind === 'firefox') return readFirefoxCookies(store.cookiesPath);
    const keys = cookieKeysFor(store, {
      env: options.env,
      platform: options.platform,
      interactive: options.interactive,
      gate: options.gate,
      keyCache: options.keyCache,
      dpapiUnprotect: options.dpapiUnprotect,
      helperTimeoutMs: options.helperTimeoutMs,
      now: options.now,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return await readChromiumCookies(store.cookiesPath, store.browserName, options.platform, keys);
  } catch (error) {
    // One unreadable profile must not hide the others: it becomes a note and the walk goes on.
    if (error instanceof SnapshotError) return { cookies: [], notes: [error.message] };
    throw error;
  }
}

export async function* importBrowserCookies(options: ImportOptions): AsyncGenerator<ImportedStore> {
  for (const store of findCookieStores(options.env, options.platform)) {
    if (options.signal?.aborted) return;
    const result = await readStore(store, options);
    yield { ...result, store, label: storeLabel(store) };
  }
}
