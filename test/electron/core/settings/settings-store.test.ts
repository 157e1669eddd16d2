import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../../../shared/settings-model.js';
import type { SettingsPatch } from '../../../../shared/quotabar-api.js';
import { openSettingsStore } from '../../../../electron/core/settings/settings-store.js';
import { writeFileAtomic } from '../../../../electron/core/settings/atomic-file.js';
import { makeFifo } from '../../../helpers/fifo.js';
import type { Logger } from '../../../../electron/core/util/logger.js';

function tempHome(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'quotabar-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { logger, lines };
}

const fixedNow = () => new Date('2026-03-06T12:00:00.000Z');

test('with no file the defaults are used and nothing is written until a save', (t) => {
  const home = tempHome(t);
  const store = openSettingsStore(home);
  assert.equal(store.path, join(home, 'settings.json'));
  assert.deepEqual(store.load(), defaultSettings());
  assert.equal(store.lastLoadReport(), null);
  assert.deepEqual(readdirSync(home), []);
});

test('a save merges the patch into the current settings, writes the file with mode 0600, and reads back', (t) => {
  const home = join(tempHome(t), 'nested', 'quotabar');
  const store = openSettingsStore(home);
  const result = store.save({ display: { barsShow: 'used' }, refresh: { mode: 'fixed', fixedMinutes: 15 } });
  assert.equal(result.ok, true);
  const expected = defaultSettings();
  expected.display.barsShow = 'used';
  expected.refresh = { mode: 'fixed', fixedMinutes: 15 };
  assert.deepEqual(result.ok && result.settings, expected);
  assert.deepEqual(JSON.parse(readFileSync(store.path, 'utf8')), expected);
  if (process.platform !== 'win32') assert.equal(statSync(store.path).mode & 0o777, 0o600);
  assert.deepEqual(openSettingsStore(home).load(), expected, 'another store (the CLI) sees the same settings');
  assert.deepEqual(readdirSync(home), ['settings.json'], 'no temp files left behind');
});

test('threshold levels are stored highest first without repeats', (t) => {
  const store = openSettingsStore(tempHome(t));
  const result = store.save({ notifications: { weekly: { enabled: true, levels: [20, 50, 20, 5] } } });
  assert.ok(result.ok);
  assert.deepEqual(result.settings.notifications.weekly, { enabled: true, levels: [50, 20, 5] });
  assert.deepEqual(result.settings.notifications.session, defaultSettings().notifications.session, 'the sibling is untouched');
});

test('an invalid patch is refused with the path of each bad field, and the file is left as it was', (t) => {
  const store = openSettingsStore(tempHome(t));
  assert.ok(store.save({ launchAtLogin: true }).ok);
  const before = readFileSync(store.path, 'utf8');
  const result = store.save({
    refresh: { fixedMinutes: 7 },
    notifications: { session: { levels: [50, 120] } },
    usageSource: 'magic',
  } as unknown as SettingsPatch);
  assert.equal(result.ok, false);
  const errors = result.ok ? [] : result.errors;
  assert.deepEqual(errors.map((e) => e.path).sort(), ['notifications.session.levels[1]', 'refresh.fixedMinutes', 'usageSource']);
  assert.match(errors.find((e) => e.path === 'refresh.fixedMinutes')!.message, /one of 1, 2, 5, 15, 30, 60/);
  assert.match(errors.find((e) => e.path === 'notifications.session.levels[1]')!.message, /at most 99/);
  assert.equal(readFileSync(store.path, 'utf8'), before);
});

test('unknown keys are refused by name — there is no place for a cookie header in this file', (t) => {
  const store = openSettingsStore(tempHome(t));
  const result = store.save({ cookieHeader: 'session=abc', display: { colour: 'red' } } as unknown as SettingsPatch);
  assert.deepEqual(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`).sort(), [
    'cookieHeader: unknown setting',
    'display.colour: unknown setting',
  ]);
  const version = store.save({ version: 2 } as unknown as SettingsPatch);
  assert.deepEqual(version.ok ? [] : version.errors.map((e) => e.path), ['version']);
});

test('accounts need unique ids and absolute homes, and the active account must exist', (t) => {
  const store = openSettingsStore(tempHome(t));
  const dup = store.save({
    accounts: [
      { id: 'work', label: 'Work', codexHome: '/home/me/.codex-work' },
      { id: 'work', label: 'Again', codexHome: 'relative/dir' },
    ],
  });
  assert.deepEqual(dup.ok ? [] : dup.errors.map((e) => e.path).sort(), ['accounts[1].codexHome', 'accounts[1].id']);
  const dangling = store.save({ activeAccountId: 'nobody' });
  assert.deepEqual(dangling.ok ? [] : dangling.errors, [{ path: 'activeAccountId', message: 'no account with id "nobody"' }]);
  const good = store.save({ accounts: [{ id: 'work', label: 'Work', codexHome: 'C:\\Users\\me\\.codex' }], activeAccountId: 'work' });
  assert.ok(good.ok);
  assert.equal(good.settings.activeAccountId, 'work');
  assert.ok(store.save({ codexBinaryPath: null }).ok);
  const relBin = store.save({ codexBinaryPath: 'codex' });
  assert.deepEqual(relBin.ok ? [] : relBin.errors.map((e) => e.path), ['codexBinaryPath']);
});

test('a file that is not JSON is kept aside byte for byte, reported, and replaced by defaults', (t) => {
  const home = tempHome(t);
  const { logger, lines } = recordingLogger();
  const original = '{ "usageSource": "oauth", oops';
  writeFileSync(join(home, 'settings.json'), original);
  const store = openSettingsStore(home, logger, { now: fixedNow });
  assert.deepEqual(store.load(), defaultSettings());
  const report = store.lastLoadReport();
  const aside = join(home, 'settings.json.invalid-2026-03-06T12-00-00-000Z');
  assert.equal(report?.keptAsidePath, aside);
  assert.match(report?.problems[0]?.message ?? '', /not valid JSON/);
  assert.equal(readFileSync(aside, 'utf8'), original);
  assert.deepEqual(JSON.parse(readFileSync(store.path, 'utf8')), defaultSettings());
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^warn .*settings\.json is invalid \(not valid JSON.*kept as .*invalid-2026-03-06T12-00-00-000Z/);
  // Loading again finds a clean file.
  assert.deepEqual(store.load(), defaultSettings());
  assert.equal(store.lastLoadReport(), null);
});

test('a damaged file keeps its valid fields; each bad field is named, reset to its default, and the original kept', (t) => {
  const home = tempHome(t);
  const { logger, lines } = recordingLogger();
  const damaged = {
    version: 1,
    usageSource: 'cli',
    openaiCookies: 'sometimes',
    refresh: { mode: 'fixed', fixedMinutes: 3 },
    display: { barsShow: 'used', resetStyle: 'clock', hideEmail: true, theme: 'dark', sparkle: true },
    notifications: { sessionDepletedRestored: false, session: { enabled: true, levels: [30, 10] }, weekly: { enabled: 'yes', levels: [50] } },
    launchAtLogin: true,
    codexBinaryPath: '/opt/codex/bin/codex',
    accounts: [],
    activeAccountId: 'gone',
  };
  writeFileSync(join(home, 'settings.json'), JSON.stringify(damaged));
  const store = openSettingsStore(home, logger, { now: fixedNow });
  const settings = store.load();
  const expected = defaultSettings();
  expected.usageSource = 'cli';
  expected.refresh.mode = 'fixed';
  expected.display = { barsShow: 'used', resetStyle: 'clock', hideEmail: true, theme: 'dark' };
  expected.notifications.sessionDepletedRestored = false;
  expected.notifications.session = { enabled: true, levels: [30, 10] };
  expected.notifications.weekly.levels = [50];
  expected.launchAtLogin = true;
  expected.codexBinaryPath = '/opt/codex/bin/codex';
  assert.deepEqual(settings, expected);
  assert.deepEqual(
    store
      .lastLoadReport()
      ?.problems.map((p) => p.path)
      .sort(),
    ['activeAccountId', 'notifications.weekly.enabled', 'openaiCookies', 'refresh.fixedMinutes'],
  );
  assert.deepEqual(JSON.parse(readFileSync(store.lastLoadReport()!.keptAsidePath!, 'utf8')), damaged);
  // The repaired file keeps the key this version does not know (display.sparkle), beside the repairs.
  assert.deepEqual(JSON.parse(readFileSync(store.path, 'utf8')), { ...expected, display: { ...expected.display, sparkle: true } });
  assert.match(lines[0]!, /refresh\.fixedMinutes: must be one of/);
});

test('a file from an older version, missing newer fields, fills them with defaults silently', (t) => {
  const home = tempHome(t);
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, usageSource: 'oauth', display: { barsShow: 'used' } }));
  const store = openSettingsStore(home);
  const settings = store.load();
  assert.equal(settings.usageSource, 'oauth');
  assert.equal(settings.display.barsShow, 'used');
  assert.equal(settings.display.resetStyle, 'countdown');
  assert.equal(store.lastLoadReport(), null);
  assert.deepEqual(readdirSync(home), ['settings.json'], 'nothing set aside');
});

test('a JSON value that is not an object, and a second invalid file on the same second, are both kept aside', (t) => {
  const home = tempHome(t);
  const store = openSettingsStore(home, undefined, { now: fixedNow });
  writeFileSync(store.path, '[1, 2, 3]');
  assert.deepEqual(store.load(), defaultSettings());
  assert.equal(store.lastLoadReport()?.problems[0]?.message, 'expected a JSON object');
  writeFileSync(store.path, '"just a string"');
  store.load();
  assert.deepEqual(readdirSync(home).sort(), [
    'settings.json',
    'settings.json.invalid-2026-03-06T12-00-00-000Z',
    'settings.json.invalid-2026-03-06T12-00-00-000Z-1',
  ]);
  assert.equal(readFileSync(join(home, 'settings.json.invalid-2026-03-06T12-00-00-000Z-1'), 'utf8'), '"just a string"');
});

test('an unreadable settings path is reported and left alone; a save that cannot write says so instead of throwing', (t) => {
  const home = tempHome(t);
  mkdirSync(join(home, 'settings.json'));
  const { logger, lines } = recordingLogger();
  const store = openSettingsStore(home, logger);
  assert.deepEqual(store.load(), defaultSettings());
  assert.match(store.lastLoadReport()?.problems[0]?.message ?? '', /could not read/);
  assert.equal(store.lastLoadReport()?.keptAsidePath, null);
  assert.ok(statSync(join(home, 'settings.json')).isDirectory());
  assert.match(lines[0]!, /^error could not read/);

  const fileAsHome = join(home, 'not-a-dir');
  writeFileSync(fileAsHome, 'x');
  const blocked = openSettingsStore(fileAsHome).save({ launchAtLogin: true });
  assert.equal(blocked.ok, false);
  assert.match(blocked.ok ? '' : blocked.errors[0]!.message, /could not save settings/);
});

test('an atomic write replaces the whole file and leaves no temp file, even when it fails', (t) => {
  const home = tempHome(t);
  const target = join(home, 'x.json');
  writeFileAtomic(target, 'first');
  writeFileAtomic(target, 'second');
  assert.equal(readFileSync(target, 'utf8'), 'second');
  mkdirSync(join(home, 'dir.json'));
  writeFileSync(join(home, 'dir.json', 'inside'), '');
  assert.throws(() => writeFileAtomic(join(home, 'dir.json'), 'data'));
  assert.deepEqual(readdirSync(home).sort(), ['dir.json', 'x.json']);
});

test('a file from a newer version keeps every field, is not set aside, and a save carries its unknown keys', (t) => {
  const home = tempHome(t);
  const { logger, lines } = recordingLogger();
  const newer = {
    ...defaultSettings(),
    usageSource: 'oauth',
    display: { ...defaultSettings().display, barsShow: 'used', sparkle: 'gold' },
    historyDays: 30,
  };
  const text = JSON.stringify(newer, null, 2);
  writeFileSync(join(home, 'settings.json'), text);
  const store = openSettingsStore(home, logger, { now: fixedNow });
  const settings = store.load();
  assert.equal(settings.usageSource, 'oauth');
  assert.equal(settings.display.barsShow, 'used');
  assert.equal('historyDays' in settings, false, 'unknown keys do not leak into the typed settings');
  assert.equal(store.lastLoadReport(), null);
  assert.deepEqual(lines, []);
  assert.deepEqual(readdirSync(home), ['settings.json'], 'nothing set aside');
  assert.equal(readFileSync(store.path, 'utf8'), text, 'loading does not rewrite it');

  assert.equal(store.save({ launchAtLogin: true }).ok, true);
  const written = JSON.parse(readFileSync(store.path, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(written, { ...newer, launchAtLogin: true });
});

test('opened read-only, a damaged file is reported and its valid fields used, but never moved or rewritten', (t) => {
  const home = tempHome(t);
  const { logger, lines } = recordingLogger();
  const text = JSON.stringify({ version: 1, usageSource: 'oauth', openaiCookies: 'sometimes' });
  writeFileSync(join(home, 'settings.json'), text);
  const mtime = statSync(join(home, 'settings.json')).mtimeMs;
  const store = openSettingsStore(home, logger, { now: fixedNow, readOnly: true });
  const settings = store.load();
  assert.equal(settings.usageSource, 'oauth');
  assert.equal(settings.openaiCookies, defaultSettings().openaiCookies);
  assert.deepEqual(store.lastLoadReport(), {
    problems: [{ path: 'openaiCookies', message: store.lastLoadReport()!.problems[0]!.message }],
    keptAsidePath: null,
  });
  assert.match(lines[0]!, /^warn .*settings\.json is invalid \(openaiCookies: .*left as it is/);
  assert.deepEqual(readdirSync(home), ['settings.json']);
  assert.equal(readFileSync(store.path, 'utf8'), text);
  assert.equal(statSync(store.path).mtimeMs, mtime);
  assert.equal(store.save({ launchAtLogin: true }).ok, false);
  assert.equal(readFileSync(store.path, 'utf8'), text);
});

test('a FIFO or a symlink to /dev/zero as settings.json gives the defaults and a clear error, and is left in place', (t) => {
  for (const [kind, make, what] of [
    ['fifo', (path: string) => t.after(makeFifo(path).dispose), /is a FIFO \(named pipe\), not a regular file/],
    ['zero', (path: string) => symlinkSync('/dev/zero', path), /is a character device, not a regular file/],
  ] as const) {
    const home = tempHome(t);
    const { logger, lines } = recordingLogger();
    make(join(home, 'settings.json'));
    const store = openSettingsStore(home, logger, { now: fixedNow });
    assert.deepEqual(store.load(), defaultSettings(), kind);
    assert.match(store.lastLoadReport()?.problems[0]?.message ?? '', what);
    assert.equal(store.lastLoadReport()?.keptAsidePath, null);
    assert.match(lines[0]!, /^error could not read .*settings\.json: it .*default settings are used until it is replaced by a regular file/);
    assert.deepEqual(readdirSync(home), ['settings.json'], kind);
    const left = lstatSync(join(home, 'settings.json'));
    assert.ok(kind === 'fifo' ? left.isFIFO() : left.isSymbolicLink(), `${kind} left in place`);
  }
});
