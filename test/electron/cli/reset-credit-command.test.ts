import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../electron/cli/main.js';
import type { CliIo, Input } from '../../../electron/cli/cli-io.js';
import { writeCodexDouble } from '../../helpers/codex-double-bin.js';
import { realCodexHome, REAL_CODEX_BIN, type RealCodexHome } from '../../helpers/real-codex.js';
import { runQuotabar } from '../../helpers/run-cli.js';

// `quotabar reset-credit use` as a person and a script run it, with the real Codex CLI on the
// loopback backend double: nothing is spent without a confirmation, and each outcome has its exit code.

const LIMIT = { timeout: 90_000 };
const DAY = 86_400;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Terminal {
  input: Input;
  /** Called once the question is on the screen. */
  onAsk(): void;
}

/** A terminal that answers `answer` (null: the input ends) once the question has been asked. */
function terminal(answer: string | null): Terminal {
  const stream = new PassThrough();
  return {
    input: Object.assign(stream, { isTTY: true }),
    onAsk: () => void (answer === null ? stream.end() : stream.end(`${answer}\n`)),
  };
}

async function run(f: RealCodexHome, args: string[], stdin?: Terminal, codexBin = REAL_CODEX_BIN): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: {
      write: (t: string) => {
        stderr += t;
        if (/\[y\/N\] $/.test(t)) stdin?.onAsk();
      },
    },
    env: f.env,
    ...(stdin ? { stdin: stdin.input } : {}),
  };
  const code = await runCli(['reset-credit', 'use', '--codex-home', f.codexHome, '--codex-bin', codexBin, '--timeout', '25', ...args], io);
  return { code, stdout, stderr };
}

async function withCodex(available: number, body: (f: RealCodexHome) => Promise<void>): Promise<void> {
  const nowSec = Math.floor(Date.now() / 1000);
  const credits = Array.from({ length: available }, (_, i) => ({
    id: `rc-${i}`,
    status: 'available' as const,
    grantedAt: nowSec - DAY,
    expiresAt: nowSec + (3 + i) * DAY + 3600,
  }));
  const f = await realCodexHome({ scenario: 'plus', backend: { resetCredits: { credits } } });
  try {
    await body(f);
    f.assertUntouched();
    await f.assertNoCodexLeft();
  } finally {
    await f.close();
  }
}

test('without a terminal and without --yes nothing is read or spent: exit 64 with the reason', LIMIT, async () => {
  await withCodex(2, async (f) => {
    const result = await runQuotabar(['reset-credit', 'use', '--codex-home', f.codexHome, '--codex-bin', REAL_CODEX_BIN], f.env);
    assert.equal(result.code, 64, result.stderr);
    assert.match(result.stderr, /no terminal to ask on\. Add --yes to confirm/);
    assert.equal(result.stdout, '');
    assert.deepEqual(f.backend.requests, [], 'the backend is not even asked');
  });
});

test('on a terminal the question names both windows with their % left; "y" spends exactly one credit', LIMIT, async () => {
  await withCodex(2, async (f) => {
    const result = await run(f, [], terminal('y'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /You have 2 \(next expires in 3 days\) reset credit\(s\)\. Using one resets the Codex limits of a@example\.org:/);
    assert.match(result.stderr, /Session \(5h\): 77% left \(resets in /);
    assert.match(result.stderr, /Weekly: 59% left \(resets in /);
    assert.match(result.stderr, /Use one reset credit now\? \[y\/N\] $/);
    assert.equal(result.stdout, 'Done: one reset credit was used and your Codex limits were reset.\n');
    assert.equal(f.backend.consumes.length, 1);
    const key = (f.backend.consumes[0]?.body as { redeem_request_id: string }).redeem_request_id;
    assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID v4 per confirmed action');
  });
});

test('on a terminal anything but yes (or the end of input) cancels and spends nothing', LIMIT, async () => {
  await withCodex(2, async (f) => {
    for (const answer of ['n', '', 'maybe', null]) {
      const result = await run(f, [], terminal(answer));
      assert.equal(result.code, 1, `${answer}: ${result.stderr}`);
      assert.match(result.stderr, /Cancelled: no reset credit was used\./);
    }
    assert.equal(f.backend.consumes.length, 0);
  });
});

test('--yes --json: one JSON object with the outcome and the request id the backend saw', LIMIT, async () => {
  await withCodex(1, async (f) => {
    const result = await run(f, ['--yes', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const body = JSON.parse(result.stdout) as { schemaVersion: number; outcome: string; requestId: string };
    assert.equal(body.schemaVersion, 1);
    assert.equal(body.outcome, 'reset');
    assert.deepEqual(
      f.backend.consumes.map((c) => c.body),
      [{ redeem_request_id: body.requestId }],
    );
    // The same request again: nothing more is spent, and the exit code says it was already done.
    const again = await run(f, ['--yes', '--request-id', body.requestId]);
    assert.equal(again.code, 7, 'the count read first is 0 now: no credit, without asking the backend to spend one');
    assert.equal(f.backend.consumes.length, 1);
  });
});

test('--request-id of an attempt that went through: already_redeemed, exit 8', LIMIT, async () => {
  await withCodex(2, async (f) => {
    const first = await run(f, ['--yes', '--json']);
    const { requestId } = JSON.parse(first.stdout) as { requestId: string };
    const again = await run(f, ['--yes', '--request-id', requestId]);
    assert.equal(again.code, 8, again.stderr);
    assert.match(again.stdout, /already done by an earlier attempt/);
    assert.deepEqual(
      f.backend.consumes.map((c) => c.code),
      ['reset', 'already_redeemed'],
    );
  });
});

test('no credit left: exit 7 and the backend is never asked to spend one', LIMIT, async () => {
  await withCodex(0, async (f) => {
    const result = await run(f, ['--yes']);
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stdout, /No reset credit is available/);
    assert.equal(f.backend.consumes.length, 0);
  });
});

test('bad arguments: exit 64 before anything runs', LIMIT, async () => {
  await withCodex(1, async (f) => {
    for (const args of [
      ['--yes', '--request-id', 'not-a-uuid'],
      ['--yes', '--credit', ' '],
      ['--yes', '--window', 'session'],
    ]) {
      const result = await run(f, args);
      assert.equal(result.code, 64, `${args.join(' ')}: ${result.stderr}`);
    }
    let stderr = '';
    const code = await runCli(['reset-credit', 'spend'], { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, env: f.env });
    assert.equal(code, 64);
    assert.match(stderr, /the only action is `use`/);
    assert.deepEqual(f.backend.requests, []);
  });
});

test('a Codex CLI without the consume method: "needs a newer codex", nothing spent', LIMIT, async () => {
  await withCodex(1, async (f) => {
    const old = writeCodexDouble(join(f.root.path, 'old-codex'), { CODEX_DOUBLE_RPC: 'normal' });
    const result = await run(f, ['--yes'], undefined, old);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /This Codex CLI version cannot use reset credits \(needs a newer codex\)/);
    assert.equal(f.backend.consumes.length, 0);
  });
});
