import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { blobPrefix, decryptChromiumValue, deriveCbcKey, stripHostHash, type CookieKeys } from '../../../../electron/core/web/chromium-cookie-decrypt.js';
import { cbcEncryptor, gcmEncryptor } from './cookie-fixtures.js';

const HOST = '.chatgpt.com';

function cbcKeys(map: Partial<Record<'v10' | 'v11', Buffer[]>>): CookieKeys {
  return { cbc: async (prefix) => map[prefix] ?? [], gcm: async () => null };
}

test('the Linux v10 key is the published PBKDF2 of "peanuts" (one round of SHA-1 over "saltysalt")', () => {
  assert.equal(deriveCbcKey('peanuts', 1).toString('hex'), 'fd621fe5a2b402539dfa147ca9272778');
});

test('a Linux v10 cookie of a version-24 database decrypts and loses its host hash', async () => {
  const blob = cbcEncryptor('v10', 'peanuts', 1)('session-value-1', HOST, 24);
  const out = await decryptChromiumValue(blob, HOST, 24, 'linux', cbcKeys({ v10: [deriveCbcKey('peanuts', 1)] }));
  assert.deepEqual(out, { ok: true, value: 'session-value-1' });
});

test('a Linux v11 cookie needs the keyring password; the v10 key does not open it', async () => {
  const blob = cbcEncryptor('v11', 'keyring-pass', 1)('v11-value', HOST, 24);
  const wrong = await decryptChromiumValue(blob, HOST, 24, 'linux', cbcKeys({ v11: [deriveCbcKey('peanuts', 1)] }));
  assert.deepEqual(wrong, { ok: false, reason: 'wrong-key' });
  const right = await decryptChromiumValue(blob, HOST, 24, 'linux', cbcKeys({ v11: [deriveCbcKey('peanuts', 1), deriveCbcKey('keyring-pass', 1)] }));
  assert.deepEqual(right, { ok: true, value: 'v11-value' });
});

test('a macOS v10 cookie uses 1003 PBKDF2 rounds: the 1-round key of the same password fails', async () => {
  const blob = cbcEncryptor('v10', 'mac-pass', 1003)('mac-value', HOST, 24);
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 24, 'darwin', cbcKeys({ v10: [deriveCbcKey('mac-pass', 1)] })), { ok: false, reason: 'wrong-key' });
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 24, 'darwin', cbcKeys({ v10: [deriveCbcKey('mac-pass', 1003)] })), { ok: true, value: 'mac-value' });
});

test('databases before meta version 24 have no host hash to strip', async () => {
  const blob = cbcEncryptor('v10', 'peanuts', 1)('old-value', HOST, 23);
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 23, 'linux', cbcKeys({ v10: [deriveCbcKey('peanuts', 1)] })), { ok: true, value: 'old-value' });
});

test('a host hash for another host is rejected rather than returned as part of the value', async () => {
  const blob = cbcEncryptor('v10', 'peanuts', 1)('value', '.openai.com', 24);
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 24, 'linux', cbcKeys({ v10: [deriveCbcKey('peanuts', 1)] })), { ok: false, reason: 'wrong-key' });
  assert.equal(stripHostHash(Buffer.from('short'), HOST, 24), null);
});

test('a Windows v10 cookie is AES-256-GCM with the Local State key; a different key fails the tag', async () => {
  const key = randomBytes(32);
  const blob = gcmEncryptor('v10', key)('win-value', HOST, 24);
  const keys = (k: Buffer): CookieKeys => ({ cbc: async () => [], gcm: async () => k });
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 24, 'win32', keys(key)), { ok: true, value: 'win-value' });
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 24, 'win32', keys(randomBytes(32))), { ok: false, reason: 'wrong-key' });
  assert.deepEqual(await decryptChromiumValue(blob, HOST, 24, 'win32', { cbc: async () => [], gcm: async () => null }), { ok: false, reason: 'no-key' });
});

test('a Windows v20 (app-bound) cookie is recognised and never handed to a key', async () => {
  let asked = false;
  const blob = gcmEncryptor('v20', randomBytes(32))('bound', HOST, 24);
  assert.equal(blobPrefix(blob), 'v20');
  const out = await decryptChromiumValue(blob, HOST, 24, 'win32', {
    cbc: async () => [],
    gcm: async () => {
      asked = true;
      return randomBytes(32);
    },
  });
  assert.deepEqual(out, { ok: false, reason: 'app-bound' });
  assert.equal(asked, false);
});

test('v11 on macOS and unknown prefixes are reported as unsupported', async () => {
  const keys = cbcKeys({ v10: [deriveCbcKey('x', 1003)], v11: [deriveCbcKey('x', 1003)] });
  const v11 = cbcEncryptor('v11', 'x', 1003)('value', HOST, 24);
  assert.deepEqual(await decryptChromiumValue(v11, HOST, 24, 'darwin', keys), { ok: false, reason: 'unsupported' });
  assert.deepEqual(await decryptChromiumValue(Buffer.from('zz9garbage'), HOST, 24, 'linux', keys), { ok: false, reason: 'unsupported' });
});
