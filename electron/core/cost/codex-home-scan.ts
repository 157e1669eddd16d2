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
  const scan = new HomeScan(options);
  scan.sortListing();
  await scan.readFilesWithoutParents();
  scan.rereadForksWhoseParentCameOrWent();
  await scan.readForks();
  scan.saveCache();
  return scan.result();
}

/** One scan's working state; each step of scanCodexHome is one method. */
class HomeScan {
  private readonly started = performance.now();
  private readonly logger: Logger;
  private cache: CostCache | null;
  /** The cache holds everything this scan knows (false once a write to it failed). */
  private cacheCurrent = false;
  private cacheDamaged = false;
  private readonly notices: string[] = [];
  private readonly listing: StattedListing;
  private readonly cached: ReadonlyMap<string, CachedFile>;
  private readonly stats: HomeScanStats = { files: 0, bytes: 0, filesFromCache: 0, filesRead: 0, bytesRead: 0 };
  /** Final state per file, as far as known. */
  private readonly current = new Map<string, CachedFile>();
  /** Totals fingerprints of the files read in this scan (whole file). */
  private readonly digests = new Map<string, number[]>();
  private readonly changed = new Set<string>();
  private readonly idToPath = new Map<string, string>();
  /** Old files not read (nothing of theirs can fall in the window), by the session id in their name. */
  private readonly oldById = new Map<string, Candidate>();
  /** Where a moved file's cached state (and digest) was stored. */
  private readonly origin = new Map<string, string>();
  private readonly seenPaths = new Set<string>();
  /** Files to read in the first pass. */
  private readonly queue: Job[] = [];
  /** Forks waiting for their parent. */
  private deferred: Deferred[] = [];
  private unreadable: number;

  constructor(private readonly options: HomeScanOptions) {
    this.logger = options.logger;
    this.listing = options.listing ?? statSessionFiles(options.codexHome);
    this.unreadable = this.listing.unstattable;
    if (this.listing.compressed.length > 0) {
      this.notices.push(
        `Skipped ${plural(this.listing.compressed.length, 'compressed session file', 'compressed session files')} (.jsonl.zst); their usage is not counted.`,
      );
    }
    for (const dir of this.listing.unreadableDirs) this.notices.push(`The folder ${dir} could not be read; its sessions are not counted.`);
    this.cache = options.cache;
    this.cached = this.loadCache();
    this.cacheCurrent = this.cache !== null;
  }

  private loadCache(): ReadonlyMap<string, CachedFile> {
    if (this.cache === null) return new Map();
    try {
      return this.cache.load(this.options.codexHome);
    } catch (error) {
      this.logger.warn(`cost cache could not be read (${String(error)}); scanning without it`);
      if (isCacheDamage(error)) {
        this.notices.push('The cost cache was damaged; this scan ignored it and it will be rebuilt.');
        this.cacheDamaged = true;
      }
      this.cache = null;
      return new Map();
    }
  }

  private since(): string {
    return `${Math.round(performance.now() - this.started)} ms`;
  }

  /** Each listed file: unchanged (from the cache), too old to matter (set aside by session id), or to read. */
  sortListing(): void {
    const cachedByIdentity = new Map<string, CachedFile>();
    for (const entry of this.cached.values()) cachedByIdentity.set(`${entry.dev}:${entry.ino}`, entry);
    for (const st of this.listing.stats) {
      const { file } = st;
      this.seenPaths.add(file.path);
      this.stats.files++;
      this.stats.bytes += st.size;
      let entry = this.cached.get(file.path) ?? null;
      if (entry !== null && (entry.dev !== st.dev || entry.ino !== st.ino)) entry = null;
      if (entry === null) {
        // Archiving moves a file: same identity, new path. Its cached state still applies.
        const moved = cachedByIdentity.get(`${st.dev}:${st.ino}`);
        if (moved !== undefined && moved.size <= st.size && !this.seenPaths.has(moved.path)) {
          this.origin.set(file.path, moved.path);
          entry = { ...moved, path: file.path };
        }
      }
      const candidate: Candidate = { file, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, cached: entry };
      if (entry !== null && entry.size === st.size && entry.mtimeMs === st.mtimeMs) {
        if (this.origin.has(file.path)) this.changed.add(file.path);
        this.current.set(file.path, entry);
        this.stats.filesFromCache++;
        continue;
      }
      if (entry === null && st.mtimeMs < this.options.skipFilesOlderThanMs) {
        const id = sessionIdFromFileName(file.path);
        if (id !== null) this.oldById.set(id, candidate);
        continue;
      }
      this.queue.push({ candidate, resume: entry !== null && st.size >= entry.offset });
    }
    for (const entry of this.current.values()) this.index(entry);
    this.logger.debug(`cost scan: ${this.stats.files} files listed, ${this.queue.length} to read (${this.since()})`);
  }

  /** Pass 1: every file that does not wait for a parent. A fork met here is set aside at its first line. */
  async readFilesWithoutParents(): Promise<void> {
    const firstPass: Array<{ job: Job; fork: ForkPolicy }> = [];
    for (const queued of this.queue) {
      const job = this.checked(queued);
      const from = job.resume ? job.candidate.cached : null;
      if (from !== null && from.state.forkMode === 'parent' && from.state.inCopy && from.forkedFromId !== null) {
        // Still inside its copied prefix: it needs its parent's totals again.
        this.deferred.push({ job, forkedFromId: from.forkedFromId });
        continue;
      }
      firstPass.push({ job, fork: { kind: 'defer' } });
    }
    this.deferred.push(...(await this.read(firstPass)));
    this.logger.debug(`cost scan: first pass read ${firstPass.length} files, ${this.deferred.length} forks set aside (${this.since()})`);
  }

  /** A cached fork counted against a parent that is gone (or without one that is now back) is read again. */
  rereadForksWhoseParentCameOrWent(): void {
    for (const entry of [...this.current.values()]) {
      if (entry.forkedFromId === null || entry.state.forkMode === 'none') continue;
      if ((entry.state.forkMode === 'parent') === (this.findParent(entry.forkedFromId) !== undefined)) continue;
      const candidate: Candidate = {
        file: { path: entry.path, archived: false },
        dev: entry.dev,
        ino: entry.ino,
        size: entry.size,
        mtimeMs: entry.mtimeMs,
        cached: null,
      };
      this.current.delete(entry.path);
      if (this.changed.has(entry.path)) this.stats.filesRead--;
      else this.stats.filesFromCache--;
      this.deferred.push({ job: { candidate, resume: false }, forkedFromId: entry.forkedFromId });
    }
  }

  /** Rounds: old parents that forks need, then every fork whose parent is read (or is missing). */
  async readForks(): Promise<void> {
    while (this.deferred.length > 0) {
      if (await this.readOldParents()) continue;
      const waitingOn = new Set(this.deferred.map((item) => item.job.candidate.file.path));
      let ready = this.deferred.filter((item) => {
        const parent = this.findParent(item.forkedFromId);
        return parent === undefined || parent === item.job.candidate.file.path || !waitingOn.has(parent);
      });
      // Only a corrupt home has a cycle of forks: read them without their parents.
      if (ready.length === 0) ready = this.deferred;
      const readySet = new Set(ready);
      this.deferred = this.deferred.filter((item) => !readySet.has(item));
      const stillDeferred = await this.read(ready.map((item) => ({ job: item.job, fork: this.forkPolicy(item) })));
      // A fork is never deferred twice (its policy is decided), but keep the loop safe if it were.
      this.unreadable += stillDeferred.length;
    }
    this.logger.debug(`cost scan: forks read (${this.since()})`);
    if (this.unreadable > 0) {
      this.notices.push(`${plural(this.unreadable, 'session file', 'session files')} could not be read and ${this.unreadable === 1 ? 'was' : 'were'} skipped.`);
    }
  }

  /** Reads the old files that waiting forks name as parents; false when there were none to read. */
  private async readOldParents(): Promise<boolean> {
    const oldParents = new Map<string, Candidate>();
    for (const item of this.deferred) {
      const id = item.forkedFromId.toLowerCase();
      const old = this.idToPath.has(item.forkedFromId) ? undefined : this.oldById.get(id);
      if (old !== undefined) {
        this.oldById.delete(id);
        oldParents.set(old.file.path, old);
      }
    }
    if (oldParents.size === 0) return false;
    this.deferred.push(
      ...(await this.read([...oldParents.values()].map((candidate) => ({ job: { candidate, resume: false }, fork: { kind: 'defer' } as ForkPolicy })))),
    );
    return true;
  }

  /** A fork whose parent is read starts after the parent's totals; one without its parent counts its first burst as copied. */
  private forkPolicy(item: Deferred): ForkPolicy {
    const parent = this.findParent(item.forkedFromId);
    return parent !== undefined && this.current.has(parent) && parent !== item.job.candidate.file.path
      ? { kind: 'parent', parentTotals: this.storedDigest(parent) }
      : { kind: 'burst' };
  }

  /** Stores what changed and forgets what is gone; a failure costs a re-read next time, never this report. */
  saveCache(): void {
    if (this.cache === null) return;
    const removed = [...this.cached.keys()].filter((path) => !this.seenPaths.has(path) || !this.current.has(path));
    const upserts = [...this.changed].flatMap((path) => {
      const entry = this.current.get(path);
      return entry === undefined ? [] : [{ entry, digest: this.storedDigest(path) }];
    });
    try {
      if (upserts.length > 0 || removed.length > 0) this.cache.save(this.options.codexHome, upserts, removed);
      this.logger.debug(`cost scan: cache saved, ${upserts.length} files written (${this.since()})`);
    } catch (error) {
      this.cacheCurrent = false;
      this.logger.warn(`cost cache could not be written (${String(error)})`);
      this.cacheDamaged ||= isCacheDamage(error);
      this.notices.push(
        isCacheDamage(error)
          ? 'The cost cache was damaged; it will be rebuilt on the next scan.'
          : 'The cost cache could not be updated; the next scan reads these files again.',
      );
    }
  }

  result(): HomeScanResult {
    // The same session present twice (a copy in both folders) is counted once: the longest copy wins.
    const entries = [...this.current.values()].filter((entry) => entry.sessionId === null || this.idToPath.get(entry.sessionId) === entry.path);
    const settled = this.cacheCurrent && !this.cacheDamaged && this.unreadable === 0;
    return { entries, stats: this.stats, notices: this.notices, cacheDamaged: this.cacheDamaged, listing: this.listing, settled };
  }

  private index(entry: CachedFile): void {
    if (entry.sessionId === null) return;
    const other = this.idToPath.get(entry.sessionId);
    const otherEntry = other === undefined ? undefined : this.current.get(other);
    if (otherEntry === undefined || other === entry.path || entry.offset > otherEntry.offset) this.idToPath.set(entry.sessionId, entry.path);
  }

  private findParent(forkedFromId: string): string | undefined {
    return this.idToPath.get(forkedFromId) ?? this.oldById.get(forkedFromId.toLowerCase())?.file.path;
  }

  /** The file's totals fingerprints: read this run, else as cached (under the path it was moved from). */
  private storedDigest(path: string): number[] {
    const known = this.digests.get(path);
    if (known !== undefined) return known;
    return this.cache === null ? [] : safeDigest(this.cache, this.origin.get(path) ?? path, this.logger);
  }

  /** A file is resumed only if the bytes before its cached offset are still the ones read last time. */
  private checked(job: Job): Job {
    const from = job.resume ? job.candidate.cached : null;
    if (from === null || readTailHash(job.candidate.file.path, from.offset) === from.tailHash) return job;
    return { candidate: job.candidate, resume: false };
  }

  /** Reads a set of jobs (in parallel when large) and files each result; returns the forks set aside. */
  private async read(jobs: Array<{ job: Job; fork: ForkPolicy }>): Promise<Deferred[]> {
    const results: BatchResult[] = await runBatch(
      jobs.map(({ job, fork }) => toBatchJob(job, fork)),
      this.logger,
      this.options.scanOptions,
    );
    const deferred: Deferred[] = [];
    results.forEach((result, i) => {
      const { job } = jobs[i] as { job: Job };
      if ('unreadable' in result) {
        this.logger.debug(`could not read ${job.candidate.file.path}: ${result.unreadable}`);
        this.unreadable++;
        return;
      }
      this.stats.bytesRead += result.bytesRead;
      if (result.deferred !== null) {
        deferred.push({ job: { candidate: job.candidate, resume: false }, forkedFromId: result.deferred.forkedFromId });
        // Known now, so its own forks can find it.
        if (result.deferred.sessionId !== null && !this.idToPath.has(result.deferred.sessionId))
          this.idToPath.set(result.deferred.sessionId, job.candidate.file.path);
        return;
      }
      this.finish(job, result);
    });
    return deferred;
  }

  /** Files one read result as the file's new cached state. */
  private finish(job: Job, result: FileScanResult): void {
    const { candidate } = job;
    const from = job.resume ? candidate.cached : null;
    const previousDigest = from === null ? [] : this.storedDigest(candidate.file.path);
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
    this.current.set(entry.path, entry);
    this.digests.set(entry.path, previousDigest.length === 0 ? result.newFingerprints : previousDigest.concat(result.newFingerprints));
    this.changed.add(entry.path);
    this.stats.filesRead++;
    this.index(entry);
  }
}

function toBatchJob(job: Job, fork: ForkPolicy): BatchJob {
  const from = job.resume ? job.candidate.cached : null;
  return {
    path: job.candidate.file.path,
    size: job.candidate.size,
    startOffset: from?.offset ?? 0,
    state: from?.state ?? null,
    buckets: from?.buckets ?? [],
    fork,
  };
}
