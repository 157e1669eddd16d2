import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from '../util/sqlite.js';
import type { Logger } from '../util/logger.js';
import type { CounterState } from './session-usage-counter.js';
import { digestFromBuffer, digestToBuffer } from './totals-digest.js';
import { parseBucketRows, type BucketRow } from './usage-buckets.js';
import { COST_PARSER_VERSION } from './cost-parser-version.js';

// The incremental scan cache: per session file its identity, size, mtime, how far it was read, the counting
// state at that point, and the usage counted so far. It is only ever a cache: a file that is corrupt, foreign,
// locked or from another parser version is rebuilt or bypassed, never fatal.

export { COST_PARSER_VERSION } from './cost-parser-version.js';
/** Bump whenever what a row holds changes: an older cache is then rebuilt, never misread. */
export const COST_CACHE_SCHEMA_VERSION = 2;
/** "QBc1": marks the SQLite file as ours, so a foreign database at this path is never trusted. */
const APPLICATION_ID = 0x51426331;

export function costCachePath(quotabarHome: string): string {
  return join(quotabarHome, 'cache', 'cost-scan.sqlite');
}

export interface CachedFile {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** Bytes consumed: the next scan resumes here. */
  offset: number;
  tailHash: string;
  sessionId: string | null;
  forkedFromId: string | null;
  state: CounterState;
  buckets: BucketRow[];
  firstEventMs: number | null;
  lastEventMs: number | null;
}

interface FileRow {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtime_ms: number;
  offset: number;
  tail_hash: string;
  session_id: string | null;
  forked_from_id: string | null;
  state: string;
  buckets: string;
  first_event_ms: number | null;
  last_event_ms: number | null;
}

const CREATE = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    home TEXT NOT NULL,
    dev REAL NOT NULL,
    ino REAL NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    offset INTEGER NOT NULL,
    tail_hash TEXT NOT NULL,
    session_id TEXT,
    forked_from_id TEXT,
    state TEXT NOT NULL,
    buckets TEXT NOT NULL,
    first_event_ms REAL,
    last_event_ms REAL,
    digest BLOB
  );
  CREATE INDEX IF NOT EXISTS files_by_home ON files(home);
`;

function isCounterState(value: unknown): value is CounterState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.sawSessionMeta === 'boolean' &&
    (s.cwd === null || typeof s.cwd === 'string') &&
    (s.forkMode === 'none' || s.forkMode === 'parent' || s.forkMode === 'burst') &&
    typeof s.inCopy === 'boolean' &&
    typeof s.regressed === 'boolean' &&
    Array.isArray(s.recentTotals) &&
    typeof s.ownStarted === 'boolean' &&
    typeof s.copiedEvents === 'number' &&
    typeof s.countedEvents === 'number'
  );
}

function rowToEntry(row: FileRow): CachedFile | null {
  let state: unknown;
  let buckets: BucketRow[] | null;
  try {
    state = JSON.parse(row.state);
    buckets = parseBucketRows(JSON.parse(row.buckets));
  } catch {
    return null;
  }
  if (!isCounterState(state) || buckets === null) return null;
  return {
    path: row.path,
    dev: row.dev,
    ino: row.ino,
    size: row.size,
    mtimeMs: row.mtime_ms,
    offset: row.offset,
    tailHash: row.tail_hash,
    sessionId: row.session_id,
    forkedFromId: row.forked_from_id,
    state,
    buckets,
    firstEventMs: row.first_event_ms,
    lastEventMs: row.last_event_ms,
  };
}

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** Errors that mean the file itself is bad (rebuild it) rather than busy or unwritable (bypass it). */
function isDamage(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code === 'QUOTABAR_FOREIGN';
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

export interface OpenCacheResult {
  cache: CostCache | null;
  /** Set when the cache could not be used this time, or was rebuilt. */
  notice: string | null;
}

export class CostCache {
  private readonly memo = new Map<string, { dataVersion: number; entries: Map<string, CachedFile> }>();

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Opens (creating, migrating or rebuilding as needed) the cache at `path`. Never throws. */
  static open(path: string, options: { parserVersion?: number; logger?: Logger; busyTimeoutMs?: number } = {}): OpenCacheResult {
    const parserVersion = options.parserVersion ?? COST_PARSER_VERSION;
    const timeout = options.busyTimeoutMs ?? 2000;
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      return {
        cache: null,
        notice: `The cost cache folder ${dirname(path)} could not be created (${sqliteCode(error) || String(error)}); scanned without a cache.`,
      };
    }
    try {
      return { cache: CostCache.openOnce(path, parserVersion, timeout), notice: null };
    } catch (error) {
      if (!isDamage(error)) {
        return { cache: null, notice: `The cost cache ${path} could not be used (${sqliteCode(error) || String(error)}); scanned without it.` };
      }
      options.logger?.warn(`cost cache ${path} is damaged or not QuotaBar's (${sqliteCode(error)}); rebuilding it`);
    }
    try {
      removeDatabaseFiles(path);
      return { cache: CostCache.openOnce(path, parserVersion, timeout), notice: `The cost cache was damaged or not QuotaBar's and has been rebuilt.` };
    } catch (error) {
      return { cache: null, notice: `The cost cache ${path} could not be rebuilt (${sqliteCode(error) || String(error)}); scanned without it.` };
    }
  }

  private static openOnce(path: string, parserVersion: number, timeout: number): CostCache {
    const db = openSqlite(path, { timeout });
    try {
      const appId = db.pragma('application_id', { simple: true }) as number;
      const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n;
      if (appId !== APPLICATION_ID && (appId !== 0 || tables > 0)) {
        throw Object.assign(new Error('not a QuotaBar cost cache'), { code: 'QUOTABAR_FOREIGN' });
      }
      db.pragma('journal_mode = WAL');
      // Everything here is rebuilt from the session logs, so no write waits for the disk (35 ms of a first
      // `quotabar cost` went to the checkpoint's fsync on close). A power cut may then damage the file; the next
      // open finds that and rebuilds it.
      db.pragma('synchronous = OFF');
      if (appId !== APPLICATION_ID || (db.pragma('user_version', { simple: true }) as number) !== COST_CACHE_SCHEMA_VERSION) {
        db.exec('DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS meta;');
        db.exec(CREATE);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${COST_CACHE_SCHEMA_VERSION}`);
      }
      const stored = db.prepare(`SELECT value FROM meta WHERE key = 'parser_version'`).get() as { value: string } | undefined;
      if (stored?.value !== String(parserVersion)) {
        db.transaction(() => {
          db.exec('DELETE FROM files');
          db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('parser_version', ?)`).run(String(parserVersion));
        })();
      }
      // Touch the table so a damaged file shows itself now rather than halfway through a scan.
      db.prepare('SELECT count(*) FROM files').get();
      return new CostCache(db, path);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Every cached file under one Codex home. Kept in memory between calls and re-read only when another
   * process has written the database since, so a refresh with nothing changed does not touch SQLite rows.
   */
  load(home: string): ReadonlyMap<string, CachedFile> {
    const dataVersion = this.dataVersion();
    const memo = this.memo.get(home);
    if (memo !== undefined && memo.dataVersion === dataVersion) return memo.entries;
    const rows = this.db
      .prepare(
        `SELECT path, dev, ino, size, mtime_ms, offset, tail_hash, session_id, forked_from_id, state, buckets,
                first_event_ms, last_event_ms FROM files WHERE home = ?`,
      )
      .all(home) as FileRow[];
    const entries = new Map<string, CachedFile>();
    for (const row of rows) {
      const entry = rowToEntry(row);
      if (entry !== null) entries.set(entry.path, entry);
    }
    this.memo.set(home, { dataVersion, entries });
    return entries;
  }

  /** A file's totals fingerprints (its digest), for recognising its forks' copied prefix. */
  digest(path: string): number[] {
    const row = this.db.prepare('SELECT digest FROM files WHERE path = ?').get(path) as { digest: Buffer | null } | undefined;
    return digestFromBuffer(row?.digest);
  }

  /** Writes the changed files in one transaction and forgets the vanished ones. */
  save(home: string, upserts: ReadonlyArray<{ entry: CachedFile; digest: readonly number[] }>, removed: readonly string[]): void {
    // Positional parameters: binding 15 named ones looks each up on an object, 790 times on a first scan.
    const upsert = this.db.prepare(
      `INSERT OR REPLACE INTO files (path, home, dev, ino, size, mtime_ms, offset, tail_hash, session_id, forked_from_id,
         state, buckets, first_event_ms, last_event_ms, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const remove = this.db.prepare('DELETE FROM files WHERE path = ?');
    this.db.transaction(() => {
      for (const path of removed) remove.run(path);
      for (const { entry, digest } of upserts) {
        upsert.run(
          entry.path,
          home,
          entry.dev,
          entry.ino,
          entry.size,
          entry.mtimeMs,
          entry.offset,
          entry.tailHash,
          entry.sessionId,
          entry.forkedFromId,
          JSON.stringify(entry.state),
          JSON.stringify(entry.buckets),
          entry.firstEventMs,
          entry.lastEventMs,
          digestToBuffer(digest),
        );
      }
    })();
    // Our own writes do not change data_version for this connection, so the memo stays current.
    const memo = this.memo.get(home);
    if (memo !== undefined) {
      const entries = new Map(memo.entries);
      for (const path of removed) entries.delete(path);
      for (const { entry } of upserts) entries.set(entry.path, entry);
      this.memo.set(home, { dataVersion: memo.dataVersion, entries });
    }
  }

  close(): void {
    this.memo.clear();
    try {
      this.db.close();
    } catch {
      // Already closed.
    }
  }
}

/** Whether an error thrown while using an open cache means the file is damaged. */
export function isCacheDamage(error: unknown): boolean {
  return isDamage(error);
}
