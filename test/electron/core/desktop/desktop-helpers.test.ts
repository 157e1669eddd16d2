import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../../../shared/settings-model.js';
import { APP_ORIGIN, isAppUrl, mimeTypeFor, rendererUrl, resolveAppRequest } from '../../../../electron/core/desktop/app-protocol.js';
import { BLUR_CLICK_GRACE_MS, popoverClickAction } from '../../../../electron/core/desktop/popover-toggle.js';
import { settingsEffects } from '../../../../electron/core/desktop/settings-effects.js';
import { applyAutostart, autostartEntry, autostartPath, quoteExecArgument } from '../../../../electron/core/desktop/xdg-autostart.js';
import { rotatingLogFile } from '../../../../electron/core/desktop/rotating-log-file.js';
import { createOnlineTracker } from '../../../../electron/core/scheduler/online-tracker.js';

test('a tray click toggles the popover, except the click that just blurred it closed', () => {
  assert.equal(popoverClickAction({ visible: true, lastHiddenByBlurAt: null }, 1000), 'hide');
  assert.equal(popoverClickAction({ visible: false, lastHiddenByBlurAt: null }, 1000), 'show');
  assert.equal(popoverClickAction({ visible: false, lastHiddenByBlurAt: 1000 }, 1000 + 50), 'ignore');
  assert.equal(popoverClickAction({ visible: false, lastHiddenByBlurAt: 1000 }, 1000 + BLUR_CLICK_GRACE_MS), 'show');
  assert.equal(popoverClickAction({ visible: false, lastHiddenByBlurAt: 5000 }, 1000), 'show', 'a clock that went backwards does not block');
});

test('app:// requests map into the renderer folder and nowhere else', () => {
  const root = '/opt/quotabar/dist/renderer';
  assert.equal(rendererUrl('popover'), 'app://quotabar/index.html#/popover');
  assert.deepEqual(resolveAppRequest('app://quotabar/index.html#/preferences', root), { path: `${root}/index.html`, mimeType: 'text/html; charset=utf-8' });
  assert.equal(resolveAppRequest('app://quotabar/', root)?.path, `${root}/index.html`);
  assert.equal(resolveAppRequest('app://quotabar/assets/index-abc.js?v=1', root)?.mimeType, 'text/javascript; charset=utf-8');
  assert.equal(resolveAppRequest('app://quotabar/assets/a%20b.css', root)?.path, `${root}/assets/a b.css`);
  // The URL parser already folds plain dot segments, so they stay inside the folder.
  assert.equal(resolveAppRequest('app://quotabar/../../etc/passwd', root)?.path, `${root}/etc/passwd`);
  assert.equal(resolveAppRequest('app://quotabar/%2e%2e/%2e%2e/etc/passwd', root)?.path, `${root}/etc/passwd`);
  // Encoded slashes survive the parser; decoding them must not lead outside.
  for (const bad of [
    'app://quotabar/assets/..%2f..%2f..%2fsecret',
    'app://quotabar/..%5c..%5cwindows',
    'app://quotabar/a%00.js',
    'app://quotabar/%E0%A4%A',
    'app://evil/index.html',
    'app://quotabar.evil/index.html',
    'app://user@quotabar/index.html',
    'file:///etc/passwd',
    'https://quotabar/index.html',
    'not a url',
  ]) {
    assert.equal(resolveAppRequest(bad, root), null, bad);
  }
  assert.equal(isAppUrl(`${APP_ORIGIN}/index.html`), true);
  assert.equal(isAppUrl('app://quotabar:8080/index.html'), false);
  assert.equal(mimeTypeFor('x.woff2'), 'font/woff2');
  assert.equal(mimeTypeFor('x.exe'), 'application/octet-stream');
});

test('settings changes map to what the app must do', () => {
  const before = defaultSettings();
  const none = settingsEffects(before, defaultSettings());
  assert.deepEqual(none, { reschedule: false, refetch: false, loginItem: false, redraw: false });
  assert.deepEqual(settingsEffects(before, { ...before, refresh: { mode: 'fixed', fixedMinutes: 5 } }), {
    reschedule: true,
    refetch: false,
    loginItem: false,
    redraw: false,
  });
  assert.equal(settingsEffects(before, { ...before, usageSource: 'cli' }).refetch, true);
  assert.equal(settingsEffects(before, { ...before, accounts: [{ id: 'a', label: 'A', codexHome: '/x' }] }).refetch, true);
  assert.equal(settingsEffects(before, { ...before, launchAtLogin: true }).loginItem, true);
  assert.equal(settingsEffects(before, { ...before, display: { ...before.display, barsShow: 'used' } }).redraw, true);
});

test('network samples become "came back online" events only on the offline → online edge', () => {
  const wentOnline = createOnlineTracker(true);
  assert.deepEqual([true, false, false, true, true, false, true].map(wentOnline), [false, false, false, true, false, false, true]);
});

test('autostart Exec arguments are quoted and escaped the way the Desktop Entry spec asks', () => {
  assert.equal(quoteExecArgument('/usr/bin/quotabar'), '/usr/bin/quotabar');
  assert.equal(quoteExecArgument('/home/me/Apps/Quota Bar.AppImage'), '"/home/me/Apps/Quota Bar.AppImage"');
  assert.equal(quoteExecArgument('/tmp/a$b"c`d'), '"/tmp/a\\\\$b\\\\"c\\\\`d"');
  assert.equal(quoteExecArgument('/tmp/100%'), '"/tmp/100%%"');
  assert.equal(quoteExecArgument('/tmp/back\\slash'), '"/tmp/back\\\\\\\\slash"');
  assert.equal(quoteExecArgument(''), '""');
  assert.throws(() => quoteExecArgument('/tmp/a\nb'), /line break/);
  assert.match(autostartEntry(['/opt/QuotaBar/quotabar', '/home/me/my app']), /^Exec=\/opt\/QuotaBar\/quotabar "\/home\/me\/my app"$/m);
  assert.throws(() => autostartEntry([]), /needs a command/);
});

test('the autostart entry is written to the XDG config folder and removed again', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-autostart-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  assert.equal(autostartPath({ HOME: '/home/me' }), '/home/me/.config/autostart/quotabar.desktop');
  const path = autostartPath({ HOME: '/nowhere', XDG_CONFIG_HOME: join(home, 'cfg') });
  assert.equal(path, join(home, 'cfg', 'autostart', 'quotabar.desktop'));
  applyAutostart(path, ['/opt/QuotaBar/quotabar']);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\nType=Application\nName=QuotaBar\n/);
  assert.match(text, /^Exec=\/opt\/QuotaBar\/quotabar$/m);
  assert.equal(statSync(path).mode & 0o777, 0o644);
  applyAutostart(path, null);
  assert.equal(existsSync(path), false);
  applyAutostart(path, null); // removing twice is fine
});

test('the log file is capped: past the limit it moves to .1 and starts again', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'quotabar-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'logs', 'quotabar.log');
  const sink = rotatingLogFile(path, 100);
  for (let i = 0; i < 5; i++) sink.write(`line ${i} ${'x'.repeat(30)}\n`);
  assert.equal(readFileSync(`${path}.1`, 'utf8').split('\n').filter(Boolean).length, 2);
  assert.equal(readFileSync(path, 'utf8'), `line 4 ${'x'.repeat(30)}\n`);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  // A new sink on an existing file counts what is already there.
  const again = rotatingLogFile(path, 100);
  again.write(`line 5 ${'x'.repeat(30)}\n`);
  again.write(`line 6 ${'x'.repeat(30)}\n`);
  assert.match(readFileSync(`${path}.1`, 'utf8'), /^line 4 .*\nline 5 /);
});
