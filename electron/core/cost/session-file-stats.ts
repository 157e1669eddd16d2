import { statSync } from 'node:fs';
import { findSessionFiles, type SessionFile, type SessionFileListing } from './session-file-finder.js';

// The session files of a Codex home with what one `stat` says about each: what decides whether a file has to
// be read again. Taken once per run and shared by every step that needs it (the report snapshot's key, the
// cache comparison and the scan), so a run lists the folders and stats each file once.

export interface SessionFileStat {
  file: SessionFile;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface StattedListing extends SessionFileListing {
  /** The listed paths that are regular files (symlinks followed), in listing order. */
  stats: SessionFileStat[];
  /** Listed paths whose stat failed (a symlink loop, a permission wall): not sessions that can be read. */
  unstattable: number;
}

export function statSessionFiles(codexHome: string): StattedListing {
  const listing = findSessionFiles(codexHome);
  const stats: SessionFileStat[] = [];
  let unstattable = 0;
  for (const file of listing.files) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(file.path, { throwIfNoEntry: false });
    } catch {
      unstattable++;
      continue;
    }
    if (st === undefined || !st.isFile()) continue;
    stats.push({ file, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
  }
  return { ...listing, stats, unstattable };
}
