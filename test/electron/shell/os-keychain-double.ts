// A stand-in for the OS keychain behind Electron's safeStorage (an outside service): real AES-256-GCM
// with a key that lives in this object, the way the real one lives in Keychain/DPAPI/libsecret.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../../electron/shell/safe-storage-secret-store.js';

export class OsKeychainDouble implements SafeStorageLike {
  key = randomBytes(32);
  available = true;
  backend = 'gnome_libsecret';
  /** Set to make the next decryptions report a rotated key. */
  rotated = false;

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  }

  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('not encrypted by this keychain');
    const iv = encrypted.subarray(3, 15);
    const tag = encrypted.subarray(15, 31);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    const result = Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: this.rotated };
  }
}
