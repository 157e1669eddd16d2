import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tempDir } from '../../../helpers/codex-home-fixture.js';

// The binding override runs in a fresh process, as `npm start` sets it before Electron starts.
const script = (dbPath: string) => `
  import { openSqlite, isSqliteError } from ${JSON.stringify(new URL('../../../../electron/core/util/sqlite.ts', import.meta.url).href)};
  try {
    const db = openSqlite(${JSON.stringify(dbPath)});
    db.exec('create table t (x)');
    db.prepare('insert into t values (?)').run(42);
    console.log('ok', db.prepare('select x from t').get().x);
    db.close();
  } catch (error) {
    console.log('error', isSqliteError(error), String(error.message).split('\\n')[0]);
  }`;

function run(dbPath: string, binding: string | undefined) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(dbPath)], {
    encoding: 'utf8',
    env: { ...process.env, QUOTABAR_SQLITE_BINDING: binding ?? '' },
  });
  return result.stdout.trim();
}

test('a native binding named in QUOTABAR_SQLITE_BINDING is the one loaded', () => {
  const dir = tempDir();
  try {
    const require = createRequire(import.meta.url);
    const built = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    const copy = join(dir.path, 'elsewhere.node');
    copyFileSync(built, copy);
    assert.equal(run(join(dir.path, 'a.db'), copy), 'ok 42');
    assert.equal(run(join(dir.path, 'b.db'), undefined), 'ok 42');
    writeFileSync(join(dir.path, 'broken.node'), 'not a shared object');
    assert.match(run(join(dir.path, 'c.db'), join(dir.path, 'broken.node')), /^error false .*(invalid ELF|file too short|broken\.node)/);
  } finally {
    dir.cleanup();
  }
});

test('a file that is not a database is told apart as a SqliteError', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'bad.db');
    writeFileSync(path, 'this is not sqlite at all, just text that goes on for a while');
    assert.match(run(path, undefined), /^error true file is not a database/);
  } finally {
    dir.cleanup();
  }
});
