import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

/**
 * Where a better-sqlite3 binary built for another runtime lives. `npm start` builds one for
 * Electron's ABI (the one in node_modules is built for Node, which the CLI and tests use).
 */
export const SQLITE_BINDING_ENV = 'QUOTABAR_SQLITE_BINDING';

let databaseClass: typeof Database | null = null;

/** Opens a SQLite file with better-sqlite3, loaded on first use (a scan without the cache never needs it). */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
  databaseClass ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  const binding = process.env[SQLITE_BINDING_ENV];
  return new databaseClass(path, binding ? { ...options, nativeBinding: binding } : options);
}

/** better-sqlite3's SqliteError (carrying a SQLITE_* code), told apart without loading the module. */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'SqliteError' && typeof (error as { code?: unknown }).code === 'string';
}
