import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionActivityWatcher } from '../../../../electron/core/scheduler/session-activity-watcher.js';
import type { Logger } from '../../../../electron/core/util/logger.js';
import { FakeClock, settle } from './fake-clock.js';
import { FakeFs } from './fake-dir-watch.js';

const SEC = 1000;
const HOME = '/home/someone/.codex';
const S = `${HOME}/sessions`;

function harness(fs: FakeFs, debounceMs = 10 * SEC) {
  const clock = new FakeClock();
  const activity: number[] = [];
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const start = clock.now();
  const watcher = new SessionActivityWatcher({ codexHome: HOME, onActivity: () => activity.push((clock.now() - start) / SEC), debounceMs, clock, fs, logger });
  return { clock, watcher, activity, warnings, seconds: (s: number) => clock.advance(s * SEC) };
}

test('it watches the sessions folder, the newest year and month, and the two newest day folders', () => {
  const fs = new FakeFs(`${S}/2025/12/31`, `${S}/2026/01/01`, `${S}/2026/01/02`, `${S}/2026/01/03`, `${S}/2026/02/01`);
  const h = harness(fs);
  assert.equal(h.watcher.start(), 'watching');
  assert.deepEqual([...h.watcher.dirs].sort(), [S, `${S}/2026`, `${S}/2026/01/03`, `${S}/2026/02`, `${S}/2026/02/01`].sort());
});

test('a burst of session-log writes is reported once per debounce period, each write within one period', async () => {
  const fs = new FakeFs(`${S}/2026/03/06`);
  const h = harness(fs);
  h.watcher.start();
  const file = `${S}/2026/03/06/rollout-2026-03-06T12-00-00-abc.jsonl`;
  // A write every second for 35 s.
  for (let i = 0; i < 35; i++) {
    fs.write(file);
    await h.seconds(1);
  }
  await h.seconds(20);
  assert.deepEqual(h.activity, [10, 20, 30, 40], 'one per 10 s while writes go on, the last within 10 s of the last write');
  fs.write(file); // at 55: quiet since 35
  await h.seconds(10);
  assert.deepEqual(h.activity, [10, 20, 30, 40, 65]);
});

test('only session logs count: other files written in a day folder are not Codex activity', async () => {
  const fs = new FakeFs(`${S}/2026/03/06`);
  const h = harness(fs);
  h.watcher.start();
  fs.write(`${S}/2026/03/06/.DS_Store`);
  await h.seconds(30);
  assert.deepEqual(h.activity, []);
  fs.write(`${S}/2026/03/06/rollout-x.jsonl`);
  await h.seconds(10);
  assert.deepEqual(h.activity, [40]);
});

test('a new day folder (a session after midnight) is watched from then on, and counts as activity', async () => {
  const fs = new FakeFs(`${S}/2026/03/06`);
  const h = harness(fs);
  h.watcher.start();
  fs.mkdirp(`${S}/2026/03/07`);
  assert.ok(h.watcher.dirs.includes(`${S}/2026/03/07`));
  assert.ok(h.watcher.dirs.includes(`${S}/2026/03/06`), 'yesterday stays watched: a session begun there keeps writing there');
  await h.seconds(10);
  assert.deepEqual(h.activity, [10]);
  fs.mkdirp(`${S}/2027/01/01`); // new year: the root's watch sees the year folder
  assert.ok(h.watcher.dirs.includes(`${S}/2027/01/01`));
  await h.seconds(30);
  fs.write(`${S}/2027/01/01/rollout-y.jsonl`);
  await h.seconds(10);
  assert.deepEqual(h.activity, [10, 20, 50]);
});

test('with no sessions folder yet it waits for one in the Codex home; with no Codex home it relies on the cadence', async () => {
  const fs = new FakeFs(HOME);
  const h = harness(fs);
  assert.equal(h.watcher.start(), 'waiting-for-sessions');
  fs.write(`${HOME}/history.jsonl`);
  await h.seconds(20);
  assert.deepEqual(h.activity, [], 'other files in the Codex home are not session logs');
  fs.mkdirp(`${S}/2026/03/06`);
  assert.equal(h.watcher.mode, 'watching');
  fs.write(`${S}/2026/03/06/rollout-z.jsonl`);
  await h.seconds(10);
  assert.deepEqual(h.activity, [30]);

  const none = harness(new FakeFs('/home/someone'));
  assert.equal(none.watcher.start(), 'cadence-only');
  assert.deepEqual(none.warnings, [], 'no Codex home is not worth a warning');
});

test('with no inotify watches left (ENOSPC) it stops watching, warns once, and holds nothing open', async () => {
  const fs = new FakeFs(`${S}/2026/03/06`);
  fs.failWith = 'ENOSPC';
  const h = harness(fs);
  assert.equal(h.watcher.start(), 'cadence-only');
  assert.equal(h.warnings.length, 1);
  assert.match(h.warnings[0]!, /no inotify watches left.*max_user_watches.*cadence only/);
  assert.equal(fs.watched.size, 0);
  assert.equal(h.clock.pendingTimers(), 0);

  // Running out half-way through arming closes the watches already made.
  const partial = new FakeFs(`${S}/2026/03/06`);
  const p = harness(partial);
  let calls = 0;
  const realWatch = partial.watch.bind(partial);
  partial.watch = (dir: string, onChange: (name: string | null) => void, onError: (error: Error) => void) => {
    if (++calls === 3) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    return realWatch(dir, onChange, onError);
  };
  assert.equal(p.watcher.start(), 'cadence-only');
  assert.equal(partial.watched.size, 0);
});

test('a watch that breaks is armed again on what is there now', async () => {
  const fs = new FakeFs(`${S}/2026/03/06`);
  const h = harness(fs);
  h.watcher.start();
  fs.mkdirp(`${S}/2026/03/07`, false); // made while the watch was broken, so unseen
  fs.breakWatch(`${S}/2026/03`, new Error('watch failed'));
  assert.ok(h.watcher.dirs.includes(`${S}/2026/03/07`));
  assert.equal(h.watcher.mode, 'watching');
  assert.equal(fs.watched.size, h.watcher.dirs.length, 'the old watches are closed');
});

test('stop closes every watch and cancels a pending report', async () => {
  const fs = new FakeFs(`${S}/2026/03/06`);
  const h = harness(fs);
  h.watcher.start();
  fs.write(`${S}/2026/03/06/rollout-x.jsonl`);
  h.watcher.stop();
  await h.seconds(30);
  assert.deepEqual(h.activity, []);
  assert.equal(fs.watched.size, 0);
  assert.equal(h.clock.pendingTimers(), 0);
  assert.equal(h.watcher.mode, 'stopped');
});

const realHomes: string[] = [];
after(() => realHomes.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('on the real file system, appending to a session log is noticed (inotify through fs.watch)', async () => {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-watch-'));
  realHomes.push(home);
  const day = join(home, 'sessions', '2026', '03', '06');
  mkdirSync(day, { recursive: true });
  const log = join(day, 'rollout-2026-03-06T12-00-00-abc.jsonl');
  writeFileSync(log, '{"type":"session_meta"}\n');
  const clock = new FakeClock();
  let activity = 0;
  const watcher = new SessionActivityWatcher({ codexHome: home, onActivity: () => activity++, debounceMs: 10 * SEC, clock });
  assert.equal(watcher.start(), 'watching');
  try {
    appendFileSync(log, '{"type":"event_msg"}\n');
    // The event arrives asynchronously; the debounce timer on the fake clock shows it did.
    while (clock.pendingTimers() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await clock.advance(10 * SEC);
    assert.equal(activity, 1);
    // A new day folder and a log in it.
    const next = join(home, 'sessions', '2026', '03', '07');
    mkdirSync(next);
    while (!watcher.dirs.includes(next)) await new Promise((resolve) => setTimeout(resolve, 20));
    await clock.advance(10 * SEC);
    writeFileSync(join(next, 'rollout-b.jsonl'), '{}\n');
    while (clock.pendingTimers() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await clock.advance(10 * SEC);
    assert.equal(activity, 3);
  } finally {
    watcher.stop();
  }
  await settle();
});
