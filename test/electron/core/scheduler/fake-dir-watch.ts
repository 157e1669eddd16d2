import { dirname } from 'node:path';
import type { DirWatchApi } from '../../../../electron/core/scheduler/session-activity-watcher.js';

/** Folders in memory; the test writes files and makes folders, and watches hear about it as inotify would tell them. */
export class FakeFs implements DirWatchApi {
  readonly dirs = new Set<string>();
  readonly watched = new Map<string, Array<(name: string | null) => void>>();
  private readonly onErrors = new Map<(name: string | null) => void, (error: Error) => void>();
  failWith: string | null = null;

  constructor(...paths: string[]) {
    for (const p of paths) this.mkdirp(p, false);
  }

  watch(dir: string, onChange: (filename: string | null) => void, onError: (error: Error) => void) {
    if (this.failWith !== null) throw Object.assign(new Error(`watch ${dir}: ${this.failWith}`), { code: this.failWith });
    if (!this.dirs.has(dir)) throw Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' });
    const list = this.watched.get(dir) ?? [];
    list.push(onChange);
    this.watched.set(dir, list);
    this.onErrors.set(onChange, onError);
    return {
      close: () => {
        this.onErrors.delete(onChange);
        const left = (this.watched.get(dir) ?? []).filter((l) => l !== onChange);
        if (left.length === 0) this.watched.delete(dir);
        else this.watched.set(dir, left);
      },
    };
  }

  listDirs(dir: string): string[] | null {
    if (!this.dirs.has(dir)) return null;
    return [...this.dirs].filter((d) => dirname(d) === dir).map((d) => d.slice(dir.length + 1));
  }

  mkdirp(path: string, notify = true): void {
    if (this.dirs.has(path)) return;
    if (path !== '/' && !this.dirs.has(dirname(path))) this.mkdirp(dirname(path), notify);
    this.dirs.add(path);
    if (notify) this.emit(dirname(path), path.slice(dirname(path).length + 1));
  }

  write(file: string): void {
    this.emit(dirname(file), file.slice(dirname(file).length + 1));
  }

  /** The watch of `dir` breaks (as when the folder is removed). */
  breakWatch(dir: string, error: Error): void {
    for (const listener of [...(this.watched.get(dir) ?? [])]) this.onErrors.get(listener)?.(error);
  }

  private emit(dir: string, name: string): void {
    for (const listener of [...(this.watched.get(dir) ?? [])]) listener(name);
  }
}
