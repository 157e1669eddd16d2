// Reads the small files QuotaBar depends on (auth.json, config.toml, settings.json, its own state) so that
// nothing in their place can stall or exhaust it: a FIFO would block a read forever, a device such as
// /dev/zero never ends. The file is opened without blocking and then checked through the opened
// descriptor, so what is checked is exactly what is read (no check-then-open race). Symlinks are
// followed: people link auth.json from elsewhere, and a link to a regular file is a regular file.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** interface §1: auth.json, config.toml, settings.json and imported account files are at most 1 MiB. */
export const SMALL_FILE_MAX_BYTES = 1024 * 1024;

/** Browser files QuotaBar reads for the cookie key and profile list ("Local State", Preferences): larger than ours. */
export const BROWSER_JSON_MAX_BYTES = 32 * 1024 * 1024;
/** Safari's Cookies.binarycookies holds every site's cookies. */
export const COOKIE_FILE_MAX_BYTES = 128 * 1024 * 1024;

// Opening a FIFO for reading waits for a writer unless O_NONBLOCK is set; Windows has no such flag (nor FIFOs).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type BoundedFileProblem =
  /** Nothing there (ENOENT, or a path component that is not a folder). */
  | 'missing'
  /** A FIFO, device, socket or directory where a file was expected. */
  | 'not_a_file'
  /** Larger than the cap. */
  | 'too_large'
  /** Permissions, I/O errors. */
  | 'unreadable';

/**
 * Why a file was not read. `message` is "<path> <detail>", e.g. "/h/.codex/auth.json is a FIFO (named
 * pipe), not a regular file"; callers add what to do, which only they know.
 */
export class BoundedFileError extends Error {
  readonly path: string;
  readonly problem: BoundedFileProblem;
  /** What is wrong, without the path: "is a FIFO (named pipe), not a regular file". */
  readonly detail: string;
  /** The errno code for 'missing' and 'unreadable'. */
  readonly errno: string | undefined;

  constructor(path: string, problem: BoundedFileProblem, detail: string, errno?: string) {
    super(`${path} ${detail}`);
    this.name = 'BoundedFileError';
    this.path = path;
    this.problem = problem;
    this.detail = detail;
    this.errno = errno;
  }
}

export function isBoundedFileError(value: unknown): value is BoundedFileError {
  return value instanceof BoundedFileError;
}

export interface BoundedReadOptions {
  /** Default SMALL_FILE_MAX_BYTES. */
  maxBytes?: number;
}

/** "a FIFO", "a character device"…: what is in a file's place, for messages. */
export function describeFileType(stats: Pick<Stats, 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory' | 'isSocket'>): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function openFailed(path: string, error: unknown): BoundedFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new BoundedFileError(path, 'missing', 'does not exist', code);
  if (code === 'EISDIR') return new BoundedFileError(path, 'not_a_file', 'is a directory, not a regular file', code);
  if (code === 'ENXIO') return new BoundedFileError(path, 'not_a_file', 'is a socket or device, not a regular file', code);
  return new BoundedFileError(path, 'unreadable', `cannot be read (${code ?? (error instanceof Error ? error.message : 'I/O error')})`, code);
}

function notRegular(path: string, stats: Stats): BoundedFileError | null {
  if (stats.isFile()) return null;
  const what = describeFileType(stats);
  return new BoundedFileError(path, 'not_a_file', what === 'not a regular file' ? 'is not a regular file' : `is ${what}, not a regular file`);
}

function tooLarge(path: string, maxBytes: number): BoundedFileError {
  return new BoundedFileError(path, 'too_large', `is larger than ${formatBytes(maxBytes)}`);
}

/**
 * Whether `path` is (or links to) a regular file, for paths handed to code that opens them itself
 * (SQLite, copyFile). A check before the open, so it narrows rather than closes the window: prefer
 * readBoundedFile wherever QuotaBar reads the bytes itself.
 */
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** What the opened file must be before a byte is read: regular, and not already over the cap by its size. */
function checkOpened(path: string, stats: Stats, maxBytes: number): void {
  const wrongType = notRegular(path, stats);
  if (wrongType !== null) throw wrongType;
  if (stats.size > maxBytes) throw tooLarge(path, maxBytes);
}

/** How much the next read may take: never more than one byte past the cap, which is how "too large" is seen. */
function nextChunkSize(total: number, maxBytes: number): number {
  return Math.min(64 * 1024, maxBytes + 1 - total);
}

/**
 * The file's text, read only when it is a regular file of at most `maxBytes`. Throws BoundedFileError.
 * At most maxBytes + 1 bytes are ever read, whatever fstat says (files under /proc report size 0).
 */
export async function readBoundedFile(path: string, options: BoundedReadOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? SMALL_FILE_MAX_BYTES;
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw openFailed(path, error);
  }
  try {
    let stats: Stats;
    try {
      stats = await handle.stat();
    } catch (error) {
      throw openFailed(path, error);
    }
    checkOpened(path, stats, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = nextChunkSize(total, maxBytes);
      const buffer = Buffer.alloc(want);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, want, null));
      } catch (error) {
        throw openFailed(path, error);
      }
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readBoundedFile for the few callers that must stay synchronous (the settings store, startup state). */
export function readBoundedFileSync(path: string, options: BoundedReadOptions = {}): string {
  return readBoundedBytesSync(path, options).toString('utf8');
}

/** readBoundedFileSync for binary files. */
export function readBoundedBytesSync(path: string, options: BoundedReadOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? SMALL_FILE_MAX_BYTES;
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw openFailed(path, error);
  }
  try {
    let stats: Stats;
    try {
      stats = fstatSync(fd);
    } catch (error) {
      throw openFailed(path, error);
    }
    checkOpened(path, stats, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = nextChunkSize(total, maxBytes);
      const buffer = Buffer.alloc(want);
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, 0, want, null);
      } catch (error) {
        throw openFailed(path, error);
      }
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
