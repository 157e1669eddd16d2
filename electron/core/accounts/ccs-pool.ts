// CCS's Codex pool (interface §7): ~/.ccs/cliproxy/auth/codex-*.json, one CLIProxyAPI token file per
// account. Read-only: CCS refreshes these tokens, QuotaBar never does.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readBoundedFile } from '../util/bounded-file.js';
import { ccsEntrySchema, completeFromClaims, registerSecretFields, timeToMs, type ImportedEntry } from './imported-token.js';
import type { PoolFile } from './pool-file.js';

export function ccsPoolDir(home: string): string {
  return join(home, '.ccs', 'cliproxy', 'auth');
}

const CCS_FILE = /^codex-.*\.json$/;
const SECRET_KEYS = ['access_token', 'id_token', 'refresh_token'];

/** Pure: one CCS token file's text to an imported token, or why it was skipped. */
export function parseCcsFile(text: string, name: string): ImportedEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, warning: `Skipped CCS account file ${name}: it is not valid JSON.` };
  }
  registerSecretFields(json, SECRET_KEYS);
  const parsed = ccsEntrySchema.safeParse(json);
  if (!parsed.success) return { ok: false, warning: `Skipped CCS account file ${name}: it holds no access_token.` };
  const entry = parsed.data;
  return {
    ok: true,
    token: completeFromClaims({
      accessToken: entry.access_token,
      idToken: entry.id_token,
      email: entry.email,
      accountId: entry.account_id,
      expiresAtMs: timeToMs(entry.expired),
    }),
  };
}

/** Reads every `codex-*.json` of the pool, in name order; a missing pool is no accounts. */
export async function readCcsPool(home: string): Promise<PoolFile[]> {
  const dir = ccsPoolDir(home);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => CCS_FILE.test(name)).sort();
  } catch {
    return [{ file: dir, entries: [{ ok: false, warning: `No CCS Codex accounts found (${dir} cannot be read).` }] }];
  }
  if (names.length === 0) return [{ file: dir, entries: [{ ok: false, warning: `No CCS Codex accounts found in ${dir}.` }] }];
  const files: PoolFile[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      files.push({ file, entries: [parseCcsFile(await readBoundedFile(file), name)] });
    } catch (error) {
      files.push({ file, entries: [{ ok: false, warning: `Skipped CCS account file ${name}: ${error instanceof Error ? error.message : String(error)}` }] });
    }
  }
  return files;
}
