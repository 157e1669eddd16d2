import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ptySource } from '../../../../../electron/core/usage/pty/pty-source.js';
import { tempDir } from '../../../../helpers/codex-home-fixture.js';
import { assertNothingLeft, ptyScenario } from './pty-harness.js';

// End to end: ptySource.fetch() drives the codex TUI double in a real pseudo-terminal.

const dir = tempDir('quotabar-pty-');
mkdirSync(join(dir.path, 'home'), { recursive: true });
after(() => dir.cleanup());

const NO_ACCOUNT = { email: null, plan: null, accountId: null };

test('the credits-and-limits screen gives the contract snapshot, with the exact reset times drawn', async () => {
  const s = ptyScenario(dir.path, 'credits', { env: { OPENAI_API_KEY: 'sk-must-not-reach-codex', SOME_SECRET: 'x' } });
  const snapshot = await ptySource.fetch(s.ctx);
  const [session, weekly] = s.resets();
  assert.deepEqual(snapshot, {
    account: NO_ACCOUNT,
    session: { usedPercent: 45, windowMinutes: 300, resetsAt: session },
    weekly: { usedPercent: 30, windowMinutes: 10080, resetsAt: weekly },
    extraWindows: [],
    codeReview: null,
    // The TUI prints 37.5 as "38 credits": about 38, and said so.
    credits: { balance: 38, hasCredits: true, unlimited: false, approximate: true },
    monthlyLimit: null,
    warnings: ['Codex /status rounds credits to whole numbers: the balance is about 38, not exactly.'],
  });
  const [start] = s.starts();
  assert.ok(start);
  const [noDaemon, profileFlag, profile, ...rest] = start.argv;
  assert.deepEqual([noDaemon, profileFlag], ['--no-daemon', '-p'], 'no managed daemon; a one-off profile takes the first-run writes');
  assert.match(profile ?? '', /^quotabar-[0-9a-f]{12}$/);
  assert.deepEqual(rest, [
    '-s',
    'read-only',
    '-a',
    'never',
    '-c',
    'history.persistence="none"',
    '-c',
    'check_for_update_on_startup=false',
    '-c',
    'analytics.enabled=false',
    '-c',
    'tui.show_tooltips=false',
  ]);
  assert.equal(start.isTTY, true, 'codex runs in a terminal');
  assert.equal(start.term, 'xterm-256color');
  assert.deepEqual([start.cols, start.rows], [200, 60]);
  assert.notEqual(start.cwd, s.home, 'codex never runs in the home folder');
  assert.equal(dirname(start.cwd), realpathSync(tmpdir()));
  assert.match(basename(start.cwd), /^quotabar-codex-/, 'codex runs in a private folder of its own');
  assert.equal(existsSync(start.cwd), false, 'the private folder is removed afterwards');
  assert.equal(start.cwdMode, 0o700);
  assert.deepEqual(start.cwdEntries, [], 'the private folder is empty');
  assert.ok(start.envKeys.includes('CODEX_HOME'));
  assert.ok(!start.envKeys.includes('OPENAI_API_KEY') && !start.envKeys.includes('SOME_SECRET'), 'only a minimal environment reaches codex');
  const entries = s.entries();
  assert.notEqual(entries.find((e) => 'cursorReply' in e)?.cursorReply, null, 'the cursor-position query was answered');
  assert.deepEqual(
    entries.filter((e) => 'typed' in e).map((e) => e.typed),
    ['/status'],
  );
  await assertNothingLeft(s);
});

test('the reasoning-details screen: 72 % and 45 % used', async () => {
  const s = ptyScenario(dir.path, 'reasoning');
  const snapshot = await ptySource.fetch(s.ctx);
  const [session, weekly] = s.resets();
  assert.deepEqual(snapshot.session, { usedPercent: 72, windowMinutes: 300, resetsAt: session });
  assert.deepEqual(snapshot.weekly, { usedPercent: 45, windowMinutes: 10080, resetsAt: weekly });
  assert.deepEqual(snapshot.credits, { balance: null, hasCredits: false, unlimited: false }, 'no Credits row: none, as the app-server says');
  await assertNothingLeft(s);
});

test("the stale screen keeps its limits and reports Codex's warning", async () => {
  const s = ptyScenario(dir.path, 'stale');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.session?.usedPercent, 72);
  assert.equal(snapshot.weekly?.usedPercent, 40);
  assert.deepEqual(snapshot.warnings, ['Codex /status: limits may be stale - start new turn to refresh.']);
  await assertNothingLeft(s);
});

test('the generic-labels screen gives two extra windows with dated resets read from the next line', async () => {
  const s = ptyScenario(dir.path, 'generic');
  const snapshot = await ptySource.fetch(s.ctx);
  const [first, second] = s.resets();
  assert.equal(snapshot.session, null);
  assert.equal(snapshot.weekly, null);
  assert.deepEqual(snapshot.extraWindows, [
    { id: 'codex-usage', label: 'Codex usage', usedPercent: 35, windowMinutes: null, resetsAt: first },
    { id: 'codex-secondary-usage', label: 'Codex secondary usage', usedPercent: 50, windowMinutes: null, resetsAt: second },
  ]);
  await assertNothingLeft(s);
});

test('the monthly credit limit and the account row are reported', async () => {
  const s = ptyScenario(dir.path, 'monthly');
  const snapshot = await ptySource.fetch(s.ctx);
  const [session, weekly, monthly] = s.resets();
  assert.deepEqual(snapshot.account, { email: 'dev@example.com', plan: 'team', accountId: null });
  assert.deepEqual(snapshot.session, { usedPercent: 12, windowMinutes: 300, resetsAt: session });
  assert.deepEqual(snapshot.weekly, { usedPercent: 33, windowMinutes: 10080, resetsAt: weekly });
  assert.deepEqual(snapshot.monthlyLimit, { limit: 25000, used: 8000, remainingPercent: 68, resetsAt: monthly });
  await assertNothingLeft(s);
});

test('unlimited credits are reported as unlimited', async () => {
  const s = ptyScenario(dir.path, 'unlimited');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.deepEqual(snapshot.credits, { balance: null, hasCredits: true, unlimited: true });
  assert.deepEqual(snapshot.account, { email: 'pro@example.com', plan: 'pro', accountId: null });
  await assertNothingLeft(s);
});

test("a Spark bucket becomes extra windows and its own credits row is not the account's", async () => {
  const s = ptyScenario(dir.path, 'spark');
  const snapshot = await ptySource.fetch(s.ctx);
  const [, , sparkSession, sparkWeekly] = s.resets();
  assert.equal(snapshot.session?.usedPercent, 23);
  assert.equal(snapshot.weekly?.usedPercent, 41);
  assert.deepEqual(snapshot.extraWindows, [
    { id: 'codex-spark-session', label: 'Codex Spark 5h', usedPercent: 3, windowMinutes: 300, resetsAt: sparkSession },
    { id: 'codex-spark-weekly', label: 'Codex Spark weekly', usedPercent: 9, windowMinutes: 10080, resetsAt: sparkWeekly },
  ]);
  assert.equal(snapshot.credits?.balance, 12);
  await assertNothingLeft(s);
});

test('"data not available yet" is asked again until the limits arrive', async () => {
  const s = ptyScenario(dir.path, 'not-ready-first');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.session?.usedPercent, 45);
  assert.equal(snapshot.session?.resetsAt, s.resets(2)[0]);
  assert.ok(s.entries().filter((e) => e.typed === '/status').length >= 2);
  await assertNothingLeft(s);
});

test('a card too narrow to read is read again in a larger terminal', async () => {
  const s = ptyScenario(dir.path, 'needs-wide');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.session?.usedPercent, 45);
  assert.ok(!(snapshot.warnings ?? []).some((w) => /could not be read/.test(w)), 'the retry read every row');
  assert.deepEqual(
    s.starts().map((st) => [st.cols, st.rows]),
    [
      [200, 60],
      [220, 70],
    ],
  );
  await assertNothingLeft(s);
});
