import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UsageSnapshot, UsageWindow } from '../../../../../shared/usage-model.js';
import { ptySource } from '../../../../../electron/core/usage/pty/pty-source.js';
import { TerminalScreen } from '../../../../../electron/core/usage/pty/terminal-screen.js';
import { driveStatus } from '../../../../../electron/core/usage/pty/tui-driver.js';
import { rpcSource } from '../../../../../electron/core/usage/rpc/rpc-source.js';
import { buildContext } from '../../../../../electron/core/usage/usage-service.js';
import { silentLogger } from '../../../../../electron/core/util/logger.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';
import { scenarioBody, type BackendScenario } from '../../../../doubles/chatgpt-backend-double.js';
import { realCodexHome, REAL_CODEX_BIN, requestedPaths, type RealCodexHome } from '../../../../helpers/real-codex.js';

// The pty source against the real Codex CLI 0.171 (offline, on a loopback backend): it reads what
// the app-server reads for the same account, asks and changes nothing, and leaves nothing running.
// Each test starts the real CLI once or twice (a cold start takes seconds): keep them few.

const LIMIT = { timeout: 90_000 };

function context(f: RealCodexHome, source: 'pty' | 'rpc') {
  return buildContext({ source, env: f.env, codexHome: f.codexHome, codexBin: REAL_CODEX_BIN, timeoutSeconds: 25 });
}

/** /status prints reset times to the minute (truncated). */
function toMinute(iso: string | null): string | null {
  return iso === null ? null : `${iso.slice(0, 16)}:00.000Z`;
}

function sameWindow(pty: UsageWindow | null, rpc: UsageWindow | null, what: string): void {
  assert.deepEqual(pty, rpc === null ? null : { ...rpc, resetsAt: toMinute(rpc.resetsAt) }, what);
}

/** What the pty source reads equals what the app-server reads, up to what the card cannot show. */
function assertSameAsRpc(pty: UsageSnapshot, rpc: UsageSnapshot): void {
  assert.equal(pty.account.email, rpc.account.email);
  assert.equal(pty.account.plan, rpc.account.plan);
  sameWindow(pty.session, rpc.session, 'session');
  sameWindow(pty.weekly, rpc.weekly, 'weekly');
  assert.deepEqual(
    pty.extraWindows.map((w) => [w.id, w.usedPercent, w.resetsAt]),
    rpc.extraWindows.map((w) => [w.id, w.usedPercent, toMinute(w.resetsAt)]),
  );
  for (const w of pty.extraWindows) {
    const twin = rpc.extraWindows.find((r) => r.id === w.id);
    // A window whose length has no name on the card ("codex_other Usage limit") has no length there.
    if (w.windowMinutes !== null) assert.equal(w.windowMinutes, twin?.windowMinutes, w.id);
  }
  // The card shows whole credits, so pty says its balance is approximate. Without credits it has no row:
  // both say hasCredits false, and pty, which saw no number, gives no balance.
  const credits =
    rpc.credits?.hasCredits === true && rpc.credits.balance !== null
      ? { ...rpc.credits, balance: Math.round(rpc.credits.balance), approximate: true }
      : rpc.credits === null
        ? null
        : { ...rpc.credits, balance: null };
  assert.deepEqual(pty.credits, credits);
}

async function afterRun(f: RealCodexHome): Promise<void> {
  try {
    f.assertUntouched();
    await f.assertNoCodexLeft();
    // Everything the CLI asked for went to the loopback backend, under its base URL.
    for (const path of requestedPaths(f.backend)) assert.match(path, /^(GET|POST) \/backend-api\//);
  } finally {
    await f.close();
  }
}

for (const [scenario, plan] of [
  ['plus', 'plus'],
  ['pro-spark-review', 'pro'],
] as Array<[BackendScenario, string]>) {
  test(`real Codex, ${scenario}: pty reads the same percents, reset minutes, credits and plan as rpc`, LIMIT, async () => {
    // One instant for both reads, so both see the same reset times.
    const frozen = Date.now();
    const f = await realCodexHome({ scenario, plan, email: `${plan}@example.org`, backend: { now: () => frozen } });
    try {
      const rpc = await rpcSource.fetch(context(f, 'rpc'));
      const pty = await ptySource.fetch(context(f, 'pty'));
      assertSameAsRpc(pty, rpc);
      assert.equal(pty.account.plan, plan);
      if (scenario === 'pro-spark-review') {
        assert.deepEqual(
          pty.extraWindows.map((w) => w.id).filter((id) => id.startsWith('codex-spark')),
          ['codex-spark-session', 'codex-spark-weekly'],
        );
      }
    } finally {
      await afterRun(f);
    }
  });
}

test('real Codex, free weekly-only plan: no session, the weekly window as the backend sent it', LIMIT, async () => {
  const frozen = Date.now();
  const f = await realCodexHome({ scenario: 'free-weekly-only', plan: 'free', backend: { now: () => frozen } });
  try {
    const pty = await ptySource.fetch(context(f, 'pty'));
    const body = scenarioBody('free-weekly-only', Math.floor(frozen / 1000)) as { rate_limit: { primary_window: { used_percent: number; reset_at: number } } };
    assert.equal(pty.session, null);
    assert.deepEqual(pty.weekly, {
      usedPercent: body.rate_limit.primary_window.used_percent,
      windowMinutes: 10080,
      resetsAt: toMinute(new Date(body.rate_limit.primary_window.reset_at * 1000).toISOString()),
    });
    assert.equal(pty.account.plan, 'free');
  } finally {
    await afterRun(f);
  }
});

test('real Codex, slow start in a git-repository home: /status is waited for, no trust question, nothing written', LIMIT, async () => {
  // Codex's start-up waits for its routing discovery; held back 5 s it is a slow cold start.
  const f = await realCodexHome({ scenario: 'plus', backend: { accountsCheckDelayMs: 5000 } });
  try {
    execFileSync('git', ['init', '-q', f.home]);
    const pty = await ptySource.fetch(context(f, 'pty'));
    assert.equal(pty.session?.usedPercent, 23);
    assert.equal(pty.weekly?.usedPercent, 41);
  } finally {
    await afterRun(f);
  }
});

test('real Codex started in a git repository asks "Trust this folder?": the driver stops and answers nothing', LIMIT, async () => {
  const f = await realCodexHome({ scenario: 'plus' });
  const repo = join(f.root.path, 'repo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo]);
  const screen = TerminalScreen.open({
    command: REAL_CODEX_BIN,
    args: ['--no-daemon', '-p', 'quotabar-trust-test', '-c', 'check_for_update_on_startup=false'],
    env: { ...f.env, CODEX_HOME: f.codexHome, TERM: 'xterm-256color' },
    cwd: repo,
    cols: 160,
    rows: 50,
  });
  try {
    const error = await driveStatus({
      terminal: screen,
      deadline: Date.now() + 20_000,
      budgetMs: 20_000,
      acceptPartial: false,
      now: () => new Date(),
      logger: silentLogger,
    }).then(
      () => assert.fail('the trust question must stop the probe'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SourceError);
    assert.equal(error.code, 'not_supported');
    assert.match(error.message, /trust/i);
  } finally {
    await screen.close();
  }
  try {
    assert.doesNotMatch(readFileSync(join(f.codexHome, 'config.toml'), 'utf8'), /trust_level/);
    // This run used a profile of its own name; the source removes its profile file, this test does so here.
    execFileSync('rm', ['-f', join(f.codexHome, 'quotabar-trust-test.config.toml')]);
  } finally {
    await afterRun(f);
  }
});
