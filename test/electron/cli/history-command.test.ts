import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../electron/cli/main.js';
import type { CliIo } from '../../../electron/cli/cli-io.js';
import { historyPath, openHistoryStore } from '../../../electron/core/history/history-store.js';
import { tempDir } from '../../helpers/codex-home-fixture.js';
import { DAY, H, historyReport, iso } from '../core/history/history-reports.js';

const NOW = Date.parse('2033-01-01T00:00:00.000Z');

async function run(args: string[], quotabarHome: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { QUOTABAR_HOME: quotabarHome, HOME: quotabarHome },
    now: () => new Date(NOW),
  };
  const code = await runCli(['history', ...args], io);
  return { code, stdout, stderr };
}

/** Two accounts: one with a session reset and an early weekly reset inside the last day, one seen 3 days ago. */
function handMadeHistory(home: string): void {
  const store = openHistoryStore({ path: historyPath(home), warn: (m) => assert.fail(m) });
  const R1 = NOW - 10 * H;
  const W1 = NOW + 2 * DAY;
  store.record(historyReport(NOW - 20 * H, { session: 30, sessionResetsAt: R1, weekly: 60, weeklyResetsAt: W1 }));
  store.record(historyReport(NOW - 19 * H, { session: 30, sessionResetsAt: R1, weekly: 60, weeklyResetsAt: W1 })); // unchanged
  store.record(historyReport(NOW - 11 * H, { session: 95, sessionResetsAt: R1, weekly: 70, weeklyResetsAt: W1 }));
  store.record(historyReport(NOW - 9 * H, { session: 4, sessionResetsAt: NOW - 4 * H, weekly: 1, weeklyResetsAt: NOW + 7 * DAY })); // both reset
  store.record(historyReport(NOW - 3 * DAY, { accountId: 'acc-2', email: 'b@example.com', session: 50, sessionResetsAt: NOW - 3 * DAY + H, weekly: null }));
}

test('history --json prints exactly the contract object, samples oldest first, resets by the one rule', async () => {
  const dir = tempDir('qb-history-cli-');
  try {
    handMadeHistory(dir.path);
    const { code, stdout, stderr } = await run(['--json', '--days', '1'], dir.path);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.deepEqual(JSON.parse(stdout), {
      schemaVersion: 1,
      accounts: [
        {
          accountId: 'acc-1',
          email: 'a@example.com',
          windows: [
            {
              id: 'session',
              windowMinutes: 300,
              samples: [
                { at: iso(NOW - 20 * H), usedPercent: 30, resetsAt: iso(NOW - 10 * H) },
                { at: iso(NOW - 11 * H), usedPercent: 95, resetsAt: iso(NOW - 10 * H) },
                { at: iso(NOW - 9 * H), usedPercent: 4, resetsAt: iso(NOW - 4 * H) },
              ],
              resets: [{ at: iso(NOW - 9 * H), usedPercentBefore: 95 }],
            },
            {
              id: 'weekly',
              windowMinutes: 10080,
              samples: [
                { at: iso(NOW - 20 * H), usedPercent: 60, resetsAt: iso(NOW + 2 * DAY) },
                { at: iso(NOW - 11 * H), usedPercent: 70, resetsAt: iso(NOW + 2 * DAY) },
                { at: iso(NOW - 9 * H), usedPercent: 1, resetsAt: iso(NOW + 7 * DAY) },
              ],
              resets: [{ at: iso(NOW - 9 * H), usedPercentBefore: 70 }],
            },
          ],
        },
      ],
    });
    const week = JSON.parse((await run(['--json'], dir.path)).stdout) as { accounts: Array<{ email: string }> };
    assert.deepEqual(
      week.accounts.map((a) => a.email),
      ['a@example.com', 'b@example.com'],
      'the default is 7 days',
    );
    const one = JSON.parse((await run(['--json', '--account', 'b@example.com'], dir.path)).stdout) as {
      accounts: Array<{ accountId: string; windows: unknown[] }>;
    };
    assert.deepEqual(
      one.accounts.map((a) => [a.accountId, a.windows.length]),
      [['acc-2', 1]],
    );
    const byId = JSON.parse((await run(['--json', '--account', 'acc-2'], dir.path)).stdout) as { accounts: unknown[] };
    assert.equal(byId.accounts.length, 1);
  } finally {
    dir.cleanup();
  }
});

test('history draws each window as a sparkline with its resets marked', async () => {
  const dir = tempDir('qb-history-cli-');
  try {
    handMadeHistory(dir.path);
    const { code, stdout } = await run(['--days', '1'], dir.path);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'Usage history, last 1 day (2032-12-31 00:00 UTC → now)');
    assert.equal(lines[2], 'a@example.com · acc-1');
    // 56 columns over 24 h: 20 h ago is column 9, 11 h ago column 30, the reset 9 h ago column 35.
    const session = lines.find((l) => l.startsWith('  Session'))!;
    assert.equal(session, `  Session       ${' '.repeat(9)}${'▃'.repeat(21)}${'█'.repeat(5)}${'▁'.repeat(21)}    4% used`);
    const marker = lines[lines.indexOf(session) + 1]!;
    assert.equal(marker.indexOf('↑'), 16 + 35);
    assert.ok(lines.includes('                ↑ reset 2032-12-31 15:00 UTC (was 95% used)'));
  } finally {
    dir.cleanup();
  }
});

test('bad --days is exit 64 with a message', async () => {
  const dir = tempDir('qb-history-cli-');
  try {
    const { code, stderr } = await run(['--days', 'soon'], dir.path);
    assert.equal(code, 64);
    assert.match(stderr, /--days takes a positive number of days, not "soon"/);
  } finally {
    dir.cleanup();
  }
});
