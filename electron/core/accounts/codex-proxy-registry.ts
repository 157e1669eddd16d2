// codex-proxy's registry (interface §7): ~/.codex-claude-proxy/accounts.json with `accounts[]`.
// Read-only: codex-proxy refreshes these tokens, QuotaBar never does.
import { join } from 'node:path';
import { isBoundedFileError, readBoundedFile } from '../util/bounded-file.js';
import { codexProxyEntrySchema, completeFromClaims, registerSecretFields, timeToMs, type ImportedEntry } from './imported-token.js';
import type { PoolFile } from './pool-file.js';

export function codexProxyRegistryPath(home: string): string {
  return join(home, '.codex-claude-proxy', 'accounts.json');
}

const SECRET_KEYS = ['accessToken', 'idToken', 'refreshToken', 'access_token', 'id_token', 'refresh_token'];

/** Pure: the registry's text to one entry per account; a bad entry is skipped with a warning. */
export function parseCodexProxyRegistry(text: string): ImportedEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [{ ok: false, warning: 'Skipped the codex-proxy registry: it is not valid JSON.' }];
  }
  const accounts = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).accounts : undefined;
  if (!Array.isArray(accounts)) return [{ ok: false, warning: 'Skipped the codex-proxy registry: it has no `accounts` list.' }];
  return accounts.map((raw: unknown, i): ImportedEntry => {
    registerSecretFields(raw, SECRET_KEYS);
    const parsed = codexProxyEntrySchema.safeParse(raw);
    if (!parsed.success) return { ok: false, warning: `Skipped codex-proxy account #${i + 1}: it holds no accessToken.` };
    const entry = parsed.data;
    return {
      ok: true,
      token: completeFromClaims({
        accessToken: entry.accessToken,
        idToken: entry.idToken,
        email: entry.email,
        accountId: entry.accountId,
        plan: entry.planType,
        expiresAtMs: timeToMs(entry.expiresAt),
      }),
    };
  });
}

export async function readCodexProxyRegistry(home: string): Promise<PoolFile[]> {
  const file = codexProxyRegistryPath(home);
  try {
    return [{ file, entries: parseCodexProxyRegistry(await readBoundedFile(file)) }];
  } catch (error) {
    const reason = isBoundedFileError(error) && error.problem === 'missing' ? 'it does not exist' : error instanceof Error ? error.message : String(error);
    return [{ file, entries: [{ ok: false, warning: `No codex-proxy accounts read from ${file}: ${reason}.` }] }];
  }
}
