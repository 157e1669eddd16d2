// Notices Codex writing its session logs (<codex home>/sessions/YYYY/MM/DD/*.jsonl), so usage can be
// refreshed soon after Codex was used instead of polling the backend harder.
//
// Node 20 has no recursive fs.watch on Linux, so this watches a handful of folders itself: the sessions
// root, the newest year and month, and the two newest day folders (a session started before midnight
// keeps writing to yesterday's folder). A new folder anywhere on that path re-arms the watches. When the
// system has no inotify watches left (ENOSPC) or a folder cannot be watched, it stops watching and says
// so: the caller's cadence still refreshes.

import { watch as fsWatch, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../util/logger.js';
import { systemClock, type SchedulerClock } from './scheduler-clock.js';

export interface DirWatch {
  close(): void;
}

/** The file-system calls the watcher makes, injected so tests can drive events and failures. */
export interface DirWatchApi {
  /** Watches one folder (not recursively). May throw, e.g. ENOSPC when inotify watches run out. */
  watch(dir: string, onChange: (filename: string | null) => void, onError: (error: Error) => void): DirWatch;
  /** Names of the sub-folders of `dir`, or null when `dir` is missing or not a folder. */
  listDirs(dir: string): string[] | null;
}

export const nodeDirWatchApi: DirWatchApi = {
  watch(dir, onChange, onError) {
    // Not persistent: a watch alone must not keep a process alive.
    const watcher = fsWatch(dir, { persistent: false }, (_event, filename) => onChange(filename === null ? null : String(filename)));
    watcher.on('error', onError);
    return { close: () => watcher.close() };
  },
  listDirs(dir) {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      return null;
    }
  },
};

export type WatchMode = 'watching' | 'waiting-for-sessions' | 'cadence-only' | 'stopped';

export interface SessionActivityWatcherOptions {
  codexHome: string;
  /** Called at most once per `debounceMs`, at the end of the period that saw a write. */
  onActivity: () => void;
  debounceMs?: number;
  clock?: SchedulerClock;
  fs?: DirWatchApi;
  logger?: Logger;
}

/** Every write is reported within this long; a burst of writes is reported once per period. */
export const DEFAULT_ACTIVITY_DEBOUNCE_MS = 10_000;

const YEAR = /^\d{4}$/;
const MONTH_OR_DAY = /^\d{2}$/;

export class SessionActivityWatcher {
  private readonly sessionsDir: string;
  private readonly codexHome: string;
  private readonly onActivity: () => void;
  private readonly debounceMs: number;
  private readonly clock: SchedulerClock;
  private readonly fs: DirWatchApi;
  private readonly logger: Logger;
  private watches: DirWatch[] = [];
  private watchedDirs: string[] = [];
  private timer: unknown = null;
  private currentMode: WatchMode = 'stopped';

  constructor(options: SessionActivityWatcherOptions) {
    this.codexHome = options.codexHome;
    this.sessionsDir = join(options.codexHome, 'sessions');
    this.onActivity = options.onActivity;
    this.debounceMs = options.debounceMs ?? DEFAULT_ACTIVITY_DEBOUNCE_MS;
    this.clock = options.clock ?? systemClock;
    this.fs = options.fs ?? nodeDirWatchApi;
    this.logger = options.logger ?? silentLogger;
  }

  get mode(): WatchMode {
    return this.currentMode;
  }

  /** The folders watched right now (for diagnostics and tests). */
  get dirs(): readonly string[] {
    return this.watchedDirs;
  }

  start(): WatchMode {
    if (this.currentMode === 'stopped') this.arm();
    return this.currentMode;
  }

  stop(): void {
    this.closeWatches();
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.currentMode = 'stopped';
  }

  private arm(): void {
    this.closeWatches();
    const targets = this.targets();
    if (targets === null) {
      // No Codex home yet: nothing to watch; the cadence carries on alone.
      this.currentMode = 'cadence-only';
      this.logger.debug(`Session activity: ${this.codexHome} does not exist; refreshing on the cadence only.`);
      return;
    }
    try {
      for (const target of targets.dirs) {
        const isDay = targets.dayDirs.includes(target);
        this.watches.push(
          this.fs.watch(
            target,
            (filename) => this.changed(isDay, filename),
            (error) => this.failed(error),
          ),
        );
        this.watchedDirs.push(target);
      }
    } catch (error) {
      this.fallBack(error);
      return;
    }
    this.currentMode = targets.waiting ? 'waiting-for-sessions' : 'watching';
  }

  /** The folders to watch, or null when the Codex home itself is missing. */
  private targets(): { dirs: string[]; dayDirs: string[]; waiting: boolean } | null {
    if (this.fs.listDirs(this.sessionsDir) === null) {
      // Watch the home for the sessions folder to appear.
      return this.fs.listDirs(this.codexHome) === null ? null : { dirs: [this.codexHome], dayDirs: [], waiting: true };
    }
    const dirs = [this.sessionsDir];
    const dayDirs: string[] = [];
    const newestFirst = (dir: string, pattern: RegExp) =>
      (this.fs.listDirs(dir) ?? [])
        .filter((name) => pattern.test(name))
        .sort()
        .reverse();
    for (const [yi, year] of newestFirst(this.sessionsDir, YEAR).entries()) {
      const yearDir = join(this.sessionsDir, year);
      if (yi === 0) dirs.push(yearDir);
      for (const [mi, month] of newestFirst(yearDir, MONTH_OR_DAY).entries()) {
        const monthDir = join(yearDir, month);
        if (yi === 0 && mi === 0) dirs.push(monthDir);
        for (const day of newestFirst(monthDir, MONTH_OR_DAY)) {
          if (dayDirs.length < 2) dayDirs.push(join(monthDir, day));
        }
        if (dayDirs.length >= 2) break;
      }
      if (dayDirs.length >= 2) break;
    }
    return { dirs: [...dirs, ...dayDirs], dayDirs, waiting: false };
  }

  private changed(inDayDir: boolean, filename: string | null): void {
    if (this.currentMode === 'stopped' || this.currentMode === 'cadence-only') return;
    if (inDayDir) {
      // Only session logs count; anything else written there is not Codex being used.
      if (filename === null || filename.includes('.jsonl')) this.noteActivity();
      return;
    }
    // In the Codex home only the sessions folder appearing matters (Codex writes other files there too).
    if (this.currentMode === 'waiting-for-sessions' && filename !== null && filename !== 'sessions') return;
    // A new year, month or day folder (or the sessions folder itself): a session just started there.
    this.arm();
    if (this.currentMode === 'watching') this.noteActivity();
  }

  private noteActivity(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.currentMode === 'stopped') return;
      try {
        this.onActivity();
      } catch (error) {
        this.logger.warn(`Session activity handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, this.debounceMs);
  }

  /** A watched folder went away or broke: look again (it may have been replaced). */
  private failed(error: Error): void {
    if (this.currentMode === 'stopped' || this.currentMode === 'cadence-only') return;
    this.logger.debug(`Session activity: a watch failed (${error.message}); re-arming.`);
    this.arm();
  }

  private fallBack(error: unknown): void {
    this.closeWatches();
    this.currentMode = 'cadence-only';
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const why =
      code === 'ENOSPC'
        ? 'the system has no inotify watches left (raise fs.inotify.max_user_watches)'
        : `${error instanceof Error ? error.message : String(error)}`;
    this.logger.warn(`Not watching Codex session logs: ${why}. Usage refreshes on the cadence only.`);
  }

  private closeWatches(): void {
    for (const w of this.watches) {
      try {
        w.close();
      } catch {
        // already closed
      }
    }
    this.watches = [];
    this.watchedDirs = [];
  }
}
