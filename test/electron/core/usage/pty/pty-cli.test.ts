import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeRecordingCodexDouble } from '../../../../helpers/codex-double-bin.js';
import { tempDir } from '../../../../helpers/codex-home-fixture.js';
import { waitForNoProcesses } from '../../../../helpers/process-scan.js';
import { runQuotabar } from '../../../../helpers/run-cli.js';
import { assertNothingLeft, ptyScenario, type PtyScenario } from './pty-harness.js';

// `quotabar usage --source pty --json` as a person runs it (the built CLI, `npm run build` first),
// against the codex TUI double; and the auto chain reaching pty when the app-server cannot answer.

const dir = tempDir('quotabar-pty-cli-');
const home = join(dir.path, 'home');
mkdirSync(home, { recursive: true });
after(() => dir.cleanup());

const CONTRACT_KEYS = [
  'schemaVersion',
  'source',
  'sources',
  'fetchedAt',
  'account',
  'session',
  'weekly',
  'extraWindows',
  'codeReview',
  'credits',
  'monthlyLimit',
  'attempts',
];
const NO_ACCOUNT = { email: null, plan: null, accountId: null };

function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  // No codex on PATH and no auth.json: only --codex-bin can lead to the double.
  return { HOME: home, PATH: '/usr/bin:/bin', QUOTABAR_HOME: join(dir.path, 'qb-home'), ...extra };
}

async function usage(s: PtyScenario | null, args: string[], extraEnv: Record<string, string> = {}) {
  const run = await runQuotabar(['usage', '--json', '--codex-home', join(home, '.codex'), ...(s ? ['--codex-bin', s.bin] : []), ...args], cliEnv(extraEnv));
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    assert.fail(`stdout is not one JSON object:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  return { run, json };
}

/** The report with its timing-dependent fields pinned, for an exact comparison with the contract shape. */
function pinned(json: Record<string, unknown>): Record<string, unknown> {
  assert.match(String(json.fetchedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const attempts = (json.attempts as Array<Record<string, unknown>>).map((a) => {
    assert.equal(typeof a.ms, 'number');
    return { ...a, ms: 0 };
  });
  return { ...json, fetchedAt: 'T', attempts };
}

function report(fields: Record<string, unknown>): Record<string, unknown> {
  const { warnings, ...rest } = fields;
  return {
    schemaVersion: 1,
    source: 'pty',
    sources: ['pty'],
    fetchedAt: 'T',
    account: NO_ACCOUNT,
    // No Credits row on the card means none, as the app-server says it, not null.
    session: null,
    weekly: null,
    extraWindows: [],
    codeReview: null,
    credits: { balance: null, hasCredits: false, unlimited: false },
    monthlyLimit: null,
    ...rest,
    attempts: [{ source: 'pty', ok: true, ms: 0, error: null }],
    ...(warnings !== undefined ? { warnings } : {}),
  };
}

/** The TUI prints whole credits: the balance is reported as approximate, with a warning. */
function rounded(balance: number): Record<string, unknown> {
  return {
    credits: { balance, hasCredits: true, unlimited: false, approximate: true },
    warnings: [`Codex /status rounds credits to whole numbers: the balance is about ${balance}, not exactly.`],
  };
}

const win = (usedPercent: number, windowMinutes: number | null, resetsAt: string | undefined) => ({ usedPercent, windowMinutes, resetsAt });

test('--source pty --json prints exactly the contract report for the credits-and-limits screen', async () => {
  const s = ptyScenario(dir.path, 'credits');
  const { run, json } = await usage(s, ['--source', 'pty']);
  assert.equal(run.code, 0, run.stderr);
  const [session, weekly] = s.resets();
  assert.deepEqual(Object.keys(json), [...CONTRACT_KEYS, 'warnings'], "keys in the contract's order, then the added warnings");
  assert.deepEqual(pinned(json), report({ session: win(45, 300, session), weekly: win(30, 10080, weekly), ...rounded(38) }));
  await assertNothingLeft(s);
});

// Every other screen the double draws, as the contract JSON it must become.
const SCREENS: Array<[scenario: string, expected: (r: string[], s: PtyScenario) => Record<string, unknown>]> = [
  ['reasoning', (r) => report({ session: win(72, 300, r[0]), weekly: win(45, 10080, r[1]) })],
  [
    'stale',
    (r) => report({ session: win(72, 300, r[0]), weekly: win(40, 10080, r[1]), warnings: ['Codex /status: limits may be stale - start new turn to refresh.'] }),
  ],
  [
    'generic',
    (r) =>
      report({
        extraWindows: [
          { id: 'codex-usage', label: 'Codex usage', ...win(35, null, r[0]) },
          { id: 'codex-secondary-usage', label: 'Codex secondary usage', ...win(50, null, r[1]) },
        ],
      }),
  ],
  [
    'monthly',
    (r) =>
      report({
        account: { email: 'dev@example.com', plan: 'team', accountId: null },
        session: win(12, 300, r[0]),
        weekly: win(33, 10080, r[1]),
        monthlyLimit: { limit: 25000, used: 8000, remainingPercent: 68, resetsAt: r[2] },
      }),
  ],
  [
    'unlimited',
    (r) =>
      report({
        account: { email: 'pro@example.com', plan: 'pro', accountId: null },
        session: win(4, 300, r[0]),
        weekly: win(19, 10080, r[1]),
        credits: { balance: null, hasCredits: true, unlimited: true },
      }),
  ],
  [
    'spark',
    (r) =>
      report({
        account: { email: 'pro@example.com', plan: 'pro', accountId: null },
        session: win(23, 300, r[0]),
        weekly: win(41, 10080, r[1]),
        extraWindows: [
          { id: 'codex-spark-session', label: 'Codex Spark 5h', ...win(3, 300, r[2]) },
          { id: 'codex-spark-weekly', label: 'Codex Spark weekly', ...win(9, 10080, r[3]) },
        ],
        ...rounded(12),
      }),
  ],
  ['split', (r) => report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) })],
  ['slow', (r) => report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) })],
  ['paste-burst', (r) => report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) })],
  ['late-input', (r) => report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) })],
  [
    'needs-wide',
    (_r, s) => {
      const r = s.resets(1);
      return report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) });
    },
  ],
  [
    'not-ready-first',
    (_r, s) => {
      const r = s.resets(2);
      return report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) });
    },
  ],
];

for (const [scenario, expected] of SCREENS) {
  test(`--source pty --json: the "${scenario}" screen gives the contract report`, async () => {
    const s = ptyScenario(dir.path, scenario);
    const { run, json } = await usage(s, ['--source', 'pty']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(pinned(json), expected(s.resets(), s));
    await assertNothingLeft(s);
  });
}

test("--source pty --json: Codex 0.171's look (a warning line first, a borderless card) gives the same report", async () => {
  const s = ptyScenario(dir.path, 'credits', { style: '0.171' });
  const { run, json } = await usage(s, ['--source', 'pty']);
  assert.equal(run.code, 0, run.stderr);
  const r = s.resets();
  assert.deepEqual(pinned(json), report({ session: win(45, 300, r[0]), weekly: win(30, 10080, r[1]), ...rounded(38) }));
  await assertNothingLeft(s);
});

// Failures: the contract's failure object and exit code.
const FAILURES: Array<[scenario: string, args: string[], code: string, exit: number]> = [
  ['login', [], 'not_logged_in', 1],
  ['api-key', [], 'not_logged_in', 1],
  ['unavailable', [], 'not_supported', 1],
  ['update', [], 'not_supported', 1],
  ['trust', [], 'not_supported', 1],
  ['crash', [], 'bad_response', 3],
  ['no-answer', ['--timeout', '2'], 'timeout', 4],
  ['silent', ['--timeout', '1.5'], 'timeout', 4],
];

for (const [scenario, args, code, exit] of FAILURES) {
  test(`--source pty --json: the "${scenario}" screen fails with ${code} and exit code ${exit}`, async () => {
    const s = ptyScenario(dir.path, scenario);
    const { run, json } = await usage(s, ['--source', 'pty', ...args]);
    assert.equal(run.code, exit, run.stderr);
    assert.deepEqual(Object.keys(json), ['schemaVersion', 'error', 'attempts']);
    const error = json.error as { code: string; message: string };
    assert.equal(error.code, code);
    assert.ok(error.message.length > 20, 'the message says what to do');
    assert.deepEqual(pinned({ ...json, fetchedAt: '1970-01-01T00:00:00.000Z' }).attempts, [{ source: 'pty', ok: false, ms: 0, error }]);
    if (scenario === 'login')
      assert.equal(
        s.entries().some((e) => 'loginStarted' in e),
        false,
      );
    await assertNothingLeft(s);
  });
}

test('--source pty without a codex binary: codex_not_found, exit code 2', async () => {
  const { run, json } = await usage(null, ['--source', 'pty', '--codex-bin', join(dir.path, 'no-such-codex')]);
  assert.equal(run.code, 2);
  assert.equal((json.error as { code: string }).code, 'codex_not_found');
});

/** One double for the whole chain: the app-server half in `rpc`, the TUI half in `tui`. */
function chainDouble(rpc: string, tui: string) {
  const binDir = join(dir.path, `chain-${rpc}`);
  const { bin, entries } = writeRecordingCodexDouble(binDir, { CODEX_DOUBLE_RPC: rpc, CODEX_DOUBLE_TUI: tui });
  return { bin, binDir, entries };
}

for (const [rpc, rpcError, timeout] of [
  ['unsupported', 'not_supported', null],
  ['hang-rate-limits', 'timeout', '3'],
] as const) {
  test(`auto: when rpc reports ${rpcError}, the chain reaches pty and pty answers`, async () => {
    const chain = chainDouble(rpc, 'credits');
    const run = await runQuotabar(
      ['usage', '--json', '--codex-home', join(home, '.codex'), '--codex-bin', chain.bin, ...(timeout ? ['--timeout', timeout] : [])],
      cliEnv(),
    );
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    const attempts = json.attempts as Array<{ source: string; ok: boolean; error: { code: string } | null }>;
    assert.deepEqual(
      attempts.map((a) => [a.source, a.error?.code ?? 'ok']),
      [
        ['oauth', 'not_logged_in'],
        ['rpc', rpcError],
        ['pty', 'ok'],
      ],
    );
    assert.equal(json.source, 'pty');
    assert.deepEqual(json.sources, ['pty']);
    const resets = chain.entries().find((e) => e.card === 1)?.resets as string[];
    assert.deepEqual(json.session, win(45, 300, resets[0]));
    assert.deepEqual(json.weekly, win(30, 10080, resets[1]));
    const leftovers = await waitForNoProcesses(chain.binDir);
    assert.deepEqual(leftovers, [], 'neither the app-server nor the TUI is left running');
  });
}
