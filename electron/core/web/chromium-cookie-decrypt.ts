// Chromium's cookie encryption ("os_crypt"), per OS. Pure functions: keys in, plaintext out.
//   macOS  v10: AES-128-CBC, key = PBKDF2-SHA1(Keychain "<Browser> Safe Storage" password, "saltysalt", 1003, 16)
//   Linux  v10: the same with the fixed password "peanuts" and 1 round; v11: the libsecret/KWallet password, 1 round
//   Windows v10/v11: AES-256-GCM, key = DPAPI-unprotected `os_crypt.encrypted_key` from `Local State`,
//                    blob = prefix | 12-byte nonce | ciphertext | 16-byte tag
//   Windows v20: app-bound; the key is sealed by the browser's elevation service and no other program can open it.
// Cookie databases of meta version 24 and later prepend SHA-256(host_key) to every plaintext.

import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import type { CookiePlatform } from './browser-profiles.js';

export type BlobPrefix = 'v10' | 'v11' | 'v20' | 'none' | 'unknown';

const CBC_IV = Buffer.alloc(16, 0x20);
const SALT = 'saltysalt';
export const MAC_ITERATIONS = 1003;
export const LINUX_ITERATIONS = 1;
export const LINUX_V10_PASSWORD = 'peanuts';
const GCM_NONCE = 12;
const GCM_TAG = 16;
const HOST_HASH = 32;
export const HOST_HASH_META_VERSION = 24;

export function blobPrefix(blob: Buffer): BlobPrefix {
  if (blob.length === 0) return 'none';
  const head = blob.subarray(0, 3).toString('latin1');
  if (head === 'v10' || head === 'v11' || head === 'v20') return head;
  return 'unknown';
}

/** The 16-byte AES-128 key macOS and Linux derive from their Safe Storage password. */
export function deriveCbcKey(password: string, iterations: number): Buffer {
  return pbkdf2Sync(password, SALT, iterations, 16, 'sha1');
}

/** Decrypts `v10`/`v11` + AES-128-CBC. Null when the key is wrong (bad padding). */
export function decryptCbc(blob: Buffer, key: Buffer): Buffer | null {
  const body = blob.subarray(3);
  if (body.length === 0 || body.length % 16 !== 0) return null;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, CBC_IV);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

/** Decrypts `v10`/`v11` + AES-256-GCM (Windows). Null when the tag does not verify. */
export function decryptGcm(blob: Buffer, key: Buffer): Buffer | null {
  if (key.length !== 32 || blob.length < 3 + GCM_NONCE + GCM_TAG) return null;
  const nonce = blob.subarray(3, 3 + GCM_NONCE);
  const tag = blob.subarray(blob.length - GCM_TAG);
  const body = blob.subarray(3 + GCM_NONCE, blob.length - GCM_TAG);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * From meta version 24 on, the plaintext starts with SHA-256 of the cookie's host_key. It must match:
 * a mismatch means the wrong key decrypted to plausible padding by chance, so the value is rejected.
 */
export function stripHostHash(plain: Buffer, hostKey: string, metaVersion: number): Buffer | null {
  if (metaVersion < HOST_HASH_META_VERSION) return plain;
  if (plain.length < HOST_HASH) return null;
  const expected = createHash('sha256').update(hostKey, 'utf8').digest();
  return plain.subarray(0, HOST_HASH).equals(expected) ? plain.subarray(HOST_HASH) : null;
}

/** Cookie values are printable text; anything else is a wrong key that happened to unpad cleanly. */
function asCookieText(plain: Buffer): string | null {
  const text = plain.toString('utf8');
  if (text.includes('\uFFFD')) return null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return null;
  }
  return text;
}

/** Keys to try for one blob; getting them may involve the OS (and is done only when a blob needs them). */
export interface CookieKeys {
  /** AES-128-CBC keys for a prefix on macOS/Linux, most likely first. */
  cbc(prefix: 'v10' | 'v11'): Promise<Buffer[]>;
  /** The AES-256-GCM key on Windows, or null when the OS would not give it. */
  gcm(): Promise<Buffer | null>;
}

export type DecryptOutcome =
  | { ok: true; value: string }
  /** no-key: the OS key could not be had (the key source says why); wrong-key: no key fits. */
  | { ok: false; reason: 'app-bound' | 'no-key' | 'wrong-key' | 'unsupported' };

/** Decrypts one `encrypted_value` the way the given OS's Chromium wrote it. */
export async function decryptChromiumValue(
  blob: Buffer,
  hostKey: string,
  metaVersion: number,
  platform: CookiePlatform,
  keys: CookieKeys,
): Promise<DecryptOutcome> {
  const prefix = blobPrefix(blob);
  if (prefix === 'v20') return { ok: false, reason: 'app-bound' };
  if (prefix === 'none' || prefix === 'unknown') return { ok: false, reason: 'unsupported' };
  const candidates: Buffer[] = [];
  if (platform === 'win32') {
    const key = await keys.gcm();
    if (key === null) return { ok: false, reason: 'no-key' };
    const plain = decryptGcm(blob, key);
    if (plain !== null) candidates.push(plain);
  } else {
    if (platform === 'darwin' && prefix !== 'v10') return { ok: false, reason: 'unsupported' };
    const cbcKeys = await keys.cbc(prefix);
    if (cbcKeys.length === 0) return { ok: false, reason: 'no-key' };
    for (const key of cbcKeys) {
      const plain = decryptCbc(blob, key);
      if (plain !== null) candidates.push(plain);
    }
  }
  for (const plain of candidates) {
    const stripped = stripHostHash(plain, hostKey, metaVersion);
    const text = stripped === null ? null : asCookieText(stripped);
    if (text !== null) return { ok: true, value: text };
  }
  return { ok: false, reason: 'wrong-key' };
}
