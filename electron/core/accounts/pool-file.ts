import type { ImportedEntry } from './imported-token.js';

/** One file of a pool and the entries read from it (a CCS file holds one, codex-proxy's registry many). */
export interface PoolFile {
  file: string;
  entries: ImportedEntry[];
}
