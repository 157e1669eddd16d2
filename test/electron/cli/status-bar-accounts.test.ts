// `watch` and `guard` with `--account`, and `usage --format` with `--all-accounts` (interface §7, §9), run
// as a person runs them against the backend double, on a machine with two Codex homes and a CCS pool.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings } from '../../../shared/settings-model.js';
import { startBackendDouble, type BackendDouble } from '../../doubles/chatgpt-backend-double.js';
import { tempDir, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';
import { writeCcsAccount } from '../../helpers/account-pool-fixture.js';
import { runQuotabar, startQuotabar } from '../../helpers/run-cli.js';

const VALID = Date.now() + 6 * 3600_000;
const EXPIRED = Math.floor(Date.now() / 1000) * 1000 - 3600_000;

const dir = tempDir('quotabar-bar-accounts-');
const home = dir.path;
const defaultHome = join(home, '.codex');
const workHome = join(home, 'work-codex');
const quotabarHome = join(home, 'qb');
let backend: BackendDouble;

// The default home: plus (5h 77 %, wk 59 % left). Work: follows the double's scenario (plus unless a
// test changes it). carol (CCS): nearly out (5h 3 %, wk 10 % left). dave (CCS): expired token.
before(async () => {
  const main = writeChatgptAuth(defaultHome, { email: 'a@example.com', accountId: 'acc-123', exp: Math.floor(VALID / 1000) });
  const work = writeChatgptAuth(workHome, { email: 'work@example.com', accountId: 'acc-work', exp: Math.floor(VALID / 1000) });
  const carol = writeCcsAccount(home, { email: 'carol@example.com', accountId: 'acc-carol', expiresAtMs: VALID, marker: 'carol' });
  writeCcsAccount(home, { email: 'dave@example.com', accountId: 'acc-dave', expiresAtMs: EXPIRED, marker: 'dave' });
  mkdirSync(join(workHome, 'sessions', '2026', '03', '06'), { recursive: true });
  backend = await startBackendDouble({
    scenario: 'plus',
    accessToken: main.accessToken,
    accountId: 'acc-123',
    accounts: [
      { accessToken: work.accessToken, accountId: 'acc-work' },
      { accessToken: carol.accessToken, accountId: 'acc-carol', scenario: 'nearly-out' },
    ],
  });
  mkdirSync(quotabarHome, { recursive: true });
  writeFileSync(
    join(quotabarHome, 'settings.json'),
    JSON.stringify({ ...defaultSettings(), accounts: [{ id: 'work', label: 'Work', codexHome: workHome }] }, null, 2),
  );
});

after(async () => {
  await backend.close();
  dir.cleanup();
});

const env = () => ({ HOME: home, QUOTABAR_HOME: quotabarHome, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, PATH: `${join(home, 'no-bin')}:/usr/bin:/bin` });

function quotabar(args: string[]) {
  backend.setScenario('plus');
  return runQuotabar(args, env());
}

test('guard --account checks the named account only: exit 5 for the nearly-out pool account, 0 for the others', async () => {
  const carol = await quotabar(['guard', '--min-left', '15', '--account', 'carol@example.com', '--import', 'ccs']);
  assert.equal(carol.code, 5, carol.stderr);
  assert.match(carol.stderr, /^quotabar guard: session window has 3% left \(below 15%\); it resets in 20m/);
  const work = await quotabar(['guard', '--min-left', '15', '--account', 'Work']);
  assert.equal(work.code, 0, work.stderr);
  assert.match(work.stderr, /^quotabar guard: weekly window has 59% left \(at least 15%\)/);
  const byDefault = await quotabar(['guard', '--min-left', '15']);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  const stale = await quotabar(['guard', '--min-left', '15', '--account', 'dave@example.com', '--import', 'ccs']);
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /^quotabar guard: usage could not be read \(token_stale\): The CCS access token for dave@example\.com expired/);
});

test('a pool account needs --import (or the settings) in watch and guard, as in usage', async () => {
  const usage = await quotabar(['usage', '--account', 'carol@example.com']);
  const guard = await quotabar(['guard', '--min-left', '15', '--account', 'carol@example.com']);
  assert.equal(usage.code, 64);
  assert.equal(guard.code, 64);
  assert.match(guard.stderr, /No account matches "carol@example\.com"/);
});

test('an unknown --account gives watch and guard the exit code and message usage gives', async () => {
  const usage = await quotabar(['usage', '--account', 'nobody@example.com', '--import', 'ccs']);
  assert.equal(usage.code, 64);
  const message = usage.stderr.replace(/^quotabar usage: /, '');
  assert.match(message, /^No account matches "nobody@example\.com"\. Known accounts \(id, label, email\):\n.*\(Work, work@example\.com\)/s);
  assert.ok(message.includes('ccs:acc-carol (carol@example.com)'), message);
  for (const command of [['guard', '--min-left', '15'], ['watch']]) {
    const run = await quotabar([...command, '--account', 'nobody@example.com', '--import', 'ccs']);
    assert.equal(run.code, 64, command[0]);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `quotabar ${command[0]}: ${message}`);
  }
  const badImport = await quotabar(['guard', '--min-left', '15', '--import', 'codexbar']);
  assert.equal(badImport.code, 64);
  assert.match(badImport.stderr, /"codexbar" is not one of them/);
});

test("watch --account prints the pool account's lines", { timeout: 60_000 }, async () => {
  backend.setScenario('plus');
  const watch = startQuotabar(['watch', '--account', 'carol@example.com', '--import', 'ccs', '--format', 'waybar'], env());
  try {
    const first = JSON.parse(await watch.line(0)) as { text: string; class: string; tooltip: string };
    assert.equal(first.text, '5h 3% · wk 10%');
    assert.equal(first.class, 'critical');
    assert.match(first.tooltip, /^Codex · Plus · carol@example\.com\n/);
  } finally {
    watch.child.kill('SIGTERM');
  }
  assert.equal(await watch.exited, 0);
  assert.equal(watch.stderr(), '');
});

test('watch --account of another Codex home reads that home and refreshes when Codex writes a session log there', { timeout: 60_000 }, async () => {
  backend.setScenario('free-weekly-only');
  const watch = startQuotabar(['watch', '--account', 'Work'], env());
  try {
    assert.equal(await watch.line(0), 'wk 38%');
    backend.setScenario('nearly-out');
    appendFileSync(join(workHome, 'sessions', '2026', '03', '06', 'rollout-2026-03-06T12-00-00-abc.jsonl'), '{"type":"session_meta"}\n');
    assert.equal(await watch.line(1), '5h 3% · wk 10%');
  } finally {
    watch.child.kill('SIGTERM');
  }
  assert.equal(await watch.exited, 0);
  assert.equal(watch.stderr(), '');
});

test('usage --format line --all-accounts prints one line per account, labelled, a failing one with its error', async () => {
  const run = await quotabar(['usage', '--all-accounts', '--format', 'line', '--import', 'ccs']);
  assert.equal(run.code, 0);
  assert.equal(
    run.stdout,
    ['a@example.com: 5h 77% · wk 59%', 'Work: 5h 77% · wk 59%', 'carol@example.com: 5h 3% · wk 10%', 'dave@example.com: quota: token stale', ''].join('\n'),
  );
  assert.match(run.stderr, /^quotabar usage: dave@example\.com: The CCS access token for dave@example\.com expired/);
});

test('usage --format waybar --all-accounts prints one line: the account with least left, the worst class, every account in the tooltip', async () => {
  const run = await quotabar(['usage', '--all-accounts', '--format', 'waybar', '--import', 'ccs']);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout.split('\n').length, 2, 'one line');
  const out = JSON.parse(run.stdout) as { text: string; tooltip: string; class: string; percentage: number };
  assert.deepEqual(Object.keys(out), ['text', 'tooltip', 'class', 'percentage']);
  assert.equal(out.text, 'carol@example.com: 5h 3% · wk 10%');
  assert.equal(out.class, 'critical');
  assert.equal(out.percentage, 3);
  const blocks = out.tooltip.split('\n\n');
  assert.equal(blocks.length, 4);
  assert.match(blocks[0] ?? '', /^a@example\.com · Plus\nSession \(5h\): 77% left, resets .+\nWeekly: 59% left, resets .+$/);
  assert.match(blocks[1] ?? '', /^Work · Plus · work@example\.com\nSession \(5h\): 77% left/);
  assert.match(blocks[2] ?? '', /^carol@example\.com · Plus\nSession \(5h\): 3% left/);
  assert.match(blocks[3] ?? '', /^dave@example\.com\nThe CCS access token for dave@example\.com expired/);
});

test('usage --format waybar --all-accounts exits 0 with the error class when no account has usage; line exits 1', async () => {
  const empty = tempDir('quotabar-bar-accounts-empty-');
  try {
    const emptyEnv = { ...env(), HOME: empty.path, QUOTABAR_HOME: join(empty.path, 'qb') };
    const waybar = await runQuotabar(['usage', '--all-accounts', '--format', 'waybar', '--source', 'oauth'], emptyEnv);
    assert.equal(waybar.code, 0);
    const out = JSON.parse(waybar.stdout) as { text: string; tooltip: string; class: string; percentage: number };
    assert.equal(out.class, 'error');
    assert.equal(out.percentage, 0);
    assert.match(out.text, /: quota: not logged in$/);
    const line = await runQuotabar(['usage', '--all-accounts', '--format', 'line', '--source', 'oauth'], emptyEnv);
    assert.equal(line.code, 1);
    assert.match(line.stdout, /: quota: not logged in\n$/);
  } finally {
    empty.cleanup();
  }
});

test('watch --all-accounts is a usage error that says what to run instead', async () => {
  const run = await quotabar(['watch', '--all-accounts']);
  assert.equal(run.code, 64);
  assert.match(
    run.stderr,
    /^quotabar watch: watch follows one account \(--account SELECTOR\); for every account run `quotabar usage --all-accounts --format waybar\|line` on an interval\.\n$/,
  );
});
