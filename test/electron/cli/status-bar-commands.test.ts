// `quotabar usage --format`, `watch` and `guard` (interface §9) run as a person runs them, against the
// backend double on loopback.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackendDouble, type BackendDouble, type BackendScenario } from '../../doubles/chatgpt-backend-double.js';
import { writeCodexDouble } from '../../helpers/codex-double-bin.js';
import { tempDir, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';
import { processesMentioning, waitForNoProcesses } from '../../helpers/process-scan.js';
import { runQuotabar, startQuotabar as startQuotabarProcess } from '../../helpers/run-cli.js';

const dir = tempDir('quotabar-bars-');
const codexHome = join(dir.path, 'codex-home');
const dayDir = join(codexHome, 'sessions', '2026', '03', '06');
let backend: BackendDouble;

before(async () => {
  const auth = writeChatgptAuth(codexHome, { email: 'a@example.com', plan: 'plus', exp: Math.floor(Date.now() / 1000) + 3600 });
  mkdirSync(dayDir, { recursive: true });
  backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123' });
});

after(async () => {
  await backend.close();
  dir.cleanup();
});

function env(): Record<string, string> {
  return { HOME: dir.path, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, QUOTABAR_HOME: join(dir.path, 'qb-home') };
}

async function quotabar(scenario: BackendScenario, args: string[]) {
  backend.setScenario(scenario);
  return runQuotabar([...args, '--codex-home', codexHome], env());
}

// The plus scenario: session 23 % used (77 % left), weekly 41 % used (59 % left).

test('usage --format waybar prints one line of Waybar JSON: text, tooltip, class and percentage', async () => {
  const run = await quotabar('plus', ['usage', '--format', 'waybar']);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout.split('\n').length, 2, 'one line');
  const out = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['text', 'tooltip', 'class', 'percentage']);
  assert.equal(out.text, '5h 77% · wk 59%');
  assert.equal(out.class, 'ok');
  assert.equal(out.percentage, 59);
  assert.match(
    String(out.tooltip),
    /^Codex · Plus · a@example\.com\nSession \(5h\): 77% left, resets (tomorrow )?\d\d:\d\d\nWeekly: 59% left, resets \w{3} \d\d:\d\d$/,
  );
});

test('usage --format waybar exits 0 on failure, with the error class and the message in the tooltip', async () => {
  const run = await quotabar('server-error', ['usage', '--format', 'waybar']);
  assert.equal(run.code, 0);
  const out = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.equal(out.class, 'error');
  assert.equal(out.text, 'quota: server error');
  assert.equal(out.percentage, 0);
  assert.match(String(out.tooltip), /500/);
});

test('usage --format line prints the text alone; on failure the short error, with the usual exit code', async () => {
  const ok = await quotabar('plus', ['usage', '--format', 'line']);
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout, '5h 77% · wk 59%\n');
  const weeklyOnly = await quotabar('free-weekly-only', ['usage', '--format', 'line']);
  assert.equal(weeklyOnly.stdout, 'wk 38%\n');
  const bad = await quotabar('not-json', ['usage', '--format', 'line']);
  assert.equal(bad.code, 3);
  assert.equal(bad.stdout, 'quota: bad response\n');
  assert.match(bad.stderr, /quotabar usage: /);
});

test('usage --format rejects an unknown format, and --json with --format', async () => {
  const unknown = await quotabar('plus', ['usage', '--format', 'i3bar']);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /--format must be one of waybar, line/);
  const both = await quotabar('plus', ['usage', '--json', '--format', 'line']);
  assert.equal(both.code, 64);
});

test('guard exits 0 with at least PCT % left in both main windows, 5 below, and names the window and its reset', async () => {
  const enough = await quotabar('plus', ['guard', '--min-left', '59']);
  assert.equal(enough.code, 0);
  assert.equal(enough.stdout, '');
  assert.match(enough.stderr, /^quotabar guard: weekly window has 59% left \(at least 59%\); it resets in 3d 11h \(\w{3} \d\d:\d\d\)\.\n$/);
  const below = await quotabar('plus', ['guard', '--min-left', '60%']);
  assert.equal(below.code, 5);
  assert.match(below.stderr, /^quotabar guard: weekly window has 59% left \(below 60%\); it resets in 3d 11h/);
  assert.equal(below.stderr.split('\n').length, 2, 'one line');
  const session = await quotabar('plus', ['guard', '--min-left', '60', '--window', 'session']);
  assert.equal(session.code, 0);
  assert.match(session.stderr, /session window has 77% left \(at least 60%\); it resets in 2h 5m/);
  const sessionBelow = await quotabar('plus', ['guard', '--min-left', '80', '--window', 'session']);
  assert.equal(sessionBelow.code, 5);
});

test('guard gives the usual exit codes when usage cannot be read, and 64 for bad arguments', async () => {
  const down = await quotabar('server-error', ['guard', '--min-left', '10']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^quotabar guard: usage could not be read \(server_error\): .*\n$/);
  assert.equal((await quotabar('not-json', ['guard', '--min-left', '10'])).code, 3);
  const noSession = await quotabar('free-weekly-only', ['guard', '--min-left', '10', '--window', 'session']);
  assert.equal(noSession.code, 1);
  assert.match(noSession.stderr, /no session window/);
  for (const args of [['guard'], ['guard', '--min-left', '120'], ['guard', '--min-left', 'lots'], ['guard', '--min-left', '5', '--window', 'monthly']]) {
    const run = await quotabar('plus', args);
    assert.equal(run.code, 64, args.join(' '));
  }
});

function startQuotabar(args: string[]) {
  return startQuotabarProcess(args, env());
}

test(
  'watch prints a line at start and another soon after Codex writes a session log and the usage changed; SIGTERM ends it cleanly',
  { timeout: 60_000 },
  async () => {
    backend.setScenario('plus');
    const watch = startQuotabar(['watch', '--codex-home', codexHome]);
    try {
      assert.equal(await watch.line(0), '5h 77% · wk 59%');
      const requestsAtStart = backend.requests.length;
      backend.setScenario('pro-spark-review');
      const log = join(dayDir, 'rollout-2026-03-06T12-00-00-abc.jsonl');
      writeFileSync(log, '{"type":"session_meta"}\n');
      for (let i = 0; i < 20; i++) appendFileSync(log, '{"type":"event_msg"}\n');
      assert.equal(await watch.line(1), '5h 96% · wk 81%');
      assert.equal(backend.requests.length - requestsAtStart, 1, 'the burst of writes cost one refresh');
    } finally {
      watch.child.kill('SIGTERM');
    }
    assert.equal(await watch.exited, 0);
    assert.equal(watch.stderr(), '');
    assert.equal(watch.lines.length, 2);
  },
);

test('watch ends quietly when the bar closes its end of the pipe', { timeout: 60_000 }, async () => {
  backend.setScenario('plus');
  const watch = startQuotabar(['watch', '--codex-home', codexHome]);
  assert.equal(await watch.line(0), '5h 77% · wk 59%');
  watch.child.stdout.destroy();
  backend.setScenario('free-weekly-only');
  appendFileSync(join(dayDir, 'rollout-2026-03-06T13-00-00-def.jsonl'), '{"type":"event_msg"}\n');
  assert.equal(await watch.exited, 0);
  assert.equal(watch.stderr(), '');
});

test('watch --format waybar prints Waybar JSON lines and --json compact usage objects', { timeout: 60_000 }, async () => {
  backend.setScenario('plus');
  for (const [flags, check] of [
    [['--format', 'waybar'], (line: string) => assert.equal((JSON.parse(line) as { text: string }).text, '5h 77% · wk 59%')],
    [['--json'], (line: string) => assert.equal((JSON.parse(line) as { session: { usedPercent: number } }).session.usedPercent, 23)],
  ] as const) {
    const watch = startQuotabar(['watch', ...flags, '--codex-home', codexHome]);
    try {
      check(await watch.line(0));
    } finally {
      watch.child.kill('SIGINT');
    }
    assert.equal(await watch.exited, 0);
  }
});

test('SIGTERM while a refresh is running ends the codex child too: nothing is left behind', { timeout: 60_000 }, async () => {
  const doubleDir = join(dir.path, 'rpc-hang');
  // The marker travels in the double's environment (and its child's), so the scan below can find them.
  const codexBin = writeCodexDouble(doubleDir, { CODEX_DOUBLE_RPC: 'hang-with-child', QUOTABAR_TEST_MARK: doubleDir });
  // A long timeout: the refresh is still waiting when the signal comes.
  const watch = startQuotabar(['watch', '--source', 'rpc', '--codex-bin', codexBin, '--timeout', '60', '--codex-home', codexHome]);
  // The watch process names the folder in its arguments; wait for another one: the codex child.
  while (processesMentioning(doubleDir).filter((pid) => pid !== watch.child.pid).length === 0) {
    if (watch.child.exitCode !== null) throw new Error(`watch exited early: ${watch.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  watch.child.kill('SIGTERM');
  assert.equal(await watch.exited, 0);
  assert.deepEqual(await waitForNoProcesses(doubleDir), []);
});

test('help lists watch and guard', async () => {
  const run = await runQuotabar(['help']);
  assert.match(run.stdout, /\n {2}watch +Print one line per usage change/);
  assert.match(run.stdout, /\n {2}guard +Exit 5 when less than/);
  const guard = await runQuotabar(['help', 'guard']);
  assert.match(guard.stdout, /^quotabar guard --min-left PCT \[--window session\|weekly\|any\]/);
  const watch = await runQuotabar(['help', 'watch']);
  assert.match(watch.stdout, /^quotabar watch \[--json \| --format waybar\|line\]/);
});
