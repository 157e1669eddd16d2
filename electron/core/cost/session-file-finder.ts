import { readdirSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';

// interface §1: `<codex home>/sessions/YYYY/MM/DD/*.jsonl` and `<codex home>/archived_sessions/*.jsonl`.
// Compressed `.jsonl.zst` rollouts are listed separately so the report can say they were skipped.

export interface SessionFile {
  path: string;
  archived: boolean;
}

export interface SessionFileListing {
  files: SessionFile[];
  compressed: string[];
  /** Folders that exist but could not be listed. */
  unreadableDirs: string[];
}

const MAX_DEPTH = 6;

function walk(dir: string, depth: number, archived: boolean, out: SessionFileListing): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') out.unreadableDirs.push(dir);
    return;
  }
  // `dir` is normalised and a name holds no separator: what join() would give, without its normalising pass
  // (which was most of the listing's time for thousands of files).
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  for (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) walk(path, depth + 1, archived, out);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      if (entry.name.endsWith('.jsonl')) out.files.push({ path, archived });
      else if (entry.name.endsWith('.jsonl.zst')) out.compressed.push(path);
    }
  }
}

export function findSessionFiles(codexHome: string): SessionFileListing {
  const out: SessionFileListing = { files: [], compressed: [], unreadableDirs: [] };
  walk(join(codexHome, 'sessions'), 0, false, out);
  walk(join(codexHome, 'archived_sessions'), 0, true, out);
  out.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/** Codex names rollouts `rollout-<time>-<thread id>.jsonl`: the id, when the name carries one. */
export function sessionIdFromFileName(path: string): string | null {
  return UUID_AT_END.exec(path)?.[1]?.toLowerCase() ?? null;
}
