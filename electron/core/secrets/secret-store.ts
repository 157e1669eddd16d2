/**
 * Where QuotaBar keeps a secret it must remember (the pasted Cookie header). The Electron shell
 * backs it with safeStorage-encrypted files; the CLI and `quotabar serve` keep it in memory only.
 */
export interface SecretStore {
  /** False when a stored secret lasts only as long as this process (no OS keyring, the CLI, `serve`). */
  readonly persistent: boolean;
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export const MANUAL_COOKIE_HEADER_KEY = 'openai-cookie-header';

export function memorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    persistent: false,
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      if (value === null) values.delete(key);
      else values.set(key, value);
    },
  };
}
