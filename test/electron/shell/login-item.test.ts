import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginItemPlan } from '../../../electron/shell/login-item.js';

const base = { execPath: '/opt/QuotaBar/quotabar', appPath: '/opt/QuotaBar/resources/app.asar', isPackaged: true, env: { HOME: '/home/me' } };

test('macOS registers the app bundle itself', () => {
  assert.deepEqual(loginItemPlan({ ...base, enabled: true, platform: 'darwin' }), { kind: 'electron', settings: { openAtLogin: true } });
  assert.deepEqual(loginItemPlan({ ...base, enabled: false, platform: 'darwin' }), { kind: 'electron', settings: { openAtLogin: false } });
});

test('Windows names the executable, and the same path and arguments when turning it off', () => {
  const exe = 'C:\\Users\\me\\AppData\\Local\\Programs\\QuotaBar\\QuotaBar.exe';
  const on = loginItemPlan({ ...base, execPath: exe, enabled: true, platform: 'win32' });
  const off = loginItemPlan({ ...base, execPath: exe, enabled: false, platform: 'win32' });
  assert.deepEqual(on, { kind: 'electron', settings: { openAtLogin: true, path: exe, args: [] } });
  assert.deepEqual(off, { kind: 'electron', settings: { openAtLogin: false, path: exe, args: [] } });
  const dev = loginItemPlan({
    ...base,
    execPath: 'C:\\repo\\node_modules\\electron\\dist\\electron.exe',
    appPath: 'C:\\my repo',
    isPackaged: false,
    enabled: true,
    platform: 'win32',
  });
  assert.deepEqual(dev.kind === 'electron' && dev.settings.args, ['"C:\\my repo"'], 'the app folder, quoted, under npm start');
});

test('Linux writes an XDG autostart entry for the AppImage file, not its temporary mount', () => {
  const appImage = loginItemPlan({
    ...base,
    execPath: '/tmp/.mount_QuotaBxyz/quotabar',
    enabled: true,
    platform: 'linux',
    env: { HOME: '/home/me', APPIMAGE: '/home/me/Apps/QuotaBar.AppImage' },
  });
  assert.deepEqual(appImage, { kind: 'xdg-autostart', path: '/home/me/.config/autostart/quotabar.desktop', command: ['/home/me/Apps/QuotaBar.AppImage'] });
  const deb = loginItemPlan({ ...base, enabled: true, platform: 'linux', env: { HOME: '/home/me', XDG_CONFIG_HOME: '/home/me/.cfg' } });
  assert.deepEqual(deb, { kind: 'xdg-autostart', path: '/home/me/.cfg/autostart/quotabar.desktop', command: ['/opt/QuotaBar/quotabar'] });
  const off = loginItemPlan({ ...base, enabled: false, platform: 'linux' });
  assert.deepEqual(off, { kind: 'xdg-autostart', path: '/home/me/.config/autostart/quotabar.desktop', command: null });
  const dev = loginItemPlan({
    ...base,
    execPath: '/repo/node_modules/electron/dist/electron',
    appPath: '/repo',
    isPackaged: false,
    enabled: true,
    platform: 'linux',
    env: { HOME: '/home/me', APPIMAGE: '/ignored' },
  });
  assert.deepEqual(dev.kind === 'xdg-autostart' && dev.command, ['/repo/node_modules/electron/dist/electron', '/repo']);
});
