// Firefox (and its forks Zen and LibreWolf) keep cookies unencrypted in `cookies.sqlite`, table
// `moz_cookies`, usually in WAL mode while the browser runs: the snapshot copies the WAL along.

import { registerSecret } from '../util/secret-registry.js';
import { cookieSiteSqlFilter, type RawCookie, type StoreCookies } from './raw-cookie.js';
import { withSqliteSnapshot } from './sqlite-snapshot.js';

interface MozRow {
  host: string;
  name: string;
  value: string;
  path: string;
  expiry: number;
  isSecure: number;
  isHttpOnly: number;
}

/** `expiry` is in seconds; recent Firefox versions store milliseconds. Anything past year 5000 in seconds is ms. */
export function firefoxExpiryToMs(expiry: number): number | null {
  if (!Number.isFinite(expiry) || expiry <= 0) return null;
  return expiry > 1e11 ? Math.round(expiry) : Math.round(expiry * 1000);
}

export function readFirefoxCookies(dbPath: string): StoreCookies {
  const rows = withSqliteSnapshot(dbPath, (db) => {
    const columns = new Set((db.prepare('PRAGMA table_info(moz_cookies)').all() as { name: string }[]).map((c) => c.name));
    // Container tabs and partitioned (third-party) cookies carry origin attributes; the normal jar has none.
    const defaultJar = columns.has('originAttributes') ? ` AND (originAttributes = '' OR originAttributes IS NULL)` : '';
    return db
      .prepare(`SELECT host, name, value, path, expiry, isSecure, isHttpOnly FROM moz_cookies WHERE ${cookieSiteSqlFilter('host')}${defaultJar}`)
      .all() as MozRow[];
  });
  const cookies: RawCookie[] = rows.map((row) => {
    registerSecret(row.value);
    return {
      host: row.host,
      name: row.name,
      value: row.value,
      path: row.path || '/',
      expiresAt: firefoxExpiryToMs(Number(row.expiry)),
      secure: Number(row.isSecure) === 1,
      httpOnly: Number(row.isHttpOnly) === 1,
    };
  });
  return { cookies, notes: [] };
}
