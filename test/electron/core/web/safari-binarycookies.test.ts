import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BinaryCookiesError, parseBinaryCookies, readSafariCookies } from '../../../../electron/core/web/safari-binarycookies.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';
import { makeFifo } from '../../../helpers/fifo.js';
import { binaryCookieRecord, binaryCookiesFile, writeSafariCookies } from './cookie-fixtures.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SAFARI_MODULE = join(REPO, 'electron', 'core', 'web', 'safari-binarycookies.ts');
const EXPIRES = Date.UTC(2027, 0, 2, 3, 4, 5);

test('a Cookies.binarycookies file written byte by byte parses into its cookies, across pages, with flags and expiry', () => {
  const file = binaryCookiesFile([
    [
      { host: '.chatgpt.com', name: '__Secure-next-auth.session-token', value: 'tok-1', expiresAt: EXPIRES },
      { host: 'example.org', name: 'other', value: 'x', path: '/p', secure: false, httpOnly: false, expiresAt: EXPIRES },
    ],
    [{ host: 'chatgpt.com', name: 'oai-did', value: 'device', httpOnly: false, expiresAt: null }],
  ]);
  const cookies = parseBinaryCookies(file);
  assert.deepEqual(cookies, [
    { host: '.chatgpt.com', name: '__Secure-next-auth.session-token', value: 'tok-1', path: '/', expiresAt: EXPIRES, secure: true, httpOnly: true },
    { host: 'example.org', name: 'other', value: 'x', path: '/p', expiresAt: EXPIRES, secure: false, httpOnly: false },
    { host: 'chatgpt.com', name: 'oai-did', value: 'device', path: '/', expiresAt: null, secure: true, httpOnly: false },
  ]);
});

test('the record layout matches the format: 56-byte header, domain string right after it', () => {
  const record = binaryCookieRecord({ host: '.chatgpt.com', name: 'n', value: 'v', expiresAt: EXPIRES });
  assert.equal(record.readUInt32LE(0), record.length);
  assert.equal(record.readUInt32LE(16), 56);
  assert.equal(record.subarray(56, 68).toString(), '.chatgpt.com');
  assert.equal(record.readDoubleLE(40), EXPIRES / 1000 - 978_307_200);
});

test('a truncated or foreign file is an error with a reason, never a crash or a partial read', () => {
  const file = binaryCookiesFile([[{ host: '.chatgpt.com', name: 'n', value: 'v' }]]);
  for (const cut of [3, 10, 20, file.length - 30]) {
    assert.throws(() => parseBinaryCookies(file.subarray(0, cut)), BinaryCookiesError, `cut at ${cut}`);
  }
  assert.throws(() => parseBinaryCookies(Buffer.from('bplist00 not cookies')), /not a Safari cookie file/);
  const badPage = Buffer.from(file);
  badPage.writeUInt32BE(0xdeadbeef, 12); // the first page's marker
  assert.throws(() => parseBinaryCookies(badPage), /no page marker/);
});

test('reading a Safari store keeps only chatgpt.com and openai.com cookies', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'Cookies.binarycookies');
  writeSafariCookies(path, [
    [
      { host: '.chatgpt.com', name: 'a', value: 'keep-1' },
      { host: 'auth.openai.com', name: 'b', value: 'keep-2' },
      { host: '.notchatgpt.com', name: 'c', value: 'drop' },
      { host: 'example.com', name: 'd', value: 'drop' },
    ],
  ]);
  const { cookies, notes } = readSafariCookies(path);
  assert.deepEqual(
    cookies.map((c) => c.value),
    ['keep-1', 'keep-2'],
  );
  assert.deepEqual(notes, []);
});

test('a damaged Safari file becomes a note naming the problem', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'Cookies.binarycookies');
  writeFileSync(path, binaryCookiesFile([[{ host: '.chatgpt.com', name: 'a', value: 'v' }]]).subarray(0, 40));
  const { cookies, notes } = readSafariCookies(path);
  assert.deepEqual(cookies, []);
  assert.match(notes[0] ?? '', /truncated or damaged/);
});

test('an unreadable Safari file (no Full Disk Access) says how to grant it', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'Cookies.binarycookies');
  writeSafariCookies(path, [[{ host: '.chatgpt.com', name: 'a', value: 'v' }]]);
  chmodSync(path, 0o000);
  let result: ReturnType<typeof readSafariCookies>;
  if (process.getuid?.() === 0) {
    // root reads any file, so the read runs in a child as an unprivileged user, as the app would.
    const script = `import(${JSON.stringify(pathToFileURL(SAFARI_MODULE).href)}).then((m) => process.stdout.write(JSON.stringify(m.readSafariCookies(${JSON.stringify(path)}))))`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      uid: 65534,
      gid: 65534,
      cwd: REPO,
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, TSX_DISABLE_CACHE: '1' },
    });
    assert.equal(child.status, 0, child.stderr);
    result = JSON.parse(child.stdout) as ReturnType<typeof readSafariCookies>;
  } else {
    result = readSafariCookies(path);
  }
  assert.deepEqual(result.cookies, []);
  assert.match(result.notes[0] ?? '', /Full Disk Access/);
});

test('a FIFO or a device in place of the Safari cookie file is a note, not a wait', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const fifo = join(dir.path, 'fifo.binarycookies');
  t.after(makeFifo(fifo).dispose);
  assert.deepEqual(readSafariCookies(fifo), { cookies: [], notes: ['its cookie file is a FIFO (named pipe), not a regular file'] });
  const zero = join(dir.path, 'zero.binarycookies');
  symlinkSync('/dev/zero', zero);
  assert.deepEqual(readSafariCookies(zero), { cookies: [], notes: ['its cookie file is a character device, not a regular file'] });
});
