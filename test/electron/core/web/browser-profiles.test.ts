import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserSpecs, findCookieStores, parseProfilesIni, storeLabel } from '../../../../electron/core/web/browser-profiles.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';
import { writeLocalState, writeProfilesIni } from './cookie-fixtures.js';

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

function summary(stores: ReturnType<typeof findCookieStores>, home: string): string[] {
  return stores.map((s) => `${storeLabel(s)} ${s.cookiesPath.slice(home.length + 1)}`);
}

test('Linux: Chrome profiles (last used first), snap Chromium, Brave and Firefox via profiles.ini, in trying order', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const home = dir.path;
  const chrome = join(home, '.config', 'google-chrome');
  touch(join(chrome, 'Default', 'Network', 'Cookies'));
  touch(join(chrome, 'Profile 2', 'Cookies'));
  touch(join(chrome, 'Profile 10', 'Network', 'Cookies'));
  touch(join(chrome, 'Profile 3', 'Preferences')); // no cookie file: not a store
  writeLocalState(chrome, null, { lastUsed: 'Profile 10' });
  touch(join(home, 'snap', 'chromium', 'common', 'chromium', 'Default', 'Cookies'));
  touch(join(home, '.config', 'BraveSoftware', 'Brave-Browser', 'Default', 'Network', 'Cookies'));
  const ff = join(home, '.mozilla', 'firefox');
  touch(join(ff, 'aaaa.default', 'cookies.sqlite'));
  touch(join(ff, 'bbbb.default-release', 'cookies.sqlite'));
  writeProfilesIni(
    ff,
    [
      { name: 'default', path: 'aaaa.default', isDefault: true },
      { name: 'default-release', path: 'bbbb.default-release' },
    ],
    'bbbb.default-release',
  );

  const stores = findCookieStores({ HOME: home }, 'linux');
  assert.deepEqual(summary(stores, home), [
    'Chrome (Profile 10) .config/google-chrome/Profile 10/Network/Cookies',
    'Chrome (Default) .config/google-chrome/Default/Network/Cookies',
    'Chrome (Profile 2) .config/google-chrome/Profile 2/Cookies',
    'Firefox (bbbb.default-release) .mozilla/firefox/bbbb.default-release/cookies.sqlite',
    'Firefox (aaaa.default) .mozilla/firefox/aaaa.default/cookies.sqlite',
    'Chromium (Default) snap/chromium/common/chromium/Default/Cookies',
    'Brave (Default) .config/BraveSoftware/Brave-Browser/Default/Network/Cookies',
  ]);
  assert.equal(stores[0]?.safeStorage?.linuxApplication, 'chrome');
  assert.equal(stores[0]?.userDataDir, chrome);
});

test('Linux honours XDG_CONFIG_HOME for Chromium browsers', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const xdg = join(dir.path, 'xdg');
  touch(join(xdg, 'microsoft-edge', 'Default', 'Network', 'Cookies'));
  const stores = findCookieStores({ HOME: join(dir.path, 'home'), XDG_CONFIG_HOME: xdg }, 'linux');
  assert.deepEqual(stores.map(storeLabel), ['Microsoft Edge (Default)']);
  assert.equal(stores[0]?.safeStorage?.kwalletFolder, 'Microsoft Edge Keys');
});

test('macOS: Safari (sandboxed container), Chrome, Firefox, then Arc and ChatGPT Atlas, each with its Keychain item', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const home = dir.path;
  const support = join(home, 'Library', 'Application Support');
  touch(join(home, 'Library', 'Containers', 'com.apple.Safari', 'Data', 'Library', 'Cookies', 'Cookies.binarycookies'));
  touch(join(home, 'Library', 'Cookies', 'Cookies.binarycookies'));
  touch(join(support, 'Google', 'Chrome', 'Default', 'Cookies'));
  touch(join(support, 'Firefox', 'Profiles', 'x1.default-release', 'cookies.sqlite'));
  touch(join(support, 'Arc', 'User Data', 'Default', 'Network', 'Cookies'));
  touch(join(support, 'com.openai.atlas', 'browser-data', 'host', 'Default', 'Cookies'));
  const stores = findCookieStores({ HOME: home }, 'darwin');
  assert.deepEqual(stores.map(storeLabel), ['Safari', 'Chrome (Default)', 'Firefox (x1.default-release)', 'Arc (Default)', 'ChatGPT Atlas (Default)']);
  assert.match(stores[0]?.cookiesPath ?? '', /Containers\/com\.apple\.Safari/);
  assert.deepEqual([stores[1]?.safeStorage?.macService, stores[1]?.safeStorage?.macAccount], ['Chrome Safe Storage', 'Chrome']);
  assert.deepEqual([stores[4]?.safeStorage?.macService, stores[4]?.safeStorage?.macAccount], ['ChatGPT Atlas Safe Storage', 'com.openai.atlas']);
});

test('Windows: Chrome and Edge under %LOCALAPPDATA%, Opera (profile in its root) and Firefox under %APPDATA%', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const home = dir.path;
  const local = join(home, 'AppData', 'Local');
  const roaming = join(home, 'AppData', 'Roaming');
  touch(join(local, 'Google', 'Chrome', 'User Data', 'Default', 'Network', 'Cookies'));
  touch(join(local, 'Microsoft', 'Edge', 'User Data', 'Profile 1', 'Network', 'Cookies'));
  touch(join(roaming, 'Opera Software', 'Opera Stable', 'Network', 'Cookies'));
  touch(join(roaming, 'Mozilla', 'Firefox', 'Profiles', 'w.default-release', 'cookies.sqlite'));
  const stores = findCookieStores({ USERPROFILE: home }, 'win32');
  assert.deepEqual(stores.map(storeLabel), ['Chrome (Default)', 'Microsoft Edge (Profile 1)', 'Firefox (w.default-release)', 'Opera (Default)']);
  assert.equal(stores[0]?.userDataDir, join(local, 'Google', 'Chrome', 'User Data'));
  // Explicit %LOCALAPPDATA% wins over the home-relative default.
  const elsewhere = join(dir.path, 'other-local');
  touch(join(elsewhere, 'BraveSoftware', 'Brave-Browser', 'User Data', 'Default', 'Network', 'Cookies'));
  assert.deepEqual(findCookieStores({ USERPROFILE: home, LOCALAPPDATA: elsewhere, APPDATA: roaming }, 'win32').map(storeLabel), [
    'Firefox (w.default-release)',
    'Brave (Default)',
    'Opera (Default)',
  ]);
});

test('Safari is only looked for on macOS, and every OS lists the Chromium forks of the reference', () => {
  const env = { HOME: '/nonexistent-home' };
  assert.equal(
    browserSpecs(env, 'linux').some((s) => s.kind === 'safari'),
    false,
  );
  assert.equal(
    browserSpecs(env, 'win32').some((s) => s.kind === 'safari'),
    false,
  );
  const mac = browserSpecs(env, 'darwin').map((s) => s.id);
  for (const id of ['safari', 'chrome', 'firefox', 'edge', 'brave', 'arc', 'dia', 'atlas', 'chromium', 'helium', 'vivaldi', 'yandex', 'zen', 'comet']) {
    assert.ok(mac.includes(id), id);
  }
  assert.deepEqual(mac.slice(0, 3), ['safari', 'chrome', 'firefox']);
  assert.deepEqual(findCookieStores(env, 'darwin'), []);
});

test('profiles.ini: the [Install…] default wins over Default=1, and absolute paths are kept', () => {
  const text = [
    '[Profile1]',
    'Name=work',
    'IsRelative=0',
    'Path=/abs/work',
    '',
    '[Profile0]',
    'Name=default',
    'IsRelative=1',
    'Path=Profiles/abc.default',
    'Default=1',
    '',
    '[Install123]',
    'Default=/abs/work',
    '',
  ].join('\r\n');
  assert.deepEqual(parseProfilesIni(text, '/root'), [
    { path: '/abs/work', isDefault: true },
    { path: join('/root', 'Profiles', 'abc.default'), isDefault: false },
  ]);
});
