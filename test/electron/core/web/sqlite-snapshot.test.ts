import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SnapshotError, withSqliteSnapshot } from '../../../../electron/core/web/sqlite-snapshot.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';

test('a database locked by a browser mid-write (exclusive locking, open write transaction) is read from a copy', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'Cookies');
  const browser = new Database(path);
  t.after(() => browser.close());
  browser.exec("CREATE TABLE cookies(name TEXT); INSERT INTO cookies VALUES ('committed');");
  // Chrome keeps its cookie database in exclusive locking mode while it runs.
  browser.pragma('locking_mode = EXCLUSIVE');
  browser.exec("BEGIN EXCLUSIVE; INSERT INTO cookies VALUES ('uncommitted');");

  const direct = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
  assert.throws(
    () => direct.prepare('SELECT name FROM cookies').all(),
    (e: Error & { code?: string }) => e.code === 'SQLITE_BUSY',
  );
  direct.close();

  const names = withSqliteSnapshot(path, (db) => (db.prepare('SELECT name FROM cookies').all() as { name: string }[]).map((r) => r.name));
  assert.deepEqual(names, ['committed']);
  assert.equal(browser.inTransaction, true, "the browser's transaction is untouched");
  browser.exec('COMMIT');
});

test('rows that live only in the -wal file (not yet checkpointed) are read, and an open write transaction does not block', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'cookies.sqlite');
  const browser = new Database(path);
  t.after(() => browser.close());
  browser.pragma('journal_mode = WAL');
  browser.pragma('wal_autocheckpoint = 0');
  browser.exec("CREATE TABLE moz_cookies(name TEXT); INSERT INTO moz_cookies VALUES ('in-wal');");
  browser.exec("BEGIN IMMEDIATE; INSERT INTO moz_cookies VALUES ('pending');");
  assert.ok(existsSync(`${path}-wal`));
  assert.equal(readFileSync(path).includes('in-wal'), false, 'the row is only in the WAL');
  const names = withSqliteSnapshot(path, (db) => (db.prepare('SELECT name FROM moz_cookies').all() as { name: string }[]).map((r) => r.name));
  assert.deepEqual(names, ['in-wal']);
  browser.exec('ROLLBACK');
});

test('the private copy is deleted after reading, and after a failed read too', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'Cookies');
  const db = new Database(path);
  db.exec('CREATE TABLE t(x)');
  db.close();
  let copy = '';
  withSqliteSnapshot(path, (snapshot) => {
    copy = snapshot.name;
    assert.notEqual(copy, path);
    assert.ok(existsSync(copy));
  });
  assert.equal(existsSync(copy), false);
  assert.throws(() =>
    withSqliteSnapshot(path, (snapshot) => {
      copy = snapshot.name;
      return snapshot.prepare('SELECT * FROM missing_table').all();
    }),
  );
  assert.equal(existsSync(copy), false);
});

test('a corrupt database is a SnapshotError that says so, not a crash', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const path = join(dir.path, 'Cookies');
  writeFileSync(path, Buffer.concat([Buffer.from('this is not SQLite at all'), Buffer.alloc(4096, 7)]));
  assert.throws(
    () => withSqliteSnapshot(path, (db) => db.prepare('SELECT 1 FROM cookies').all()),
    (e: unknown) => e instanceof SnapshotError && e.reason === 'corrupt' && /damaged or not a SQLite database/.test(e.message),
  );
});

test('a missing database is a SnapshotError of reason missing', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  assert.throws(
    () => withSqliteSnapshot(join(dir.path, 'nope'), () => 1),
    (e: unknown) => e instanceof SnapshotError && e.reason === 'missing',
  );
});
