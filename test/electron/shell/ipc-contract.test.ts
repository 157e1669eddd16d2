import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../../shared/settings-model.js';
import type { AppState, SaveSettingsResult, SettingsPatch } from '../../../shared/quotabar-api.js';
import { createIpcHandlers, IPC_CHANNELS, IpcRejection, isTrustedSender, type IpcBackend, type IpcSender } from '../../../electron/shell/ipc-contract.js';

const SECRET_VALUE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..secret-cookie-value';
const ours: IpcSender = { webContentsId: 7, frameUrl: 'app://quotabar/index.html#/preferences', isMainFrame: true };

/** Records what reached the backend; the point is what never gets there. */
function recordingBackend() {
  const calls: Array<[string, unknown[]]> = [];
  const state = { settings: defaultSettings() } as AppState;
  const backend: IpcBackend = {
    getState: () => {
      calls.push(['getState', []]);
      return state;
    },
    refresh: async () => {
      calls.push(['refresh', []]);
    },
    saveSettings: (patch: SettingsPatch): SaveSettingsResult => {
      calls.push(['saveSettings', [patch]]);
      return { ok: true, settings: defaultSettings() };
    },
    setManualCookieHeader: (header) => {
      calls.push(['setManualCookieHeader', [header === null ? null : '<header>']]);
      return { ok: true, settings: defaultSettings() };
    },
    useResetCredit: async (request) => {
      calls.push(['useResetCredit', [request]]);
      return { ok: true, outcome: 'reset', message: 'Done', idempotencyKey: request.idempotencyKey };
    },
    openPreferences: () => void calls.push(['openPreferences', []]),
    closeWindow: (id) => void calls.push(['closeWindow', [id]]),
    quit: () => void calls.push(['quit', []]),
  };
  return { backend, calls, handlers: createIpcHandlers(backend, (id) => id === 7) };
}

test('channel names are namespaced and distinct', () => {
  const names = Object.values(IPC_CHANNELS);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((n) => n.startsWith('quotabar:')));
});

test('messages from anything but our own page, top frame and windows are refused before they run', async () => {
  const { handlers, calls } = recordingBackend();
  const strangers: IpcSender[] = [
    { ...ours, frameUrl: 'https://chatgpt.com/' },
    { ...ours, frameUrl: 'file:///home/me/evil.html' },
    { ...ours, frameUrl: 'app://quotabar.evil/index.html' },
    { ...ours, frameUrl: '' },
    { ...ours, isMainFrame: false },
    { ...ours, webContentsId: 99 },
  ];
  for (const sender of strangers) {
    await assert.rejects(handlers.getState(sender, []), IpcRejection);
    await assert.rejects(handlers.saveSettings(sender, [{ launchAtLogin: true }]), /untrusted sender/);
    await assert.rejects(handlers.quit(sender, []), /untrusted sender/);
  }
  assert.deepEqual(calls, []);
  assert.equal(
    isTrustedSender(ours, () => true),
    true,
  );
});

test('channels without arguments refuse any', async () => {
  const { handlers, calls } = recordingBackend();
  await assert.rejects(handlers.refresh(ours, [{ force: true }]), /quotabar:refresh: invalid arguments \(takes no arguments\)/);
  await assert.rejects(handlers.quit(ours, ['now']), IpcRejection);
  await assert.rejects(handlers.closeWindow(ours, [12]), IpcRejection);
  assert.deepEqual(calls, []);
  await handlers.refresh(ours, []);
  await handlers.closeWindow(ours, []);
  assert.deepEqual(
    calls,
    [
      ['refresh', []],
      ['closeWindow', [7]],
    ],
    'closeWindow closes the sender, never a window it names',
  );
});

test('a settings patch is validated field by field before the store sees it', async () => {
  const { handlers, calls } = recordingBackend();
  const bad = (await handlers.saveSettings(ours, [{ refresh: { fixedMinutes: 7 }, display: { barsShow: 'sideways' }, extra: 1 }])) as SaveSettingsResult;
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => e.path).sort(), ['display.barsShow', 'extra', 'refresh.fixedMinutes']);
  for (const args of [[], ['launchAtLogin'], [null], [{ version: 2 }], [{ launchAtLogin: true }, 'second'], [{ constructor: { prototype: {} } }]]) {
    const result = (await handlers.saveSettings(ours, args)) as SaveSettingsResult;
    assert.equal(result.ok, false, JSON.stringify(args));
  }
  assert.deepEqual(calls, []);
  const good = (await handlers.saveSettings(ours, [{ display: { barsShow: 'used' }, notifications: { session: { levels: [20, 50] } } }])) as SaveSettingsResult;
  assert.equal(good.ok, true);
  assert.deepEqual(calls, [['saveSettings', [{ display: { barsShow: 'used' }, notifications: { session: { levels: [50, 20] } } }]]]);
});

test('a pasted cookie header is checked before storing, and errors never repeat it', async () => {
  const { handlers, calls } = recordingBackend();
  for (const header of [42, '', '   ', `a=${SECRET_VALUE}\r\nX-Evil: 1`, `just-${SECRET_VALUE}`, 'x'.repeat(40_000), { value: 'a=b' }]) {
    const result = (await handlers.setManualCookieHeader(ours, [header])) as SaveSettingsResult;
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.errors.every((e) => e.path === 'cookieHeader'));
    assert.doesNotMatch(JSON.stringify(result), /secret-cookie-value|X-Evil/);
  }
  assert.deepEqual(calls, []);
  assert.equal(
    ((await handlers.setManualCookieHeader(ours, [`Cookie: __Secure-next-auth.session-token=${SECRET_VALUE}; oai-did=1`])) as SaveSettingsResult).ok,
    true,
  );
  assert.equal(((await handlers.setManualCookieHeader(ours, [null])) as SaveSettingsResult).ok, true);
  assert.deepEqual(calls, [
    ['setManualCookieHeader', ['<header>']],
    ['setManualCookieHeader', [null]],
  ]);
});

test('valid calls reach the backend and return its answer', async () => {
  const { handlers, calls } = recordingBackend();
  const state = (await handlers.getState(ours, [])) as AppState;
  assert.deepEqual(state.settings, defaultSettings());
  await handlers.openPreferences(ours, []);
  await handlers.quit(ours, []);
  assert.deepEqual(
    calls.map(([name]) => name),
    ['getState', 'openPreferences', 'quit'],
  );
});

test('using a reset credit needs one well-formed request from our own page; anything else never reaches the backend', async () => {
  const { handlers, calls } = recordingBackend();
  const key = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const evil: IpcSender = { webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true };
  await assert.rejects(handlers.useResetCredit(evil, [{ idempotencyKey: key }]), IpcRejection);
  for (const args of [
    [],
    [{}],
    [{ idempotencyKey: 'again' }],
    [{ idempotencyKey: key, window: 'weekly' }],
    [{ idempotencyKey: key }, 'extra'],
    [{ idempotencyKey: key, creditId: 7 }],
  ]) {
    await assert.rejects(handlers.useResetCredit(ours, args), IpcRejection, JSON.stringify(args));
  }
  assert.deepEqual(calls, []);
  const result = await handlers.useResetCredit(ours, [{ idempotencyKey: key, creditId: null }]);
  assert.deepEqual(result, { ok: true, outcome: 'reset', message: 'Done', idempotencyKey: key });
  assert.deepEqual(calls, [['useResetCredit', [{ idempotencyKey: key, creditId: null }]]]);
});
