// Electron cannot run here, so main.ts runs in a child Node process against a recording double of
// Electron's API (electron-double/), with the real app controller, settings store, scheduler, icon
// renderer and secret store behind it. This checks the glue, not Electron.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../../electron/shell/window-options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Outcome {
  firstUsageError: string | null;
  channels: string[];
  schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  userData: [string, string];
  tray: { representations: Array<[number, number, number, string]>; tooltip: string; menu: string[] };
  popover: { url: string; width: number; frame: boolean; show: boolean; web: Record<string, unknown> };
  untrusted: string;
  saveInvalid: { ok: boolean; errors: Array<{ path: string }> };
  saveValid: boolean;
  settingsFile: boolean;
  cookie: boolean;
  protocol: { status: number; csp: string; escape: number };
  networkCancelled: boolean;
  permissionCheck: boolean;
  navigationBlocked: boolean;
  windowOpen: string;
  afterClick: { visible: boolean; position: [number, number] };
  afterEscape: boolean;
  preferencesUrl: string;
  exitCode: number | string;
  trayDestroyed: boolean;
  secrets: string[];
}

test('the main process starts, wires tray, popover, IPC and protocol, and quits cleanly', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'quotabar-main-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'home'));
  mkdirSync(join(dir, 'empty-path'));
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/electron/shell/electron-double/register.mjs', 'test/electron/shell/electron-double/drive-main.mjs'],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
      // No Codex sign-in and no codex binary: the first refresh fails fast and offline.
      env: { QUOTABAR_HOME: join(dir, 'qb'), HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'home', '.config'), PATH: join(dir, 'empty-path'), TZ: 'UTC' },
    },
  );
  assert.equal(result.status, 0, `driver failed:\n${result.stderr}`);
  const out = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Outcome;

  assert.notEqual(out.firstUsageError, null, 'the first refresh ran (and failed: no sign-in)');
  assert.deepEqual(out.channels, [
    'quotabar:close-window',
    'quotabar:get-state',
    'quotabar:open-preferences',
    'quotabar:quit',
    'quotabar:refresh',
    'quotabar:save-settings',
    'quotabar:set-manual-cookie-header',
    'quotabar:use-reset-credit',
  ]);
  assert.deepEqual(out.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
  assert.deepEqual(out.userData, ['userData', join(dir, 'qb', 'electron')]);

  assert.deepEqual(
    out.tray.representations,
    [
      [1, 22, 22, 'PNG'],
      [2, 44, 44, 'PNG'],
    ],
    'Linux tray icon at 22 and 44 px',
  );
  assert.match(out.tray.tooltip, /^QuotaBar: /);
  assert.deepEqual(
    out.tray.menu.filter((l) => !l.startsWith('QuotaBar:')),
    ['Open QuotaBar', '---', '---', 'Refresh now', 'Preferences…', '---', 'Quit QuotaBar'],
  );

  assert.deepEqual(out.popover, {
    url: 'app://quotabar/index.html#/popover',
    width: 360,
    frame: false,
    show: false,
    web: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: 'electron/shell/preload.cjs' },
  });

  assert.match(out.untrusted, /untrusted sender/);
  assert.deepEqual(
    out.saveInvalid.errors.map((e) => e.path),
    ['refresh.fixedMinutes'],
  );
  assert.equal(out.saveValid, true);
  assert.equal(out.settingsFile, true);
  assert.equal(out.cookie, true);

  assert.deepEqual(out.protocol, { status: 200, csp: CONTENT_SECURITY_POLICY, escape: 404 });
  assert.equal(out.networkCancelled, true);
  assert.equal(out.permissionCheck, false);
  assert.equal(out.navigationBlocked, true);
  assert.equal(out.windowOpen, 'deny');

  assert.deepEqual(out.afterClick, { visible: true, position: [1700 - 180, 32 + 6] }, 'under the cursor, below the top panel');
  assert.equal(out.afterEscape, false);
  assert.equal(out.preferencesUrl, 'app://quotabar/index.html#/preferences');

  assert.equal(out.exitCode, 0);
  assert.equal(out.trayDestroyed, true);
  assert.deepEqual(out.secrets, ['openai-cookie-header.secret'], 'the pasted header reached its encrypted file before exit');
});
