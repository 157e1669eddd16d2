import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackendDouble } from '../../doubles/chatgpt-backend-double.js';
import { writeCodexDouble } from '../../helpers/codex-double-bin.js';
import { canary, tempDir, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';
import { runQuotabar } from '../../helpers/run-cli.js';

const dir = tempDir('quotabar-doctor-');
after(() => dir.cleanup());

test('doctor reports each source and what it depends on, exiting 0 when one works', async () => {
  const marker = canary();
  const codexHome = join(dir.path, 'ok', '.codex');
  const auth = writeChatgptAuth(codexHome, { marker, email: 'doc@example.com', exp: Math.floor(Date.now() / 1000) + 7200 });
  mkdirSync(join(codexHome, 'sessions', '2026', '11', '21'), { recursive: true });
  writeFileSync(join(codexHome, 'sessions', '2026', '11', '21', 'rollout-a.jsonl'), '');
  const backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123' });
  try {
    const bin = writeCodexDouble(join(dir.path, 'bin'), { CODEX_DOUBLE_RPC: 'normal', CODEX_DOUBLE_TUI: 'credits-and-limits' });
    const run = await runQuotabar(['doctor', '--json', '--codex-home', codexHome, '--codex-bin', bin, '--timeout', '5'], {
      HOME: join(dir.path, 'ok'),
      QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl,
    });
    assert.equal(run.code, 0);
    assert.ok(!run.stdout.includes(marker) && !run.stderr.includes(marker));
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    const byName = new Map(report.checks.map((c) => [c.name, c]));
    assert.equal(report.ok, true);
    assert.match(byName.get('auth.json')?.detail ?? '', /ChatGPT login as doc@example\.com \(plus\); access token expires in (1h 5\dm|2h)/);
    assert.match(byName.get('codex binary')?.detail ?? '', /codex-cli 0\.200\.0/);
    assert.equal(byName.get('session logs')?.detail, '1 session files for `quotabar cost`');
    assert.equal(byName.get('source oauth')?.ok, true);
    assert.equal(byName.get('source rpc')?.ok, true);
  } finally {
    await backend.close();
  }
});

test('doctor says what to do when nothing works, and exits 1', async () => {
  const home = join(dir.path, 'empty');
  const run = await runQuotabar(['doctor', '--codex-home', join(home, '.codex')], { HOME: home, PATH: '/nonexistent' });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /✗ auth\.json {6}.*does not exist\n.*→ Run `codex login`/);
  assert.match(run.stdout, /✗ codex binary {3}not found\n.*→ The Codex CLI \(`codex`\) was not found on PATH/);
  assert.match(run.stdout, /No usage source works yet/);
});
