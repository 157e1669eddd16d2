import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CostGrouping, CostReport } from '../../../shared/cost-model.js';
import { writeFileAtomic } from '../settings/atomic-file.js';
import { isBoundedFileError, readBoundedFileSync } from '../util/bounded-file.js';
import { COST_PARSER_VERSION } from './cost-parser-version.js';
import type { ResolvedWindow } from './cost-window.js';
import type { StattedListing } from './session-file-stats.js';

// The last report, kept under a key made of everything it follows from: the window, the grouping, the price
// override file, the code that counts and prices, and the path, identity, size and mtime of every session
// file. A command line whose files have not changed then answers with one listing, one stat per file and one
// small read: no SQLite, no scanner, no thread. Any change to any of those gives another key, and the report is
// made again (from the cache, or by a scan). It is only a cache: a file that is missing, unreadable, foreign or
// of another format is a miss, never an error.

/** Bump whenever what the file holds changes. */
const SNAPSHOT_FORMAT = 1;
/** The report of a home of thousands of sessions grouped by session is a few MB; anything past this is not ours. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export function reportSnapshotPath(quotabarHome: string): string {
  return join(quotabarHome, 'cache', 'cost-report.json');
}

function stamp(path: string): string {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st === undefined ? 'none' : `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'unreadable';
  }
}

/**
 * The modules that decide what a report says, as installed: a rebuilt or upgraded QuotaBar (new prices, new
 * counting rules, a new report shape) never answers from a report an older one made.
 */
function codeStamp(): string {
  const ext = extname(fileURLToPath(import.meta.url)) || '.js';
  return ['model-prices.json', `cost-report${ext}`, `session-usage-counter${ext}`, `price-table${ext}`]
    .map((name) => stamp(fileURLToPath(new URL(`./${name}`, import.meta.url))))
    .join(',');
}

export interface SnapshotKeyInput {
  codexHome: string;
  quotabarHome: string;
  window: ResolvedWindow;
  groupBy: CostGrouping | undefined;
  listing: StattedListing;
}

/** The key of the report these inputs make, or null when the listing cannot vouch for it (a file could not be statted). */
export function reportSnapshotKey(input: SnapshotKeyInput): string | null {
  const { listing, window } = input;
  if (listing.unstattable > 0) return null;
  const hash = createHash('sha256');
  hash.update(
    [
      `format ${SNAPSHOT_FORMAT} parser ${COST_PARSER_VERSION} code ${codeStamp()}`,
      `home ${input.codexHome}`,
      `window ${window.timeZone} ${window.range.since} ${window.range.until} ${window.startBoundMs} by ${input.groupBy ?? 'day'}`,
      // Price overrides (see price-table.ts) live in the QuotaBar home.
      `prices ${stamp(join(input.quotabarHome, 'model-prices.json'))}`,
      `compressed ${JSON.stringify(listing.compressed)}`,
      `unreadable ${JSON.stringify(listing.unreadableDirs)}`,
      '',
    ].join('\n'),
  );
  for (const s of listing.stats) hash.update(`${s.file.path}\0${s.file.archived ? 1 : 0} ${s.dev} ${s.ino} ${s.size} ${s.mtimeMs}\n`);
  return hash.digest('hex');
}

interface SnapshotFile {
  format: number;
  key: string;
  report: Omit<CostReport, 'scan'>;
}

function isSnapshotFile(value: unknown): value is SnapshotFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof SnapshotFile, unknown>>;
  if (v.format !== SNAPSHOT_FORMAT || typeof v.key !== 'string' || typeof v.report !== 'object' || v.report === null) return false;
  const report = v.report as Partial<Record<keyof CostReport, unknown>>;
  return report.schemaVersion === 1 && Array.isArray(report.daily) && typeof report.totals === 'object' && typeof report.range === 'object';
}

/** The report remembered under `key`, with the scan figures of this listing, or null. */
export function readReportSnapshot(quotabarHome: string, key: string, listing: StattedListing, startedMs: number): CostReport | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readBoundedFileSync(reportSnapshotPath(quotabarHome), { maxBytes: MAX_SNAPSHOT_BYTES }));
  } catch (error) {
    if (isBoundedFileError(error) || error instanceof SyntaxError) return null;
    throw error;
  }
  if (!isSnapshotFile(parsed) || parsed.key !== key) return null;
  const bytes = listing.stats.reduce((sum, s) => sum + s.size, 0);
  const files = listing.stats.length;
  return { ...parsed.report, scan: { files, bytes, filesFromCache: files, ms: Math.round(performance.now() - startedMs) } };
}

/** The key last written per file by this thread: a refresh that changed nothing does not write again. */
const written = new Map<string, string>();

/** Remembers `report` under `key`. Best effort: a failure only means the next run makes the report again. */
export function saveReportSnapshot(quotabarHome: string, key: string, report: CostReport): boolean {
  const path = reportSnapshotPath(quotabarHome);
  if (written.get(path) === key) return true;
  const { scan: _scan, ...rest } = report;
  const content: SnapshotFile = { format: SNAPSHOT_FORMAT, key, report: rest };
  try {
    writeFileAtomic(path, JSON.stringify(content), 0o600, { durable: false });
  } catch {
    return false;
  }
  written.set(path, key);
  return true;
}
