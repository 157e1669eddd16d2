import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountsReport } from '../../../shared/accounts-model.js';
import { startFixtureServe } from '../../renderer/fixture-serve.js';
import { costReport, plusReport } from '../../renderer/popover-fixtures.js';
import { rawRequest } from '../../helpers/raw-http.js';
import { FakeClock } from '../core/scheduler/fake-clock.js';

test('GET /api/accounts serves the controller’s --all-accounts object, open on loopback, refreshed on ?refresh=1 at most every 30 s', async () => {
  const clock = new FakeClock();
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport(), refreshFirst: false, clock });
  try {
    const get = (path: string, headers: Record<string, string> = {}) => rawRequest({ port: serve.port, path, headers });
    const first = await get('/api/accounts');
    assert.equal(first.status, 200);
    const report = JSON.parse(first.body) as AccountsReport;
    assert.deepEqual(
      report.accounts.map((a) => [a.origin, a.usage]),
      [['codex-home', plusReport()]],
      'the default home, with the usage the controller fetched',
    );
    assert.equal(serve.requests.length, 1, 'the first request refreshes once');
    await get('/api/accounts?refresh=1');
    assert.equal(serve.requests.length, 1, 'a forced refresh within 30 s serves the latest');
    await clock.advance(30_000);
    await get('/api/accounts?refresh=1');
    assert.equal(serve.requests.length, 2, '30 s later one more is allowed');
    await get('/api/accounts');
    assert.equal(serve.requests.length, 2, 'a plain GET serves the latest');
    // The server's usual checks still apply to it.
    assert.equal((await get('/api/accounts', { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    assert.equal((await get('/api/accounts', { Host: 'evil.example' })).status, 421);
    assert.equal(
      (await rawRequest({ port: serve.port, path: '/api/accounts', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
      401,
    );
  } finally {
    await serve.close();
  }
});

test('SSE clients get an accounts event with the latest report, and another when an account’s usage changes', async () => {
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport() });
  try {
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${serve.port}/api/events`, { signal: controller.signal });
    const reader = res.body?.getReader();
    assert.ok(reader);
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended before ${pattern}`);
        text += Buffer.from(chunk.value).toString('utf8');
      }
    };
    await readUntil(/event: accounts\ndata: .*"usedPercent":23/);
    text = '';
    serve.setUsage({ ...plusReport(), session: { usedPercent: 61, windowMinutes: 300, resetsAt: plusReport().session?.resetsAt ?? null } });
    await serve.controller.refresh();
    await readUntil(/event: accounts\ndata: .*"usedPercent":61/);
    controller.abort();
  } finally {
    await serve.close();
  }
});
