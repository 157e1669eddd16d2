import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchUsage } from '../../../../electron/core/usage/usage-service.js';
import { realCodexHome, REAL_CODEX_BIN } from '../../../helpers/real-codex.js';

// `--source auto` with the real Codex CLI 0.171 behind rpc and pty, on a loopback backend that
// turns some callers away by their User-Agent, so the chain has to walk on to the next source.

const LIMIT = { timeout: 90_000 };

test("auto: QuotaBar's own request is refused, the real app-server answers", LIMIT, async () => {
  const f = await realCodexHome({ scenario: 'plus', backend: { rejectUserAgent: /^QuotaBar$/ } });
  try {
    const result = await fetchUsage({ source: 'auto', env: f.env, codexHome: f.codexHome, codexBin: REAL_CODEX_BIN, timeoutSeconds: 25 });
    assert.ok('session' in result, JSON.stringify(result));
    assert.equal(result.source, 'rpc');
    assert.deepEqual(
      result.attempts.map((a) => [a.source, a.ok, a.error?.code ?? null]),
      [
        ['oauth', false, 'unauthorized'],
        ['rpc', true, null],
      ],
    );
    assert.equal(result.session?.usedPercent, 23);
    f.assertUntouched();
    await f.assertNoCodexLeft();
  } finally {
    await f.close();
  }
});

test('auto: oauth and the app-server are refused, the real TUI answers through pty', LIMIT, async () => {
  // The app-server names itself after QuotaBar's client info ("quotabar/0.171.0 …"); the TUI is "codex-tui/…".
  const f = await realCodexHome({ scenario: 'plus', backend: { rejectUserAgent: /^QuotaBar$|^quotabar\// } });
  try {
    const result = await fetchUsage({ source: 'auto', env: f.env, codexHome: f.codexHome, codexBin: REAL_CODEX_BIN, timeoutSeconds: 25 });
    assert.ok('session' in result, JSON.stringify(result));
    assert.equal(result.source, 'pty');
    assert.deepEqual(
      result.attempts.map((a) => [a.source, a.ok, a.error?.code ?? null]),
      [
        ['oauth', false, 'unauthorized'],
        ['rpc', false, 'unauthorized'],
        ['pty', true, null],
      ],
    );
    assert.equal(result.session?.usedPercent, 23);
    assert.equal(result.weekly?.usedPercent, 41);
    assert.equal(result.account.plan, 'plus');
    f.assertUntouched();
    await f.assertNoCodexLeft();
  } finally {
    await f.close();
  }
});
