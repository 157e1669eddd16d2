// Runs electron/shell/main.ts against the Electron double (see electron.mjs), pokes it the way
// Electron and the page would, and prints what happened as one JSON line for main-wiring.test.ts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const exited = new Promise((resolve) => {
  globalThis.__electronDoubleExit = resolve;
});
await import('../../../../electron/shell/main.ts');
const d = globalThis.__electronDouble;
const out = {};
const popover = () => d.BrowserWindow.all[0];
const from = (win) => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });
const invoke = (channel, event, ...args) => d.ipcMain.handlers.get(channel)(event, ...args);

// Wait for startup and the first refresh to finish.
let state = null;
for (let i = 0; i < 400; i++) {
  if (popover()?.webContents.mainFrame && d.ipcMain.handlers.size > 0) {
    state = await invoke('quotabar:get-state', from(popover()));
    if (state.usage !== null && !state.refreshing) break;
  }
  await sleep(25);
}
out.firstUsageError = state?.usage?.error?.code ?? null;
out.channels = [...d.ipcMain.handlers.keys()].sort();
out.schemes = d.record.find((r) => r[0] === 'registerSchemesAsPrivileged')?.[1];
out.userData = d.record.find((r) => r[0] === 'setPath')?.slice(1);
out.tray = {
  representations: d.Tray.current.image.representations.map((r) => [r.scaleFactor, r.width, r.height, r.buffer.subarray(1, 4).toString()]),
  tooltip: d.Tray.current.tooltip,
  menu: d.Tray.current.menu?.template.map((i) => (i.type === 'separator' ? '---' : i.label)),
};
const p = popover();
out.popover = {
  url: p.webContents.url,
  width: p.options.width,
  frame: p.options.frame,
  show: p.options.show,
  web: {
    sandbox: p.options.webPreferences.sandbox,
    contextIsolation: p.options.webPreferences.contextIsolation,
    nodeIntegration: p.options.webPreferences.nodeIntegration,
    preload: p.options.webPreferences.preload.replace(/\\/g, '/').split('/').slice(-3).join('/'),
  },
};

// IPC: a stranger is refused; bad input comes back as field errors; good input is saved.
try {
  await invoke('quotabar:get-state', { sender: { id: 4242 }, senderFrame: { url: 'https://chatgpt.com/', parent: null } });
  out.untrusted = 'accepted';
} catch (error) {
  out.untrusted = error.message;
}
out.saveInvalid = await invoke('quotabar:save-settings', from(p), { refresh: { fixedMinutes: 7 } });
out.saveValid = (await invoke('quotabar:save-settings', from(p), { display: { barsShow: 'used' } })).ok;
out.settingsFile = existsSync(join(process.env.QUOTABAR_HOME, 'settings.json'));
out.cookie = (await invoke('quotabar:set-manual-cookie-header', from(p), '__Secure-next-auth.session-token=abcdefgh123; x=1')).ok;

// The app:// protocol serves the renderer with the CSP, and nothing outside it.
const handler = d.protocol.handlers.get('app');
const page = await handler({ url: 'app://quotabar/index.html#/popover' });
const escape = await handler({ url: 'app://quotabar/..%2f..%2fpackage.json' });
out.protocol = { status: page.status, csp: page.headers.get('content-security-policy'), escape: escape.status };

// Session hardening: page requests to the network are cancelled, permissions refused.
let cancelled = null;
d.session.defaultSession.beforeRequest.fn({ url: 'https://evil.example/x', webContentsId: p.webContents.id }, (r) => {
  cancelled = r.cancel;
});
out.networkCancelled = cancelled;
out.permissionCheck = d.session.defaultSession.permissionCheck();

// Navigation and new windows.
let prevented = false;
p.webContents.emit(
  'will-navigate',
  {
    preventDefault: () => {
      prevented = true;
    },
  },
  'https://evil.example/',
);
out.navigationBlocked = prevented;
out.windowOpen = p.webContents.windowOpenHandler({ url: 'https://chatgpt.com/codex' }).action;

// Tray click toggles the popover next to the cursor (Linux-style zero bounds); Escape hides it.
d.Tray.current.emit('click', {}, { x: 0, y: 0, width: 0, height: 0 });
out.afterClick = { visible: p.visible, position: p.position };
p.webContents.emit('before-input-event', { preventDefault() {} }, { type: 'keyDown', key: 'Escape' });
out.afterEscape = p.visible;

// Preferences opens its own window; the menu's Quit quits, flushing the secret to disk first.
d.Tray.current.menu.template.find((i) => i.id === 'preferences').click();
out.preferencesUrl = d.BrowserWindow.all[1]?.webContents.url ?? null;
d.Tray.current.menu.template.find((i) => i.id === 'quit').click();
out.exitCode = await Promise.race([exited, sleep(5000).then(() => 'timeout')]);
out.trayDestroyed = d.Tray.current.destroyed;
const secrets = join(process.env.QUOTABAR_HOME, 'secrets');
out.secrets = existsSync(secrets) ? readdirSync(secrets) : [];
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
