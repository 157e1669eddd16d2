// Reads the chatgpt.com / openai.com cookies of one Chromium profile: rows from a private copy of
// its `Cookies` database, values decrypted the way that OS's Chromium encrypted them.

import { registerSecret } from '../util/secret-registry.js';
import type { CookiePlatform } from './browser-profiles.js';
import { decryptChromiumValue, type CookieKeys } from './chromium-cookie-decrypt.js';
import { cookieSiteSqlFilter, type RawCookie, type StoreCookies } from './raw-cookie.js';
import { withSqliteSnapshot } from './sqlite-snapshot.js';

interface ChromiumRow {
  host_key: string;
  name: string;
  value: string;
  encrypted_value: Buffer | null;
  path: string;
  expires_utc: number;
  is_secure: number;
  is_httponly: number;
}

/** Microseconds between 1601-01-01 (Windows FILETIME epoch, which Chromium uses everywhere) and 1970-01-01. */
const EPOCH_DELTA_MS = 11_644_473_600_000;

export function chromiumTimeToMs(expiresUtc: number): number | null {
  return expiresUtc > 0 ? Math.round(expiresUtc / 1000 - EPOCH_DELTA_MS) : null;
}

export function readChromiumRows(dbPath: string): { rows: ChromiumRow[]; metaVersion: number } {
  return withSqliteSnapshot(dbPath, (db) => {
    const meta = db.prepare(`SELECT value FROM meta WHERE key = 'version'`).get() as { value: string | number } | undefined;
    const rows = db
      .prepare(
        `SELECT host_key, name, value, encrypted_value, path, expires_utc, is_secure, is_httponly
         FROM cookies WHERE ${cookieSiteSqlFilter('host_key')}`,
      )
      .all() as ChromiumRow[];
    return { rows, metaVersion: Number(meta?.value ?? 0) || 0 };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function readChromiumCookies(
  dbPath: string,
  browserName: string,
  platform: CookiePlatform,
  keys: CookieKeys & { problems(): string[] },
): Promise<StoreCookies> {
  const { rows, metaVersion } = readChromiumRows(dbPath);
  const cookies: RawCookie[] = [];
  let appBound = 0;
  let unreadable = 0;
  for (const row of rows) {
    const blob = row.encrypted_value ?? Buffer.alloc(0);
    let value: string | null = null;
    if (blob.length === 0) {
      value = row.value;
    } else {
      const outcome = await decryptChromiumValue(blob, row.host_key, metaVersion, platform, keys);
      if (outcome.ok) value = outcome.value;
      else if (outcome.reason === 'app-bound') appBound += 1;
      else unreadable += 1;
    }
    if (value === null) continue;
    registerSecret(value);
    cookies.push({
      host: row.host_key,
      name: row.name,
      value,
      path: row.path || '/',
      expiresAt: chromiumTimeToMs(Number(row.expires_utc)),
      secure: Number(row.is_secure) === 1,
      httpOnly: Number(row.is_httponly) === 1,
    });
  }
  const notes: string[] = [];
  if (appBound > 0) {
    notes.push(
      `${plural(appBound, 'cookie')} for chatgpt.com ${appBound === 1 ? 'is' : 'are'} app-bound encrypted (v20): Windows lets only ${browserName} itself read ${appBound === 1 ? 'it' : 'them'}, and no other program can. ` +
        `Sign in to chatgpt.com in Firefox, or paste the Cookie header of a chatgpt.com request from ${browserName}'s developer tools (--cookie-header, or Settings → Cookies)`,
    );
  }
  if (unreadable > 0) {
    const problems = keys.problems();
    if (problems.length > 0) notes.push(...problems);
    else
      notes.push(`${plural(unreadable, 'cookie')} could not be decrypted with this profile's key (the profile may belong to another user, or the key changed)`);
  }
  return { cookies, notes };
}
