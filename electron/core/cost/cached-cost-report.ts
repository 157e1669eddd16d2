import type { CostReport } from '../../../shared/cost-model.js';
import type { Logger } from '../util/logger.js';
import type { CachedFile } from './cost-cache.js';
import { cacheFor } from './cost-cache-pool.js';
import { buildCostReport, reportSessions } from './cost-report.js';
import { reportSnapshotKey, saveReportSnapshot } from './cost-report-snapshot.js';
import { resolveCostWindow, type CostWindowOptions } from './cost-window.js';
import { loadPriceTable } from './price-table.js';
import { statSessionFiles, type StattedListing } from './session-file-stats.js';

// The warm path: when no session file changed since the last scan, the report is made from the cache alone:
// one listing, one stat per file, one query, and none of the scanner's modules or threads. Anything the cache
// cannot vouch for (a new, changed, moved, vanished or unreadable file) returns null, and the full scan runs.
// A report made here is also remembered as the report snapshot of its listing (cost-report-snapshot.ts).

export interface CachedReportResult {
  report: CostReport | null;
  /** Without a report: about how many bytes the scan has to read (what decides whether a second thread helps). */
  bytesToRead: number;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The report from the cache, or null when a file has to be read (or the cache cannot be used). */
export function costReportFromCache(options: CostWindowOptions & { nowMs: number; listing?: StattedListing }, logger: Logger): CostReport | null {
  return reportFromCache(options, logger).report;
}

/** The report from the cache, or how much is left to read when a file has to be read. */
export function reportFromCache(options: CostWindowOptions & { nowMs: number; listing?: StattedListing }, logger: Logger): CachedReportResult {
  const started = performance.now();
  const window = resolveCostWindow(options, options.nowMs);
  const { timeZone, range, startBoundMs } = window;
  const listing = options.listing ?? statSessionFiles(options.codexHome);
  // Without the cache every file that can hold usage in the window is read.
  const allBytes = () => listing.stats.reduce((sum, s) => sum + (s.mtimeMs >= startBoundMs ? s.size : 0), 0);
  if (options.noCache === true) return { report: null, bytesToRead: allBytes() };

  const opened = cacheFor(options.quotabarHome, logger);
  if (opened.cache === null || opened.notice !== null) return { report: null, bytesToRead: allBytes() };
  let cached: ReadonlyMap<string, CachedFile>;
  try {
    cached = opened.cache.load(options.codexHome);
  } catch {
    return { report: null, bytesToRead: allBytes() };
  }

  const entries: CachedFile[] = [];
  let bytes = 0;
  let bytesToRead = 0;
  let unchanged = listing.unstattable === 0;
  for (const st of listing.stats) {
    const entry = cached.get(st.file.path);
    if (entry === undefined || entry.dev !== st.dev || entry.ino !== st.ino || entry.size !== st.size || entry.mtimeMs !== st.mtimeMs) {
      unchanged = false;
      if (st.mtimeMs >= startBoundMs || entry !== undefined) bytesToRead += entry === undefined || st.size < entry.offset ? st.size : st.size - entry.offset;
      continue;
    }
    entries.push(entry);
    bytes += st.size;
  }
  if (!unchanged) return { report: null, bytesToRead };
  // A vanished file can change how a fork is counted, so its absence is the full scan's to handle.
  if (entries.length !== cached.size) return { report: null, bytesToRead };
  // The same session in both folders counts once, the longest copy (as the full scan decides it).
  const idToEntry = new Map<string, CachedFile>();
  for (const entry of entries) {
    if (entry.sessionId === null) continue;
    const other = idToEntry.get(entry.sessionId);
    if (other === undefined || entry.offset > other.offset) idToEntry.set(entry.sessionId, entry);
  }
  // A fork counted against a parent that is gone, or without one that is here, is read again by the full scan.
  for (const entry of entries) {
    if (entry.forkedFromId === null || entry.state.forkMode === 'none') continue;
    if ((entry.state.forkMode === 'parent') !== idToEntry.has(entry.forkedFromId)) return { report: null, bytesToRead: entry.size };
  }
  const counted = entries.filter((entry) => entry.sessionId === null || idToEntry.get(entry.sessionId) === entry);

  const notices: string[] = [];
  const { table, notices: priceNotices } = loadPriceTable(options.quotabarHome);
  notices.push(...priceNotices);
  const scanNotices: string[] = [];
  if (listing.compressed.length > 0) {
    scanNotices.push(
      `Skipped ${plural(listing.compressed.length, 'compressed session file', 'compressed session files')} (.jsonl.zst); their usage is not counted.`,
    );
  }
  for (const dir of listing.unreadableDirs) scanNotices.push(`The folder ${dir} could not be read; its sessions are not counted.`);
  notices.push(...scanNotices);
  if (entries.length === 0 && scanNotices.length === 0) notices.push(`No Codex session files found under ${options.codexHome}.`);
  logger.debug(`cost: ${entries.length} files, all from cache`);

  const report = buildCostReport({
    sessions: reportSessions(counted, options.codexHome, startBoundMs),
    ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
    prices: table,
    range,
    timeZone,
    scan: { files: entries.length, bytes, filesFromCache: entries.length, ms: Math.round(performance.now() - started) },
    notices,
  });
  const key = reportSnapshotKey({ codexHome: options.codexHome, quotabarHome: options.quotabarHome, window, groupBy: options.groupBy, listing });
  if (key !== null) saveReportSnapshot(options.quotabarHome, key, report);
  return { report, bytesToRead: 0 };
}
