// Browsers keep their cookie databases open (Chrome even in exclusive locking mode), so reading the
// live file would fail with SQLITE_BUSY or, worse, take a lock the browser then trips over. A private
// copy of the file and its WAL sidecars is read instead, and removed straight after.

import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { isRegularFile } from '../util/bounded-file.js';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { isSqliteError, openSqlite } from '../util/sqlite.js';

export type SqliteDatabase = Database.Database;

/** Why a cookie database could not be read, in words for a person; never includes cookie data. */
export class SnapshotError extends Error {
  readonly reason: 'missing' | 'locked' | 'denied' | 'corrupt' | 'other';

  constructor(reason: SnapshotError['reason'], message: string) {
    super(message);
    this.name = 'SnapshotError';
    this.reason = reason;
  }
}

function copyFailure(error: unknown): SnapshotError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new SnapshotError('missing', 'the cookie file disappeared while it was being read');
  if (code === 'EBUSY') {
    // Windows: a running Chromium opens its cookie file without read sharing.
    return new SnapshotError('locked', 'the browser is running and keeps its cookie file locked; close it and refresh');
  }
  if (code === 'EACCES' || code === 'EPERM') return new SnapshotError('denied', 'the operating system denied access to the cookie file');
  return new SnapshotError('other', `the cookie file could not be copied (${code ?? 'unknown error'})`);
}

function openFailure(error: unknown): SnapshotError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(text)) {
    return new SnapshotError('corrupt', 'the cookie database is damaged or not a SQLite database');
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new SnapshotError('locked', 'the cookie database is locked');
  return new SnapshotError('other', `the cookie database could not be read (${typeof code === 'string' ? code : 'SQLite error'})`);
}

/**
 * Copies `dbPath` (and `-wal`/`-shm` when present) into a fresh private temp folder, opens the copy
 * read-only, runs `read`, then deletes the copy whatever happens.
 */
export function withSqliteSnapshot<T>(dbPath: string, read: (db: SqliteDatabase) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'quotabar-cookies-'));
  try {
    const copy = join(dir, basename(dbPath));
    // Copying opens the files itself: a FIFO in their place would block it, so only regular files are copied.
    if (existsSync(dbPath) && !isRegularFile(dbPath)) throw new SnapshotError('other', 'the cookie database is not a regular file');
    try {
      copyFileSync(dbPath, copy);
      for (const suffix of ['-wal', '-shm']) {
        if (isRegularFile(dbPath + suffix)) copyFileSync(dbPath + suffix, copy + suffix);
      }
    } catch (error) {
      throw copyFailure(error);
    }
    let db: SqliteDatabase;
    try {
      db = openSqlite(copy, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw openFailure(error);
    }
    try {
      return read(db);
    } catch (error) {
      throw isSqliteError(error) ? openFailure(error) : error;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
