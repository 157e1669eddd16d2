import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountsReport } from '../../../shared/accounts-model.js';
import { createAccountsFeed } from '../../../electron/core/accounts/accounts-feed.js';
import { startFixtureServe } from '../../renderer/fixture-serve.js';
import { costReport, plusReport } from '../../renderer/popover-fixtures.js';
import { rawRequest } from '../../helpers/raw-http.js';

function report(label: string): AccountsReport {
  return { schemaVersion: 1, accounts: [{ id: 'codex-home:1', label, origin: 'codex-home', email: 'a@example.com', usage: plusReport() }] };
}

test('GET /api/accounts serves the --all-accounts object, open on loopback, refreshed on ?refresh=1 at most every 30 s', async () => {
  let clock = 0;
  let loads = 0;
  const feed = createAccountsFeed({ now: () => clock, load: async () => report(`load ${++loads}`) });
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport(), server: { accounts: feed } });
  try {
    const get = (path: string, headers: Record<string, string> = {}) => rawRequest({ port: serve.port, path, headers });
    const first = await get('/api/accounts');
    assert.equal(first.status, 200);
    assert.deepEqual(JSON.parse(first.body), report('load 1'));
    assert.equal(JSON.parse((await get('/api/accounts?refresh=1')).body).accounts[0].label, 'load 1');
    clock = 30_000;
    assert.equal(JSON.parse((await get('/api/accounts?refresh=1')).body).accounts[0].label, 'load 2');
    assert.equal(JSON.parse((await get('/api/accounts')).body).accounts[0].label, 'load 2');
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

test('SSE clients get an accounts event with the latest report', async () => {
  const feed = createAccountsFeed({ load: async () => report('streamed') });
  await feed.refresh();
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport(), server: { accounts: feed } });
  try {
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${serve.port}/api/events`, { signal: controller.signal });
    const reader = res.body?.getReader();
    assert.ok(reader);
    let text = '';
    while (!text.includes('event: accounts')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += Buffer.from(chunk.value).toString('utf8');
    }
    controller.abort();
    assert.match(text, /event: accounts\ndata: .*"label":"streamed"/);
  } finally {
    await serve.close();
  }
});
