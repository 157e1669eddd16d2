// The pasted Cookie header, kept encrypted with the OS keychain (Electron safeStorage) in a 0600 file.
// Decrypted values live only in memory. Where the OS offers no real protection (Linux without a
// keyring falls back to a hard-coded key), the secret is kept for this session only, never written.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { writeFileAtomic } from '../core/settings/atomic-file.js';
import { readBoundedBytesSync } from '../core/util/bounded-file.js';
import { silentLogger, type Logger } from '../core/util/logger.js';
import { registerSecret } from '../core/util/secret-registry.js';

/** The part of Electron's safeStorage this store uses (injected, so tests run without Electron). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only; 'basic_text' means no real protection. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageSecretStore extends SecretStore {
  /** Whether values are written to disk (encrypted) or kept for this session only. */
  readonly persistent: boolean;
  /** Resolves when every write so far has reached the disk (call before quitting). */
  flush(): Promise<void>;
}

export interface SafeStorageSecretStoreOptions {
  dir: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  logger?: Logger;
}

const SUFFIX = '.secret';
const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`invalid secret key "${key}"`);
}

export async function openSafeStorageSecretStore(options: SafeStorageSecretStoreOptions): Promise<SafeStorageSecretStore> {
  const { dir, safeStorage, platform } = options;
  const logger = options.logger ?? silentLogger;
  const values = new Map<string, string>();
  let available = false;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch (error) {
    logger.warn(`secure storage unavailable: ${(error as Error).message}`);
  }
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const persistent = available && backend !== 'basic_text' && backend !== 'unknown';
  if (!persistent) {
    logger.warn(
      backend === 'basic_text'
        ? 'no system keyring found (install gnome-keyring or KWallet); a pasted cookie header is kept for this session only'
        : 'secure storage is not available; a pasted cookie header is kept for this session only',
    );
  }

  let pending: Promise<void> = Promise.resolve();
  const fileFor = (key: string) => join(dir, `${key}${SUFFIX}`);
  const persist = (key: string, value: string | null): void => {
    if (!persistent) return;
    pending = pending.then(async () => {
      try {
        if (value === null) rmSync(fileFor(key), { force: true });
        else writeFileAtomic(fileFor(key), await safeStorage.encryptStringAsync(value), 0o600);
      } catch (error) {
        logger.error(`could not save the secret "${key}": ${(error as Error).message}`);
      }
    });
  };

  if (persistent) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith(SUFFIX));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`could not list ${dir}: ${(error as Error).message}`);
    }
    for (const name of names) {
      const key = name.slice(0, -SUFFIX.length);
      if (!KEY_PATTERN.test(key)) continue;
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(readBoundedBytesSync(join(dir, name)));
        registerSecret(result);
        values.set(key, result);
        if (shouldReEncrypt) persist(key, result);
      } catch (error) {
        // A keychain change makes old files undecryptable; the person pastes the header again.
        logger.warn(`could not decrypt the stored secret "${key}" (${(error as Error).message}); it will need to be entered again`);
      }
    }
  }

  return {
    persistent,
    get(key) {
      checkKey(key);
      return values.get(key) ?? null;
    },
    set(key, value) {
      checkKey(key);
      if (value === null) values.delete(key);
      else {
        registerSecret(value);
        values.set(key, value);
      }
      persist(key, value);
    },
    flush: () => pending,
  };
}
