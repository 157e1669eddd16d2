import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppStore } from '../../../renderer/state/app-store.js';
import { appState, costReport, failure, plusReport } from '../popover-fixtures.js';
import { fakeQuotaBarApi } from '../fake-quotabar-api.js';

test('start() loads the state and follows pushed events', async () => {
  const api = fakeQuotaBarApi(appState());
  const store = createAppStore(api);
  const stop = store.getState().start();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(store.getState().state?.lastGoodUsage, plusReport());
  api.emit({ type: 'usage', usage: failure() });
  assert.ok(store.getState().state?.usage && 'error' in (store.getState().state?.usage ?? {}));
  assert.deepEqual(store.getState().state?.lastGoodUsage, plusReport(), 'a failure keeps the last good usage');
  const cheaper = { ...costReport(), totals: { ...costReport().totals, costUSD: 1 } };
  api.emit({ type: 'cost', cost: cheaper });
  assert.equal(store.getState().state?.cost?.totals.costUSD, 1);
  stop();
  api.emit({ type: 'state', state: appState({ version: 'after-stop' }) });
  assert.notEqual(store.getState().state?.version, 'after-stop');
});

test('a setting shows at once and stays when saved, and goes back when refused', async () => {
  const api = fakeQuotaBarApi(appState());
  const store = createAppStore(api, appState());
  const saving = store.getState().saveSettings({ display: { barsShow: 'used' } });
  assert.equal(store.getState().state?.settings.display.barsShow, 'used', 'optimistic');
  await saving;
  assert.equal(store.getState().state?.settings.display.barsShow, 'used');

  api.saveSettings = async () => ({ ok: false, errors: [{ path: 'display.theme', message: 'no' }] });
  const refused = await store.getState().saveSettings({ display: { theme: 'dark' } });
  assert.equal(refused.ok, false);
  assert.equal(store.getState().state?.settings.display.theme, 'system');
  assert.equal(store.getState().state?.settings.display.barsShow, 'used');
});

test('a refresh that cannot reach the API becomes a message, not an exception', async () => {
  const api = fakeQuotaBarApi(appState());
  api.refresh = async () => {
    throw new Error('QuotaBar is not reachable. Is `quotabar serve` still running?');
  };
  const store = createAppStore(api, appState());
  await store.getState().refresh();
  assert.match(store.getState().apiError ?? '', /not reachable/);
  assert.equal(store.getState().refreshRequested, false);
});

test('a state pushed while the state after a refresh is on its way wins over that older answer', async () => {
  const api = fakeQuotaBarApi(appState({ refreshing: true }));
  const store = createAppStore(api, appState());
  const stop = store.getState().start();
  await new Promise((r) => setImmediate(r));
  // The answer was taken while the next refresh still ran; the end of that refresh is pushed before it arrives.
  let answer: (state: ReturnType<typeof appState>) => void = () => {};
  api.getState = () =>
    new Promise((resolve) => {
      answer = resolve;
    });
  const refreshing = store.getState().refresh();
  await new Promise((r) => setImmediate(r));
  api.emit({ type: 'state', state: appState({ refreshing: false, version: 'pushed' }) });
  answer(appState({ refreshing: true, version: 'answered' }));
  await refreshing;
  assert.equal(store.getState().state?.version, 'pushed');
  assert.equal(store.getState().state?.refreshing, false);
  stop();
});

test('the state after a refresh is shown when nothing was pushed meanwhile', async () => {
  const api = fakeQuotaBarApi(appState());
  const store = createAppStore(api, appState());
  api.state = appState({ version: 'answered' });
  await store.getState().refresh();
  assert.equal(store.getState().state?.version, 'answered');
});

test('a refresh that began elsewhere shows as refreshing until the state that ends it', async () => {
  const api = fakeQuotaBarApi(appState());
  const store = createAppStore(api, appState({ refreshing: false }));
  const stop = store.getState().start();
  await new Promise((r) => setImmediate(r));
  api.emit({ type: 'refreshing' });
  assert.equal(store.getState().state?.refreshing, true);
  assert.deepEqual(store.getState().state?.usage, appState().usage, 'nothing else changes');
  api.emit({ type: 'state', state: appState({ refreshing: false }) });
  assert.equal(store.getState().state?.refreshing, false);
  stop();
});
