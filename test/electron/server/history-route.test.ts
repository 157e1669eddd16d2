import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryStore } from '../../../electron/core/history/history-store.js';
import { startFixtureServe } from '../../renderer/fixture-serve.js';
import { costReport, FIXTURE_NOW, plusReport } from '../../renderer/popover-fixtures.js';

test('GET /api/history is the `quotabar history --json` object, and a recorded refresh sends an SSE history event', async () => {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-history-route-'));
  const history = openHistoryStore({ path: join(home, 'history.sqlite'), warn: (m) => assert.fail(m) });
  const later = { ...plusReport(), fetchedAt: new Date(FIXTURE_NOW.getTime() + 60_000).toISOString(), session: { ...plusReport().session!, usedPercent: 64 } };
  const serve = await startFixtureServe({ usage: [plusReport(), later], cost: costReport(), history, now: () => FIXTURE_NOW });
  try {
    const response = await fetch(`${serve.url}api/history`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as unknown;
    assert.deepEqual(body, serve.controller.getHistory());
    assert.deepEqual(
      (body as { accounts: Array<{ windows: Array<{ id: string; samples: unknown[] }> }> }).accounts[0]!.windows.map((w) => [w.id, w.samples.length]),
      [
        ['session', 1],
        ['weekly', 1],
      ],
    );
    assert.equal((await fetch(`${serve.url}api/history?days=soon`)).status, 400);
    assert.deepEqual(await (await fetch(`${serve.url}api/history?account=nobody`)).json(), { schemaVersion: 1, accounts: [] });

    const abort = new AbortController();
    const events = await fetch(`${serve.url}api/events`, { signal: abort.signal });
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const refreshed = serve.controller.refresh();
    while (!/event: history\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended before the history event');
      text += value;
    }
    await refreshed;
    const data = JSON.parse(/event: history\ndata: (.*)\n\n/.exec(text)![1]!) as {
      accounts: Array<{ windows: Array<{ id: string; samples: Array<{ usedPercent: number }> }> }>;
    };
    assert.deepEqual(
      data.accounts[0]!.windows.find((w) => w.id === 'session')!.samples.map((s) => s.usedPercent),
      [plusReport().session!.usedPercent, 64],
    );
    abort.abort();
  } finally {
    await serve.close();
    rmSync(home, { recursive: true, force: true });
  }
});
