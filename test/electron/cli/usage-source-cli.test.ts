import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeRecordingCodexDouble } from '../../helpers/codex-double-bin.js';
import { tempDir, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';
import { waitForNoProcesses } from '../../helpers/process-scan.js';
import { runQuotabar } from '../../helpers/run-cli.js';

// `quotabar usage --source cli` (interface §2: the Codex CLI alone, rpc then pty), run as a person runs
// it (the built CLI), against one codex double whose app-server and TUI halves each play a scenario.

const dir = tempDir('quotabar-source-cli-');
after(() => dir.cleanup());
const codexHome = join(dir.path, 'codex-home');

function cliEnv(): Record<string, string> {
  // No codex on PATH: only --codex-bin leads to the double.
  return { HOME: dir.path, PATH: '/usr/bin:/bin', QUOTABAR_HOME: join(dir.path, 'qb-home') };
}

let counter = 0;
function codexDouble(rpc: string, tui: string) {
  const binDir = join(dir.path, `bin-${rpc}-${tui}-${++counter}`);
  const { bin, entries } = writeRecordingCodexDouble(binDir, { CODEX_DOUBLE_RPC: rpc, CODEX_DOUBLE_TUI: tui });
  return { bin, binDir, entries };
}

async function usage(bin: string, args: string[], home = codexHome) {
  const run = await runQuotabar(['usage', '--codex-home', home, '--codex-bin', bin, ...args], cliEnv());
  return run;
}

function parse(stdout: string): Record<string, unknown> {
  try {
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return assert.fail(`stdout is not one JSON object:\n${stdout}`);
  }
}

const attemptsOf = (json: Record<string, unknown>) =>
  (json.attempts as Array<{ source: string; ok: boolean; error: { code: string } | null }>).map((a) => [a.source, a.error?.code ?? 'ok']);

test('--source cli: an app-server without the method falls back to /status, and the JSON says pty produced the data', async () => {
  const codex = codexDouble('unsupported', 'credits');
  const run = await usage(codex.bin, ['--json', '--source', 'cli']);
  assert.equal(run.code, 0, run.stderr);
  const json = parse(run.stdout);
  assert.equal(json.source, 'pty');
  assert.deepEqual(json.sources, ['pty']);
  assert.deepEqual(attemptsOf(json), [
    ['rpc', 'not_supported'],
    ['pty', 'ok'],
  ]);
  const resets = codex.entries().find((e) => e.card === 1)?.resets as string[];
  assert.deepEqual(json.session, { usedPercent: 45, windowMinutes: 300, resetsAt: resets[0] });
  // The TUI prints 37.5 as "38 credits": reported as about 38, with a warning that says why.
  assert.deepEqual(json.credits, { balance: 38, hasCredits: true, unlimited: false, approximate: true });
  assert.deepEqual(json.warnings, ['Codex /status rounds credits to whole numbers: the balance is about 38, not exactly.']);
  assert.deepEqual(await waitForNoProcesses(codex.binDir), [], 'neither the app-server nor the TUI is left running');
});

test('--source cli in text: the rounded balance reads "≈ 38 credits"', async () => {
  const codex = codexDouble('unsupported', 'credits');
  const run = await usage(codex.bin, ['--source', 'cli']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Credits\s+≈ 38 credits$/m);
  assert.match(run.stdout, /\(from pty\)/);
  assert.deepEqual(await waitForNoProcesses(codex.binDir), []);
});

test('--source cli: a working app-server answers alone, and the TUI is never started', async () => {
  const codex = codexDouble('normal', 'credits');
  const run = await usage(codex.bin, ['--json', '--source', 'cli']);
  assert.equal(run.code, 0, run.stderr);
  const json = parse(run.stdout);
  assert.equal(json.source, 'rpc');
  assert.deepEqual(attemptsOf(json), [['rpc', 'ok']]);
  const starts = codex
    .entries()
    .filter((e) => 'start' in e)
    .map((e) => (e.start as { argv: string[] }).argv);
  assert.deepEqual(starts, [['app-server']]);
});

test('--source cli: a reached limit from a 0.171 app-server is a warning in the JSON and in the text', async () => {
  const codex = codexDouble('credits-depleted', 'credits');
  const json = parse((await usage(codex.bin, ['--json', '--source', 'cli'])).stdout);
  const advice = 'Your workspace is out of credits. Ask your workspace owner to add more to continue.';
  assert.deepEqual(json.warnings, [advice]);
  assert.deepEqual(json.credits, { balance: 7.5, hasCredits: true, unlimited: false });
  assert.deepEqual((json.monthlyLimit as { limit: number; used: number }).limit, 25000);
  assert.deepEqual(
    (json.extraWindows as Array<{ id: string }>).map((w) => w.id),
    ['codex-spark-session', 'codex-spark-weekly'],
  );
  const text = await usage(codex.bin, ['--source', 'cli']);
  assert.equal(text.code, 0, text.stderr);
  assert.ok(text.stdout.split('\n').includes(`Warning: ${advice}`), text.stdout);
});

test("pty's plan from the TUI's display name gives way to the plan id in auth.json", async () => {
  // The spark screen shows "(Pro)"; auth.json's claims say prolite.
  const home = join(dir.path, 'prolite-home');
  writeChatgptAuth(home, { email: 'pro@example.com', plan: 'prolite', exp: Math.floor(Date.now() / 1000) + 3600 });
  const codex = codexDouble('unsupported', 'spark');
  const run = await usage(codex.bin, ['--json', '--source', 'cli'], home);
  assert.equal(run.code, 0, run.stderr);
  const json = parse(run.stdout);
  assert.equal(json.source, 'pty');
  assert.deepEqual(json.account, { email: 'pro@example.com', plan: 'prolite', accountId: 'acc-123' });
});

test('an unknown source is still bad_arguments with exit code 64, and the message lists cli', async () => {
  const run = await runQuotabar(['usage', '--json', '--source', 'codex'], cliEnv());
  assert.equal(run.code, 64);
  const json = parse(run.stdout);
  assert.deepEqual(json.error, {
    code: 'bad_arguments',
    message: '--source must be one of auto, oauth, cli, rpc, pty, web; got "codex". Run `quotabar help usage`.',
  });
});

test('`quotabar help usage` describes --source cli', async () => {
  const run = await runQuotabar(['help', 'usage'], cliEnv());
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--source auto\|oauth\|cli\|rpc\|pty\|web/);
  assert.match(run.stdout, /cli: the Codex CLI alone, rpc \(codex app-server\), then pty/);
});
