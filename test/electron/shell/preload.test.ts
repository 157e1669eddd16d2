// Runs the built preload (dist/, bundled by `npm run build`) the way a sandboxed renderer does: in its
// own context, with a `require` that knows only 'electron' (here, a recording stand-in for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { ApiEvent, QuotaBarApi } from '../../../shared/quotabar-api.js';
import { IPC_CHANNELS } from '../../../electron/shell/ipc-contract.js';

const compiled = readFileSync(fileURLToPath(new URL('../../../dist/electron/shell/preload.cjs', import.meta.url)), 'utf8');

function loadPreload() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const exposed = new Map<string, unknown>();
  const requested: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, args]);
        return { channel };
      },
      on: (channel: string, fn: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
    },
  };
  const sandboxRequire = (name: string) => {
    requested.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  vm.runInNewContext(compiled, { require: sandboxRequire, module, exports: module.exports });
  const emit = (channel: string, payload: unknown) => {
    for (const fn of listeners.get(channel) ?? []) fn({ sender: 'ipc-event-object' }, payload);
  };
  return { api: exposed.get('quotabar') as QuotaBarApi, exposed, invoked, requested, listeners, emit, compiled };
}

test('the preload requires nothing but electron and exposes one object, window.quotabar', () => {
  const { exposed, requested } = loadPreload();
  assert.deepEqual(requested, ['electron']);
  assert.deepEqual([...exposed.keys()], ['quotabar']);
});

test('its channel names are the ones the main process handles, and no others', () => {
  const { compiled } = loadPreload();
  const used = [...compiled.matchAll(/["'](quotabar:[a-z-]+)["']/g)].map((m) => m[1]);
  assert.deepEqual(new Set(used), new Set(Object.values(IPC_CHANNELS)));
});

test('every API method invokes its channel with exactly its arguments', async () => {
  const { api, invoked } = loadPreload();
  assert.deepEqual(Object.keys(api).sort(), [
    'closeWindow',
    'getState',
    'openPreferences',
    'quit',
    'refresh',
    'saveSettings',
    'setManualCookieHeader',
    'subscribe',
    'useResetCredit',
  ]);
  assert.deepEqual(await api.getState(), { channel: IPC_CHANNELS.getState });
  assert.equal(await api.refresh(), undefined, 'refresh resolves to nothing');
  await api.saveSettings({ launchAtLogin: true });
  await api.setManualCookieHeader(null);
  await api.useResetCredit({ idempotencyKey: '0f8fad5b-d9cb-469f-a165-70867728950e' });
  await api.openPreferences();
  await api.closeWindow();
  await api.quit();
  assert.deepEqual(invoked, [
    [IPC_CHANNELS.getState, []],
    [IPC_CHANNELS.refresh, []],
    [IPC_CHANNELS.saveSettings, [{ launchAtLogin: true }]],
    [IPC_CHANNELS.setManualCookieHeader, [null]],
    [IPC_CHANNELS.useResetCredit, [{ idempotencyKey: '0f8fad5b-d9cb-469f-a165-70867728950e' }]],
    [IPC_CHANNELS.openPreferences, []],
    [IPC_CHANNELS.closeWindow, []],
    [IPC_CHANNELS.quit, []],
  ]);
});

test('subscribers get the event payload only, never the IPC event, and can unsubscribe', () => {
  const { api, emit, listeners } = loadPreload();
  const seen: unknown[][] = [];
  const unsubscribe = api.subscribe((...args: unknown[]) => seen.push(args));
  const event = { type: 'cost', cost: null } as unknown as ApiEvent;
  emit(IPC_CHANNELS.event, event);
  assert.deepEqual(seen, [[event]]);
  unsubscribe();
  emit(IPC_CHANNELS.event, event);
  assert.equal(seen.length, 1);
  assert.equal(listeners.get(IPC_CHANNELS.event)?.size, 0);
  assert.throws(() => api.subscribe('not a function' as unknown as (e: ApiEvent) => void), { name: 'TypeError', message: 'subscribe needs a function' });
});
