// Preferences rendered by React without a browser: what it tells the person about a pasted header.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AppState } from '../../../shared/quotabar-api.js';
import { Preferences } from '../../../renderer/preferences/preferences.js';
import { createAppStore } from '../../../renderer/state/app-store.js';
import { StoreProvider } from '../../../renderer/state/store-context.js';
import { appState } from '../popover-fixtures.js';
import { fakeQuotaBarApi } from '../fake-quotabar-api.js';
import { markupText as text } from '../static-markup.js';

function render(state: AppState): string {
  return renderToStaticMarkup(
    <StoreProvider store={createAppStore(fakeQuotaBarApi(state), state)}>
      <Preferences />
    </StoreProvider>,
  );
}
const memoryOnly = /data-testid="pref-cookie-memory-only"/;

test('without a system keyring, the tray app says a pasted header lasts only until it restarts', () => {
  const html = render(appState({ host: 'electron', manualCookieHeaderPersistent: false }, { openaiCookies: 'manual' }));
  assert.match(html, memoryOnly);
  assert.match(text(html), /No system keyring was found \(install GNOME Keyring or KWallet\), so the header is kept in memory only/);
});

test('in quotabar serve, the header is said to live as long as serve runs', () => {
  const html = render(appState({ host: 'web', manualCookieHeaderPersistent: false }, { openaiCookies: 'manual' }));
  assert.match(text(html), /kept in memory only while `quotabar serve` runs/);
});

test('with a keyring, or with cookies not pasted, there is nothing to warn about', () => {
  assert.doesNotMatch(render(appState({ host: 'electron', manualCookieHeaderPersistent: true }, { openaiCookies: 'manual' })), memoryOnly);
  assert.doesNotMatch(render(appState({ host: 'electron', manualCookieHeaderPersistent: false }, { openaiCookies: 'automatic' })), memoryOnly);
});

function renderWithAccess(state: AppState, fixedSettings: string[]): string {
  const store = createAppStore(fakeQuotaBarApi(state), state);
  store.setState({ access: { canWrite: true, fixedSettings } });
  // Rendering on the server reads the store's initial snapshot: make it the one with this access.
  const snapshot = store.getState();
  store.getInitialState = () => snapshot;
  return renderToStaticMarkup(
    <StoreProvider store={store}>
      <Preferences />
    </StoreProvider>,
  );
}

test('the account imports are toggles, disabled with the fixed-settings explanation where the page may not change them', () => {
  const open = renderWithAccess(appState({}, { importAccounts: { ccs: true, codexProxy: false } }), []);
  assert.match(open, /<input id="pref-import-ccs"[^>]*checked=""/);
  assert.doesNotMatch(open, /<input id="pref-import-codex-proxy"[^>]*checked=""/);
  assert.doesNotMatch(open, /id="pref-import-ccs"[^>]*disabled/);
  const fixed = renderWithAccess(appState(), ['codexBinaryPath', 'accounts', 'importAccounts']);
  assert.match(fixed, /id="pref-import-ccs"[^>]*disabled=""/);
  assert.match(fixed, /id="pref-import-codex-proxy"[^>]*disabled=""/);
  assert.match(text(fixed), /Names files of other tools on this computer, so this page never changes it: use the QuotaBar app or settings.json/);
});

test('the tray icon choice offers the shown account or the lowest weekly, with the setting checked', () => {
  const html = text(renderWithAccess(appState({}, { trayAccount: 'lowest' }), []));
  assert.match(html, /Tray icon shows Shown account Lowest weekly/);
  const markup = renderWithAccess(appState({}, { trayAccount: 'lowest' }), []);
  assert.match(markup, /name="tray-account" checked="" value="lowest"/);
  assert.doesNotMatch(markup, /name="tray-account" checked="" value="shown"/);
});

test('the reset-credit warning is a notification toggle that shows the stored setting', () => {
  const on = render(appState());
  assert.match(on, /<input id="pref-credit-expiring"[^>]*checked=""/);
  assert.match(text(on), /Reset credits A day before one expires unused/);
  const base = appState();
  const off = render(appState({}, { notifications: { ...base.settings.notifications, resetCreditExpiring: false } }));
  assert.doesNotMatch(off, /<input id="pref-credit-expiring"[^>]*checked=""/);
});
