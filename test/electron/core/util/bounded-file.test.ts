import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFifo } from '../../../helpers/fifo.js';
import {
  BoundedFileError,
  readBoundedFile,
  readBoundedFileSync,
  SMALL_FILE_MAX_BYTES,
  type BoundedFileProblem,
} from '../../../../electron/core/util/bounded-file.js';

const dir = mkdtempSync(join(tmpdir(), 'quotabar-bounded-'));
const fifo = join(dir, 'fifo.json');
const fifoWatchdog = makeFifo(fifo);
after(() => {
  fifoWatchdog.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const regular = join(dir, 'auth.json');
writeFileSync(regular, '{"ok":true}\n');
const linkToRegular = join(dir, 'linked.json');
symlinkSync(regular, linkToRegular);
const linkToFifo = join(dir, 'linked-fifo.json');
symlinkSync(fifo, linkToFifo);
const zero = join(dir, 'zero.json');
symlinkSync('/dev/zero', zero);
const folder = join(dir, 'folder.json');
mkdirSync(folder);
const big = join(dir, 'big.json');
writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
const exactlyCap = join(dir, 'cap.json');
writeFileSync(exactlyCap, Buffer.alloc(SMALL_FILE_MAX_BYTES, 0x61));
const missing = join(dir, 'missing.json');

type Reader = (path: string, options?: { maxBytes?: number }) => Promise<string>;
const readers: Array<[string, Reader]> = [
  ['async', readBoundedFile],
  ['sync', async (path, options) => readBoundedFileSync(path, options)],
];

async function failure(read: Reader, path: string, options?: { maxBytes?: number }): Promise<BoundedFileError> {
  try {
    await read(path, options);
  } catch (error) {
    assert.ok(error instanceof BoundedFileError, `a BoundedFileError, not ${String(error)}`);
    return error;
  }
  assert.fail(`${path} was read`);
}

for (const [name, read] of readers) {
  test(`${name}: a regular file, and a symlink to one, are read whole`, async () => {
    assert.equal(await read(regular), '{"ok":true}\n');
    assert.equal(await read(linkToRegular), '{"ok":true}\n');
    assert.equal((await read(exactlyCap)).length, SMALL_FILE_MAX_BYTES);
  });

  test(`${name}: a FIFO, directly or through a symlink, is refused at once instead of waited on`, async () => {
    for (const path of [fifo, linkToFifo]) {
      const error = await failure(read, path);
      assert.equal(error.problem, 'not_a_file' satisfies BoundedFileProblem);
      assert.equal(error.path, path);
      assert.equal(error.message, `${path} is a FIFO (named pipe), not a regular file`);
    }
  });

  test(`${name}: /dev/zero behind a symlink is refused as a device, not read without end`, async () => {
    const error = await failure(read, zero);
    assert.equal(error.problem, 'not_a_file');
    assert.match(error.message, /is a character device, not a regular file$/);
  });

  test(`${name}: a directory is refused, a missing file says so`, async () => {
    const dirError = await failure(read, folder);
    assert.equal(dirError.problem, 'not_a_file');
    assert.match(dirError.message, /is a directory, not a regular file$/);
    const missingError = await failure(read, missing);
    assert.equal(missingError.problem, 'missing');
    assert.equal(missingError.errno, 'ENOENT');
  });

  test(`${name}: a file over the cap (2 MiB against 1 MiB, or any size against a smaller cap) is too large`, async () => {
    const error = await failure(read, big);
    assert.equal(error.problem, 'too_large');
    assert.equal(error.message, `${big} is larger than 1 MiB`);
    const small = await failure(read, regular, { maxBytes: 4 });
    assert.equal(small.problem, 'too_large');
    assert.equal(small.detail, 'is larger than 4 bytes');
  });
}

test('a file that reports size 0 but has content is still capped by what is read', { skip: process.platform !== 'linux' }, async () => {
  // /proc files report size 0: only reading tells how large they are.
  const error = await failure(readBoundedFile, '/proc/self/cmdline', { maxBytes: 1 });
  assert.equal(error.problem, 'too_large');
});
