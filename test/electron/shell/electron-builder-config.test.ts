import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { APP_ID, PRODUCT_NAME } from '../../../electron/core/desktop/app-identity.js';
import { decodeIco } from '../../../electron/core/tray-icon/icon-encoding.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
// electron-builder reads its YAML with js-yaml; parse it the same way.
const yaml = require('js-yaml') as { load(text: string): unknown };
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;

type Config = Record<string, unknown> & {
  mac: { target: string[]; icon: string; extendInfo: Record<string, unknown> };
  win: { target: string[]; icon: string };
  linux: { target: string[]; icon: string };
  files: string[];
};

function loadConfig(): Config {
  return yaml.load(readFileSync(`${root}electron-builder.yml`, 'utf8')) as Config;
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

test('electron-builder.yml is valid against electron-builder’s own configuration schema', () => {
  const validate = validator();
  const ok = validate(loadConfig());
  assert.equal(ok, true, JSON.stringify(validate.errors, null, 2));
});

test('the schema check catches a misspelt or mistyped option', () => {
  const validate = validator();
  assert.equal(validate({ ...loadConfig(), npmRebuilt: true }), false);
  assert.equal(validate({ ...loadConfig(), asar: 'yes' }), false);
});

test('it builds AppImage and deb, NSIS, and a dmg for a Dock-less menu-bar app', () => {
  const config = loadConfig();
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.equal(config.mac.extendInfo.LSUIElement, true);
  assert.equal(config.appId, APP_ID);
  assert.equal(config.productName, PRODUCT_NAME);
});

test('native modules are rebuilt for Electron when packaging, never on install', () => {
  const config = loadConfig();
  assert.equal(config.npmRebuild, true);
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string>; main: string };
  assert.equal(pkg.scripts.postinstall, undefined);
  assert.doesNotMatch(JSON.stringify(pkg.scripts), /install-app-deps|electron-rebuild/);
  assert.match(pkg.scripts.dist ?? '', /package-app\.mjs/);
  assert.match(readFileSync(`${root}scripts/package-app.mjs`, 'utf8'), /--config', 'electron-builder\.yml'/);
  assert.ok((config.asarUnpack as string[]).includes('**/*.node'), 'addons are unpacked from the asar');
});

test('the icons it names exist: a 1024 px PNG for macOS, an .ico up to 256 px for Windows, a size set for Linux', () => {
  const config = loadConfig();
  assert.ok(existsSync(`${root}${config.mac.icon}`));
  const ico = decodeIco(readFileSync(`${root}${config.win.icon}`));
  assert.equal(Math.max(...ico.map((e) => e.width)), 256);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) assert.ok(existsSync(`${root}${config.linux.icon}/${size}x${size}.png`), `${size}x${size}.png`);
});

test('the app package holds the compiled main process, the preload and the built renderer', () => {
  const files = loadConfig().files;
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/electron/shell/main.js');
  for (const pattern of ['dist/electron/**/*.js', 'dist/electron/**/*.cjs', 'dist/renderer/**/*', 'package.json']) assert.ok(files.includes(pattern), pattern);
});

test('the packaged binary cannot run as Node, loads only its own checked app.asar, and has no file:// privileges', () => {
  const fuses = (loadConfig() as unknown as { electronFuses: Record<string, boolean> }).electronFuses;
  assert.deepEqual(fuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    grantFileProtocolExtraPrivileges: false,
    enableCookieEncryption: true,
  });
});
