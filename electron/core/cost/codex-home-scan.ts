import type { Logger } from '../util/logger.js';
import { isCacheDamage, type CachedFile, type CostCache } from './cost-cache.js';
import type { ScanOptions } from './rollout-line-scanner.js';
import { runBatch } from './scan-helper-client.js';
import type { BatchJob, BatchResult, ForkPolicy } from './session-batch-scan.js';
import { sessionIdFromFileName, type SessionFile } from './session-file-finder.js';
import { statSessionFiles, type StattedListing } from './session-file-stats.js';
import { readTailHash, type FileScanResult } from './session-file-scan.js';

// Scans every session file of one Codex home, incrementally: unchanged files come from the cache, appended
// files are read from where the last scan stopped, new files from the start. A fork needs its parent's
// totals before its copied prefix can be recognised, so forks are set aside in a first pass and read in
// rounds afterwards, each round once the parents it needs are read (a parent that is gone: without it).

export interface HomeScanOptions {
  codexHome: string;
  cache: CostCache | null;
  /** A file not modified since this time (and not cached) holds no event in the window, so it is not read. */
  skipFilesOlderThanMs: number;
  logger: Logger;
  scanOptions?: ScanOptions;
  /** The home's files as already listed and statted in this run; listed here when absent. */
  listing?: StattedListing;
}

export interface HomeScanStats {
  files: number;
  bytes: number;
  filesFromCache: number;
  filesRead: number;
  bytesRead: number;
}

export interface HomeScanResult {
  /** One entry per counted file (duplicate copies of a session removed). */
  entries: CachedFile[];
  stats: HomeScanStats;
  notices: string[];
  /** The cache turned out to be damaged: the caller should drop its connection so the next scan rebuilds it. */
  cacheDamaged: boolean;
  /** The listing and stats the scan worked from. */
  listing: StattedListing;
  /**
   * Every listed file was read or taken from the cache, and the cache now holds all of it: the result follows
   * from the listing's stats alone, so it may be remembered under them.
   */
  settled: boolean;
}

interface Candidate {
  file: SessionFile;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** A cached state for this very file (same identity), at its path or at the path it was moved from. */
  cached: CachedFile | null;
}

/** A file to read: from its cached offset (resume) or from the start. */
interface Job {
  candidate: Candidate;
  resume: boolean;
}

interface Deferred {
  job: Job;
  forkedFromId: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function safeDigest(cache: CostCache, path: string, logger: Logger): number[] {
  try {
    return cache.digest(path);
  } catch (error) {
    logger.warn(`cost cache digest for ${path} unreadable (${String(error)})`);
    return [];
  }
}

export async function scanCodexHome(options: HomeScanOptions): Promise<HomeScanResult> {
  const { codexHome, logger } = options;
  const started = performance.now();
  const since = () => `${Math.round(performance.now() - started)} ms`;
  let cache = options.cache;
  let cacheDamaged = false;
  const notices: string[] = [];
  const listing = options.listing ?? statSessionFiles(codexHome);
  if (listing.compressed.length > 0) {
    notices.push(`Skipped ${plural(listing.compressed.length, 'compressed session file', 'compressed session files')} (.jsonl.zst); their usage is not counted.`);
  }
  for (const dir of listing.unreadableDirs) notices.push(`The folder ${dir} could not be read; its sessions are not counted.`);

  let cached: ReadonlyMap<string, CachedFile> = new Map();
  if (cache !== null) {
    try {
      cached = cache.load(codexHome);
    } catch (error) {
      logger.warn(`cost cache could not be read (${String(error)}); scanning without it`);
      if (isCacheDamage(error)) {
        notices.push('The cost cache was damaged; this scan ignored it and it will be rebuilt.');
        cacheDamaged = true;
      }
      cache = null;
    }
  }
  const cachedByIdentity = new Map<string, CachedFile>();
  for (const entry of cached.values()) cachedByIdentity.set(`${entry.dev}:${entry.ino}`, entry);

  const stats: HomeScanStats = { files: 0, bytes: 0, filesFromCache: 0, filesRead: 0, bytesRead: 0 };
  /** Final state per file, as far as known. */
  const current = new Map<string, CachedFile>();
  /** Totals fingerprints of the files read in this scan (whole file). */
  const digests = new Map<string, number[]>();
  const changed = new Set<string>();
  /** Files still to be read. */
  const pending = new Set<string>();
  const idToPath = new Map<string, string>();
  /** Old files not read (nothing of theirs can fall in the window), by the session id in their name. */
  const oldById = new Map<string, Candidate>();
  /** Where a moved file's cached state (and digest) was stored. */
  const origin = new Map<string, string>();
  const seenPaths = new Set<string>();
  const queue: Job[] = [];
  let unreadable = listing.unstattable;
  let cacheCurrent = cache !== null;

  const index = (entry: CachedFile) => {
    if (entry.sessionId === null) return;
    const other = idToPath.get(entry.sessionId);
    const otherEntry = other === undefined ? undefined : current.get(other);
    if (otherEntry === undefined || other === entry.path || entry.offset > otherEntry.offset) idToPath.set(entry.sessionId, entry.path);
  };

  for (const st of listing.stats) {
    const { file } = st;
    seenPaths.add(file.path);
    stats.files++;
    stats.bytes += st.size;
    let entry = cached.get(file.path) ?? null;
    if (entry !== null && (entry.dev !== st.dev || entry.ino !== st.ino)) entry = null;
    if (entry === null) {
      // Archiving moves a file: same identity, new path. Its cached state still applies.
      const moved = cachedByIdentity.get(`${st.dev}:${st.ino}`);
      if (moved !== undefined && moved.size <= st.size && !seenPaths.has(moved.path)) {
        origin.set(file.path, moved.path);
        entry = { ...moved, path: file.path };
      }
    }
    const candidate: Candidate = { file, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, cached: entry };
    if (entry !== null && entry.size === st.size && entry.mtimeMs === st.mtimeMs) {
      if (origin.has(file.path)) changed.add(file.path);
      current.set(file.path, entry);
      stats.filesFromCache++;
      continue;
    }
    if (entry === null && st.mtimeMs < options.skipFilesOlderThanMs) {
      const id = sessionIdFromFileName(file.path);
      if (id !== null) oldById.set(id, candidate);
      continue;
    }
    queue.push({ candidate, resume: entry !== null && st.size >= entry.offset });
    pending.add(file.path);
  }
  for (const entry of current.values()) index(entry);
  logger.debug(`cost scan: ${stats.files} files listed, ${queue.length} to read (${since()})`);

  const findParent = (forkedFromId: string): string | undefined => idToPath.get(forkedFromId) ?? oldById.get(forkedFromId.toLowerCase())?.file.path;

  /** The file's totals fingerprints: read this run, else as cached (under the path it was moved from). */
  const storedDigest = (path: string): number[] => {
    const known = digests.get(path);
    if (known !== undefined) return known;
    return cache === null ? [] : safeDigest(cache, origin.get(path) ?? path, logger);
  };

  /** A file is resumed only if the bytes before its cached offset are still the ones read last time. */
  const checked = (job: Job): Job => {
    const from = job.resume ? job.candidate.cached : null;
    if (from === null || readTailHash(job.candidate.file.path, from.offset) === from.tailHash) return job;
    return { candidate: job.candidate, resume: false };
  };

  const toBatchJob = (job: Job, fork: ForkPolicy): BatchJob => {
    const from = job.resume ? job.candidate.cached : null;
    return {
      path: job.candidate.file.path,
      size: job.candidate.size,
      startOffset: from?.offset ?? 0,
      state: from?.state ?? null,
      buckets: from?.buckets ?? [],
      fork,
    };
  };

  const finish = (job: Job, result: FileScanResult) => {
    const { candidate } = job;
    const from = job.resume ? candidate.cached : null;
    const previousDigest = from === null ? [] : storedDigest(candidate.file.path);
    const first = [from?.firstEventMs, result.eventMs?.first].filter((v): v is number => typeof v === 'number');
    const last = [from?.lastEventMs, result.eventMs?.last].filter((v): v is number => typeof v === 'number');
    const entry: CachedFile = {
      path: candidate.file.path,
      dev: candidate.dev,
      ino: candidate.ino,
      size: candidate.size,
      mtimeMs: candidate.mtimeMs,
      offset: result.endOffset,
      tailHash: result.tailHash,
      sessionId: result.state.sessionId ?? sessionIdFromFileName(candidate.file.path),
      forkedFromId: result.state.forkedFromId,
      state: result.state,
      buckets: result.buckets,
      firstEventMs: first.length > 0 ? Math.min(...first) : null,
      lastEventMs: last.length > 0 ? Math.max(...last) : null,
    };
    current.set(entry.path, entry);
    digests.set(entry.path, previousDigest.length === 0 ? result.newFingerprints : previousDigest.concat(result.newFingerprints));
    changed.add(entry.path);
    pending.delete(entry.path);
    stats.filesRead++;
    index(entry);
  };

  /** Reads a set of jobs (in parallel when large) and files each result; returns the forks set aside. */
  const read = async (jobs: Array<{ job: Job; fork: ForkPolicy }>): Promise<Deferred[]> => {
    const results: BatchResult[] = await runBatch(
      jobs.map(({ job, fork }) => toBatchJob(job, fork)),
      logger,
      options.scanOptions,
    );
    const deferred: Deferred[] = [];
    results.forEach((result, i) => {
      const { job } = jobs[i] as { job: Job };
      if ('unreadable' in result) {
        logger.debug(`could not read ${job.candidate.file.path}: ${result.unreadable}`);
        pending.delete(job.candidate.file.path);
        unreadable++;
        return;
      }
      stats.bytesRead += result.bytesRead;
      if (result.deferred !== null) {
        deferred.push({ job: { candidate: job.candidate, resume: false }, forkedFromId: result.deferred.forkedFromId });
        // Known now, so its own forks can find it.
        if (result.deferred.sessionId !== null && !idToPath.has(result.deferred.sessionId)) idToPath.set(result.deferred.sessionId, job.candidate.file.path);
        return;
      }
      finish(job, result);
    });
    return deferred;
  };

  // Pass 1: every file that does not wait for a parent. A fork met here is set aside at its first line.
  let deferred: Deferred[] = [];
  const firstPass: Array<{ job: Job; fork: ForkPolicy }> = [];
  for (const queued of queue) {
    const job = checked(queued);
    const from = job.resume ? job.candidate.cached : null;
    if (from !== null && from.state.forkMode === 'parent' && from.state.inCopy && from.forkedFromId !== null) {
      // Still inside its copied prefix: it needs its parent's totals again.
      deferred.push({ job, forkedFromId: from.forkedFromId });
      continue;
    }
    firstPass.push({ job, fork: { kind: 'defer' } });
  }
  deferred.push(...(await read(firstPass)));
  logger.debug(`cost scan: first pass read ${firstPass.length} files, ${deferred.length} forks set aside (${since()})`);

  // A cached fork counted against a parent that is gone (or without one that is now back) is read again.
  for (const entry of [...current.values()]) {
    if (entry.forkedFromId === null || entry.state.forkMode === 'none') continue;
    if ((entry.state.forkMode === 'parent') === (findParent(entry.forkedFromId) !== undefined)) continue;
    const candidate: Candidate = {
      file: { path: entry.path, archived: false },
      dev: entry.dev,
      ino: entry.ino,
      size: entry.size,
      mtimeMs: entry.mtimeMs,
      cached: null,
    };
    current.delete(entry.path);
    if (changed.has(entry.path)) stats.filesRead--;
    else stats.filesFromCache--;
    pending.add(entry.path);
    deferred.push({ job: { candidate, resume: false }, forkedFromId: entry.forkedFromId });
  }
  for (const item of deferred) pending.add(item.job.candidate.file.path);

  // Then rounds: old parents that forks need, then every fork whose parent is read (or is missing).
  while (deferred.length > 0) {
    const oldParents = new Map<string, Candidate>();
    for (const item of deferred) {
      const id = item.forkedFromId.toLowerCase();
      const old = idToPath.has(item.forkedFromId) ? undefined : oldById.get(id);
      if (old !== undefined) {
        oldById.delete(id);
        oldParents.set(old.file.path, old);
        pending.add(old.file.path);
      }
    }
    if (oldParents.size > 0) {
      const more = await read([...oldParents.values()].map((candidate) => ({ job: { candidate, resume: false }, fork: { kind: 'defer' } as ForkPolicy })));
      for (const item of more) pending.add(item.job.candidate.file.path);
      deferred.push(...more);
      continue;
    }

    const waitingOn = new Set(deferred.map((item) => item.job.candidate.file.path));
    let ready = deferred.filter((item) => {
      const parent = findParent(item.forkedFromId);
      return parent === undefined || parent === item.job.candidate.file.path || !waitingOn.has(parent);
    });
    // Only a corrupt home has a cycle of forks: read them without their parents.
    if (ready.length === 0) ready = deferred;
    const readySet = new Set(ready);
    deferred = deferred.filter((item) => !readySet.has(item));

    const jobs = ready.map((item) => {
      const parent = findParent(item.forkedFromId);
      const fork: ForkPolicy =
        parent !== undefined && current.has(parent) && parent !== item.job.candidate.file.path
          ? { kind: 'parent', parentTotals: storedDigest(parent) }
          : { kind: 'burst' };
      return { job: item.job, fork };
    });
    const stillDeferred = await read(jobs);
    // A fork is never deferred twice (its policy is decided), but keep the loop safe if it were.
    for (const item of stillDeferred) {
      pending.delete(item.job.candidate.file.path);
      unreadable++;
    }
  }

  logger.debug(`cost scan: forks read (${since()})`);
  if (unreadable > 0) notices.push(`${plural(unreadable, 'session file', 'session files')} could not be read and ${unreadable === 1 ? 'was' : 'were'} skipped.`);

  if (cache !== null) {
    const removed = [...cached.keys()].filter((path) => !seenPaths.has(path) || !current.has(path));
    const upserts = [...changed].flatMap((path) => {
      const entry = current.get(path);
      return entry === undefined ? [] : [{ entry, digest: storedDigest(path) }];
    });
    try {
      if (upserts.length > 0 || removed.length > 0) cache.save(codexHome, upserts, removed);
    } catch (error) {
      cacheCurrent = false;
      logger.warn(`cost cache could not be written (${String(error)})`);
      cacheDamaged ||= isCacheDamage(error);
      notices.push(
        isCacheDamage(error)
          ? 'The cost cache was damaged; it will be rebuilt on the next scan.'
          : 'The cost cache could not be updated; the next scan reads these files again.',
      );
    }
  }

  // The same session present twice (a copy in both folders) is counted once: the longest copy wins.
  const entries = [...current.values()].filter((entry) => entry.sessionId === null || idToPath.get(entry.sessionId) === entry.path);
  return { entries, stats, notices, cacheDamaged, listing, settled: cacheCurrent && !cacheDamaged && unreadable === 0 };
}
