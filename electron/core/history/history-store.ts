// The usage history file (interface §8): `<QuotaBar home>/history.sqlite`, one row per change of a window's
// reading. The app, `serve` and the CLI may write it at the same time (WAL and a busy timeout), and it is
// only ever a record: a locked, corrupt, foreign or unwritable file gives a warning, is set aside and
// started again, and never fails the refresh that tried to write it.

import { mkdirSync, renameSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { PERIOD_TOLERANCE_MS } from '../../../shared/reset-rule.js';
import { detectResets, windowsOfReport, type HistoryAccount, type HistoryReport, type HistorySample } from '../../../shared/usage-history.js';
import type { UsageReport } from '../../../shared/usage-model.js';
import { openSqlite } from '../util/sqlite.js';

export const HISTORY_FILE_NAME = 'history.sqlite';
export const HISTORY_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;
const SCHEMA_VERSION = 1;
/** "QBh1": marks the file as QuotaBar's history, so a foreign database at this path is never written into. */
const APPLICATION_ID = 0x51426831;

export function historyPath(quotabarHome: string): string {
  return join(quotabarHome, HISTORY_FILE_NAME);
}

const CREATE = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS series (
    id INTEGER PRIMARY KEY,
    account_key TEXT NOT NULL,
    account_id TEXT,
    email TEXT,
    window_id TEXT NOT NULL,
    window_minutes INTEGER,
    UNIQUE (account_key, window_id)
  );
  CREATE TABLE IF NOT EXISTS samples (
    series_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    used REAL NOT NULL,
    resets_at INTEGER,
    PRIMARY KEY (series_id, at)
  ) WITHOUT ROWID;
`;

export interface HistoryStoreOptions {
  path: string;
  /** Where a problem with the file is said (stderr in the CLI, the logger in the app). */
  warn: (message: string) => void;
  /** How long a write waits for another process's write to finish (default 5 s). */
  busyTimeoutMs?: number;
  retentionDays?: number;
}

export interface HistoryQuery {
  since: Date;
  /** Matches an account id or email (interface §8 `--account`). */
  account?: string;
}

export interface HistoryStore {
  readonly path: string;
  /** Records every window of a successful report at its `fetchedAt`. Never throws; false when nothing was kept. */
  record(report: UsageReport): boolean;
  /** The history since `query.since`, samples oldest first. Never throws; empty when the file is unusable. */
  read(query: HistoryQuery): HistoryReport;
}

interface SeriesRow {
  id: number;
  account_id: string | null;
  email: string | null;
  window_id: string;
  window_minutes: number | null;
}

interface SampleRow {
  at: number;
  last_at: number;
  used: number;
  resets_at: number | null;
}

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

function describe(error: unknown): string {
  return sqliteCode(error) || (error instanceof Error ? error.message : String(error));
}

/** The key a report's history is kept under: its account id, else its email (accounts of interface §7 aside). */
export function accountKeyOf(account: { accountId: string | null; email: string | null }): string {
  if (account.accountId !== null && account.accountId !== '') return `id:${account.accountId}`;
  if (account.email !== null && account.email !== '') return `email:${account.email}`;
  return 'unknown';
}

function sameReading(row: SampleRow, used: number, resetsAt: number | null): boolean {
  if (row.used !== used) return false;
  if (row.resets_at === null || resetsAt === null) return row.resets_at === resetsAt;
  // A not-yet-started window's reset time creeps forward with every refresh: that is one reading.
  return Math.abs(row.resets_at - resetsAt) <= PERIOD_TOLERANCE_MS;
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function toSample(row: SampleRow): HistorySample {
  return { at: new Date(row.at).toISOString(), usedPercent: row.used, resetsAt: isoOrNull(row.resets_at) };
}

export function openHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const { path, warn } = options;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const retentionMs = (options.retentionDays ?? HISTORY_RETENTION_DAYS) * DAY_MS;

  // A connection per call: the file may be set aside by another process between refreshes, and a
  // refresh a minute apart does not need one held open.
  const withDatabase = <T>(work: (db: Database.Database) => T): T => {
    mkdirSync(dirname(path), { recursive: true });
    const db = openSqlite(path, { timeout: busyTimeoutMs });
    try {
      prepare(db);
      // In WAL mode this syncs at checkpoints only: a power cut may lose the last minutes of a record.
      db.pragma('synchronous = NORMAL');
      return work(db);
    } finally {
      db.close();
    }
  };

  const setAside = (stamp: Date): string | null => {
    const aside = `${path}.broken-${stamp.toISOString().replace(/[:.]/g, '-')}`;
    // Nothing to set aside: the folder itself is the problem, and a fresh file would fail the same way.
    if (!existsSync(path)) return null;
    try {
      renameSync(path, aside);
      for (const suffix of ['-wal', '-shm', '-journal']) {
        if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${aside}${suffix}`);
      }
      return aside;
    } catch {
      return null;
    }
  };

  /** Runs `work`; when the file fails it, says so, sets the file aside and tries once on a fresh one. */
  const guarded = <T>(what: string, stamp: Date, work: (db: Database.Database) => T, fallback: T): T => {
    try {
      return withDatabase(work);
    } catch (error) {
      // A newer QuotaBar's file is kept as it is: setting it aside would lose its history on a downgrade.
      if (sqliteCode(error) === 'QUOTABAR_NEWER') {
        warn(`The usage history ${path} was written by a newer QuotaBar; ${what} skipped.`);
        return fallback;
      }
      const aside = setAside(stamp);
      if (aside === null) {
        warn(`The usage history ${path} could not be used (${describe(error)}); ${what} skipped. Check that its folder is writable.`);
        return fallback;
      }
      warn(`The usage history ${path} could not be used (${describe(error)}); it was moved to ${aside} and started again.`);
    }
    try {
      return withDatabase(work);
    } catch (error) {
      warn(`The usage history ${path} could not be started again (${describe(error)}); ${what} skipped.`);
      return fallback;
    }
  };

  return {
    path,
    record(report) {
      const at = Date.parse(report.fetchedAt);
      if (Number.isNaN(at)) return false;
      const windows = windowsOfReport(report);
      if (windows.length === 0) return false;
      const key = accountKeyOf(report.account);
      return guarded(
        'keeping this reading',
        new Date(at),
        (db) => {
          const upsertSeries = db.prepare(
            `INSERT INTO series (account_key, account_id, email, window_id, window_minutes) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (account_key, window_id) DO UPDATE SET
               account_id = coalesce(excluded.account_id, account_id), email = coalesce(excluded.email, email),
               window_minutes = coalesce(excluded.window_minutes, window_minutes)
             RETURNING id`,
          );
          const last = db.prepare(`SELECT at, last_at, used, resets_at FROM samples WHERE series_id = ? ORDER BY at DESC LIMIT 1`);
          const extend = db.prepare(`UPDATE samples SET last_at = ?, resets_at = ? WHERE series_id = ? AND at = ?`);
          const insert = db.prepare(`INSERT OR REPLACE INTO samples (series_id, at, last_at, used, resets_at) VALUES (?, ?, ?, ?, ?)`);
          const prune = db.prepare(`DELETE FROM samples WHERE series_id = ? AND at < ? AND last_at < ?`);
          const cutoff = at - retentionMs;
          db.transaction(() => {
            for (const { id, window } of windows) {
              const series = upsertSeries.get(key, report.account.accountId, report.account.email, id, window.windowMinutes) as { id: number };
              const resetsAt = window.resetsAt === null ? null : Date.parse(window.resetsAt);
              const resetsMs = resetsAt === null || Number.isNaN(resetsAt) ? null : resetsAt;
              const previous = last.get(series.id) as SampleRow | undefined;
              if (previous !== undefined && at >= previous.last_at && sameReading(previous, window.usedPercent, resetsMs)) {
                extend.run(at, resetsMs, series.id, previous.at);
              } else {
                insert.run(series.id, at, at, window.usedPercent, resetsMs);
              }
              prune.run(series.id, cutoff, cutoff);
            }
            pruneAllDaily(db, at, cutoff);
          }).immediate();
          return true;
        },
        false,
      );
    },
    read(query) {
      const since = query.since.getTime();
      return guarded(
        'reading the history',
        query.since,
        (db) => {
          const series = db.prepare(`SELECT id, account_id, email, window_id, window_minutes FROM series ORDER BY id`).all() as SeriesRow[];
          const inRange = db.prepare(`SELECT at, last_at, used, resets_at FROM samples WHERE series_id = ? AND (at >= ? OR last_at >= ?) ORDER BY at`);
          const accounts: HistoryAccount[] = [];
          const byKey = new Map<string, HistoryAccount>();
          for (const row of series) {
            if (query.account !== undefined && row.account_id !== query.account && row.email !== query.account) continue;
            const rows = inRange.all(row.id, since, since) as SampleRow[];
            if (rows.length === 0) continue;
            const key = accountKeyOf({ accountId: row.account_id, email: row.email });
            let account = byKey.get(key);
            if (account === undefined) {
              account = { accountId: row.account_id, email: row.email, windows: [] };
              byKey.set(key, account);
              accounts.push(account);
            }
            // A run that began before the range and is still the reading inside it shows as of the range's start.
            const samples = rows.map(toSample);
            const first = rows[0]!;
            if (first.at < since) samples[0] = { ...samples[0]!, at: new Date(since).toISOString() };
            const before =
              first.at < since
                ? null
                : ((db
                    .prepare(`SELECT at, last_at, used, resets_at FROM samples WHERE series_id = ? AND at < ? ORDER BY at DESC LIMIT 1`)
                    .get(row.id, first.at) as SampleRow | undefined) ?? null);
            account.windows.push({
              id: row.window_id,
              windowMinutes: row.window_minutes,
              samples,
              resets: detectResets(samples, before === null ? null : toSample(before)),
            });
          }
          return { schemaVersion: 1, accounts };
        },
        { schemaVersion: 1, accounts: [] },
      );
    },
  };
}

function prepare(db: Database.Database): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId === APPLICATION_ID && version === SCHEMA_VERSION) return;
  const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n;
  if (appId !== APPLICATION_ID && (appId !== 0 || tables > 0)) {
    throw Object.assign(new Error('not a QuotaBar history file'), { code: 'QUOTABAR_FOREIGN' });
  }
  if (appId === APPLICATION_ID && version > SCHEMA_VERSION) {
    throw Object.assign(new Error('written by a newer QuotaBar'), { code: 'QUOTABAR_NEWER' });
  }
  // A new file. auto_vacuum must be set before the first table; WAL lets the app and the CLI write together.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    db.exec(CREATE);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Once a day, prunes every series (accounts no longer refreshed too) and gives the freed pages back. */
function pruneAllDaily(db: Database.Database, at: number, cutoff: number): void {
  const lastPrune = db.prepare(`SELECT value FROM meta WHERE key = 'pruned_at'`).get() as { value: string } | undefined;
  if (lastPrune !== undefined && Math.abs(at - Number(lastPrune.value)) < DAY_MS) return;
  db.prepare(`DELETE FROM samples WHERE at < ? AND last_at < ?`).run(cutoff, cutoff);
  db.exec(`DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM samples WHERE samples.series_id = series.id)`);
  db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_at', ?)`).run(String(at));
  db.pragma('incremental_vacuum');
}
