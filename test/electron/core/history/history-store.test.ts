import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistoryStore, type HistoryStore } from '../../../../electron/core/history/history-store.js';
import { openSqlite } from '../../../../electron/core/util/sqlite.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';
import { DAY, H, historyReport, iso } from './history-reports.js';

const T0 = Date.parse('2031-07-14T00:00:00.000Z');

function store(path: string, busyTimeoutMs?: number): { store: HistoryStore; warnings: string[] } {
  const warnings: string[] = [];
  return { store: openHistoryStore({ path, warn: (m) => warnings.push(m), ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}) }), warnings };
}

test('unchanged readings are stored once; a change starts a new sample; resets follow the rule', () => {
  const dir = tempDir('qb-history-');
  try {
    const { store: s, warnings } = store(join(dir.path, 'history.sqlite'));
    const R1 = T0 + 2 * H;
    const R2 = T0 + 7 * H;
    s.record(historyReport(T0, { session: 10, sessionResetsAt: R1 }));
    s.record(historyReport(T0 + 60_000, { session: 10, sessionResetsAt: R1 + 30_000 })); // jitter: merged
    s.record(historyReport(T0 + 120_000, { session: 40, sessionResetsAt: R1 }));
    s.record(historyReport(T0 + 180_000, { session: 30, sessionResetsAt: R1 })); // a dip
    s.record(historyReport(R1 + 60_000, { session: 2, sessionResetsAt: R2 })); // the reset
    const report = s.read({ since: new Date(T0 - H) });
    assert.deepEqual(warnings, []);
    const session = report.accounts[0]!.windows.find((w) => w.id === 'session')!;
    assert.deepEqual(session.samples, [
      { at: iso(T0), usedPercent: 10, resetsAt: iso(R1 + 30_000) },
      { at: iso(T0 + 120_000), usedPercent: 40, resetsAt: iso(R1) },
      { at: iso(T0 + 180_000), usedPercent: 30, resetsAt: iso(R1) },
      { at: iso(R1 + 60_000), usedPercent: 2, resetsAt: iso(R2) },
    ]);
    assert.deepEqual(session.resets, [{ at: iso(R1 + 60_000), usedPercentBefore: 30 }]);
    const weekly = report.accounts[0]!.windows.find((w) => w.id === 'weekly')!;
    // The weekly reset time creeps with each report (a window not yet started): one reading until it has
    // moved by hours, and no reset either way, since usage never dropped.
    assert.deepEqual(
      weekly.samples.map((x) => x.at),
      [iso(T0), iso(R1 + 60_000)],
    );
    assert.deepEqual(weekly.resets, []);
  } finally {
    dir.cleanup();
  }
});

test('samples older than 90 days are pruned, by the injected clock of the reports', () => {
  const dir = tempDir('qb-history-');
  try {
    const { store: s } = store(join(dir.path, 'history.sqlite'));
    s.record(historyReport(T0, { accountId: 'old', session: 5 }));
    s.record(historyReport(T0, { accountId: 'kept', session: 5 }));
    s.record(historyReport(T0 + 89 * DAY, { accountId: 'kept', session: 6 }));
    assert.equal(s.read({ since: new Date(0) }).accounts.length, 2, 'both still within 90 days');
    s.record(historyReport(T0 + 91 * DAY, { accountId: 'kept', session: 7 }));
    const report = s.read({ since: new Date(0) });
    assert.deepEqual(
      report.accounts.map((a) => a.accountId),
      ['kept'],
      'an account not refreshed any more goes too',
    );
    assert.deepEqual(
      report.accounts[0]!.windows[0]!.samples.map((x) => x.usedPercent),
      [6, 7],
    );
  } finally {
    dir.cleanup();
  }
});

test('a corrupt file (garbage bytes) gives a warning, is set aside, and a fresh history keeps the reading', () => {
  const dir = tempDir('qb-history-');
  try {
    const path = join(dir.path, 'history.sqlite');
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256)));
    const { store: s, warnings } = store(path);
    assert.equal(s.record(historyReport(T0)), true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /could not be used \(SQLITE_NOTADB\); it was moved to .*history\.sqlite\.broken-2031-07-14T00-00-00-000Z and started again/);
    assert.ok(readdirSync(dir.path).some((f) => f.startsWith('history.sqlite.broken-')));
    assert.equal(s.read({ since: new Date(T0 - H) }).accounts[0]!.windows.length, 2);
  } finally {
    dir.cleanup();
  }
});

test('a file locked by another connection holding an exclusive transaction is set aside after the busy timeout', () => {
  const dir = tempDir('qb-history-');
  try {
    const path = join(dir.path, 'history.sqlite');
    store(path).store.record(historyReport(T0));
    const holder = openSqlite(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const { store: s, warnings } = store(path, 50);
      assert.equal(s.record(historyReport(T0 + 60_000, { session: 50 })), true);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /\(SQLITE_BUSY\); it was moved to/);
      assert.deepEqual(
        s.read({ since: new Date(T0 - H) }).accounts[0]!.windows[0]!.samples.map((x) => x.usedPercent),
        [50],
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  } finally {
    dir.cleanup();
  }
});

/** Makes `dir` unwritable even for root (chmod is not enough there): chattr +i, when the filesystem allows it. */
function makeReadOnly(dir: string): (() => void) | null {
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, 'probe'), '');
  } catch {
    return () => chmodSync(dir, 0o755);
  }
  spawnSync('rm', ['-f', join(dir, 'probe')]);
  if (spawnSync('chattr', ['+i', dir]).status !== 0) return null;
  return () => {
    spawnSync('chattr', ['-i', dir]);
    chmodSync(dir, 0o755);
  };
}

test('a read-only folder gives a warning and never a throw: the reading is skipped, the refresh goes on', (t) => {
  const dir = tempDir('qb-history-');
  const home = join(dir.path, 'ro');
  mkdirSync(home);
  const undo = makeReadOnly(home);
  if (undo === null) {
    dir.cleanup();
    t.skip('cannot make a folder read-only here (root without chattr)');
    return;
  }
  try {
    const { store: s, warnings } = store(join(home, 'history.sqlite'));
    assert.equal(s.record(historyReport(T0)), false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /could not be used \(SQLITE_CANTOPEN\); keeping this reading skipped\. Check that its folder is writable\./);
    assert.deepEqual(s.read({ since: new Date(T0 - H) }), { schemaVersion: 1, accounts: [] });
    assert.equal(warnings.length, 2, 'reading it warns too, and returns an empty history');
    assert.equal(existsSync(join(home, 'history.sqlite')), false);
  } finally {
    undo();
    dir.cleanup();
  }
});

function runWriter(path: string, accountId: string, count: number): Promise<{ kept: number; warnings: number; stderr: string }> {
  const script = fileURLToPath(new URL('./history-writer-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, accountId, String(count), String(T0)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`writer exited ${code}: ${stderr}`));
      else resolve({ ...(JSON.parse(stdout) as { kept: number; warnings: number }), stderr });
    });
  });
}

test('two processes writing at once both keep every reading (WAL and the busy timeout)', async () => {
  const dir = tempDir('qb-history-');
  try {
    const path = join(dir.path, 'history.sqlite');
    const [a, b] = await Promise.all([runWriter(path, 'acc-a', 300), runWriter(path, 'acc-b', 300)]);
    assert.deepEqual([a.kept, a.warnings, b.kept, b.warnings], [300, 0, 300, 0], `${a.stderr}${b.stderr}`);
    const report = store(path).store.read({ since: new Date(T0 - H) });
    assert.deepEqual(report.accounts.map((x) => x.accountId).sort(), ['acc-a', 'acc-b']);
    for (const account of report.accounts) assert.equal(account.windows.find((w) => w.id === 'session')!.samples.length, 300);
    assert.equal(readdirSync(dir.path).filter((f) => f.includes('broken')).length, 0, 'nothing was set aside');
  } finally {
    dir.cleanup();
  }
});
