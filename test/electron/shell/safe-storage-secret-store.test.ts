import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANUAL_COOKIE_HEADER_KEY } from '../../../electron/core/secrets/secret-store.js';
import { scrubSecrets } from '../../../electron/core/util/secret-registry.js';
import type { Logger } from '../../../electron/core/util/logger.js';
import { openSafeStorageSecretStore } from '../../../electron/shell/safe-storage-secret-store.js';
import { OsKeychainDouble } from './os-keychain-double.js';

const HEADER = '__Secure-next-auth.session-token=eyJhbGciOiJkaXIi.secret-session-value; oai-did=abc123';

function setup(t: { after: (fn: () => void) => void }) {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-secrets-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  return { dir: join(home, 'secrets'), keychain: new OsKeychainDouble(), warnings, logger };
}

test('a stored header is encrypted in a 0600 file and comes back after a restart', async (t) => {
  const { dir, keychain, logger } = setup(t);
  const store = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'linux', logger });
  assert.equal(store.persistent, true);
  store.set(MANUAL_COOKIE_HEADER_KEY, HEADER);
  assert.equal(store.get(MANUAL_COOKIE_HEADER_KEY), HEADER);
  await store.flush();
  const file = join(dir, `${MANUAL_COOKIE_HEADER_KEY}.secret`);
  assert.deepEqual(readdirSync(dir), [`${MANUAL_COOKIE_HEADER_KEY}.secret`]);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const bytes = readFileSync(file);
  assert.equal(bytes.includes(Buffer.from('secret-session-value')), false, 'no plaintext on disk');
  const again = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'linux', logger });
  assert.equal(again.get(MANUAL_COOKIE_HEADER_KEY), HEADER);
  assert.equal(scrubSecrets(`oops ${HEADER}`), 'oops [redacted]', 'what it read is registered as a secret');
});

test('forgetting the header deletes its file', async (t) => {
  const { dir, keychain } = setup(t);
  const store = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'darwin' });
  store.set(MANUAL_COOKIE_HEADER_KEY, HEADER);
  store.set(MANUAL_COOKIE_HEADER_KEY, null);
  await store.flush();
  assert.equal(store.get(MANUAL_COOKIE_HEADER_KEY), null);
  assert.equal(existsSync(join(dir, `${MANUAL_COOKIE_HEADER_KEY}.secret`)), false);
});

test('on Linux without a keyring the header is kept for this session only, never written', async (t) => {
  const { dir, keychain, warnings, logger } = setup(t);
  keychain.backend = 'basic_text';
  const store = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'linux', logger });
  assert.equal(store.persistent, false);
  store.set(MANUAL_COOKIE_HEADER_KEY, HEADER);
  await store.flush();
  assert.equal(store.get(MANUAL_COOKIE_HEADER_KEY), HEADER);
  assert.equal(existsSync(dir), false);
  assert.match(warnings[0] ?? '', /no system keyring/);
  keychain.backend = 'gnome_libsecret';
  keychain.available = false;
  const unavailable = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'win32', logger });
  assert.equal(unavailable.persistent, false);
});

test('a file the keychain cannot decrypt (keychain reset) is skipped with a warning', async (t) => {
  const { dir, keychain, warnings, logger } = setup(t);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${MANUAL_COOKIE_HEADER_KEY}.secret`), 'garbage');
  writeFileSync(join(dir, 'Not A Key.secret'), 'ignored');
  const store = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'linux', logger });
  assert.equal(store.get(MANUAL_COOKIE_HEADER_KEY), null);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /could not decrypt the stored secret "openai-cookie-header"/);
  assert.doesNotMatch(warnings.join('\n'), /garbage/);
});

test('a value encrypted under a rotated key is re-encrypted on load', async (t) => {
  const { dir, keychain } = setup(t);
  const store = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'win32' });
  store.set(MANUAL_COOKIE_HEADER_KEY, HEADER);
  await store.flush();
  const before = readFileSync(join(dir, `${MANUAL_COOKIE_HEADER_KEY}.secret`));
  keychain.rotated = true;
  const again = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'win32' });
  await again.flush();
  assert.notDeepEqual(readFileSync(join(dir, `${MANUAL_COOKIE_HEADER_KEY}.secret`)), before);
  assert.equal(again.get(MANUAL_COOKIE_HEADER_KEY), HEADER);
});

test('keys are plain names, so a key can never point outside the folder', async (t) => {
  const { dir, keychain } = setup(t);
  const store = await openSafeStorageSecretStore({ dir, safeStorage: keychain, platform: 'linux' });
  assert.throws(() => store.set('../../etc/passwd', 'x'), /invalid secret key/);
  assert.throws(() => store.get('A'), /invalid secret key/);
});
