import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { firefoxExpiryToMs, readFirefoxCookies } from '../../../../electron/core/web/firefox-cookies.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';
import { insertFirefoxCookies, writeFirefoxCookiesDb } from './cookie-fixtures.js';

test('Firefox cookies are read from a running profile (WAL not checkpointed, a write in progress)', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'cookies.sqlite');
  const expires = Date.UTC(2027, 5, 1);
  const firefox = writeFirefoxCookiesDb(
    path,
    [
      { host: '.chatgpt.com', name: '__Secure-next-auth.session-token', value: 'ff-session', expiresAt: expires },
      { host: 'chatgpt.com', name: '__cf_bm', value: 'cf', httpOnly: false, expiresAt: expires },
      { host: '.chatgpt.com', name: '__Secure-next-auth.session-token', value: 'container', originAttributes: '^userContextId=2', expiresAt: expires },
      { host: '.example.com', name: 'x', value: 'y', expiresAt: expires },
    ],
    { keepOpen: true },
  );
  assert.ok(firefox);
  t.after(() => firefox.close());
  firefox.exec('BEGIN IMMEDIATE');
  insertFirefoxCookies(firefox, [{ host: '.chatgpt.com', name: 'uncommitted', value: 'no' }]);

  const { cookies, notes } = readFirefoxCookies(path);
  assert.deepEqual(notes, []);
  assert.deepEqual(cookies, [
    { host: '.chatgpt.com', name: '__Secure-next-auth.session-token', value: 'ff-session', path: '/', expiresAt: expires, secure: true, httpOnly: true },
    { host: 'chatgpt.com', name: '__cf_bm', value: 'cf', path: '/', expiresAt: expires, secure: true, httpOnly: false },
  ]);
  firefox.exec('ROLLBACK');
});

test('expiry in seconds and in milliseconds (newer Firefox) both come out as milliseconds', (t) => {
  assert.equal(firefoxExpiryToMs(1_800_000_000), 1_800_000_000_000);
  assert.equal(firefoxExpiryToMs(1_800_000_000_123), 1_800_000_000_123);
  assert.equal(firefoxExpiryToMs(0), null);
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'cookies.sqlite');
  writeFirefoxCookiesDb(path, [{ host: '.chatgpt.com', name: 'a', value: 'b', expiresAt: 1_800_000_000_123 }], { expiryUnit: 'ms' });
  assert.equal(readFirefoxCookies(path).cookies[0]?.expiresAt, 1_800_000_000_123);
});
