// The browser's QuotaBarApi, run in Node against the real server (Node has fetch and streams too).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiEvent } from '../../../shared/quotabar-api.js';
import { ApiRequestError, createHttpApiClient } from '../../../renderer/api/http-api-client.js';
import { startFixtureServe } from '../fixture-serve.js';
import { costReport, failure, plusReport } from '../popover-fixtures.js';

const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
};

/** A fetch that keeps the cookie the printed `?token=` link sets, as the browser does for the page. */
async function signedInFetch(secretUrl: string): Promise<typeof fetch> {
  const opened = await fetch(secretUrl, { redirect: 'manual' });
  assert.equal(opened.status, 303);
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Cookie: cookie } });
}

test('the client reads state, refreshes, saves settings and stores the cookie header over HTTP', async () => {
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport() });
  try {
    const api = createHttpApiClient({ baseUrl: serve.url, fetch: await signedInFetch(serve.secretUrl) });
    assert.deepEqual(await api.getAccess?.(), { canWrite: true, fixedSettings: ['codexBinaryPath', 'accounts', 'importAccounts'] });
    const state = await api.getState();
    assert.deepEqual(state.lastGoodUsage, plusReport());
    assert.equal(state.host, 'web');

    serve.setUsage(failure());
    await api.refresh();
    assert.equal(serve.requests.length, 2);
    assert.equal(serve.requests[1]?.interactive, true);

    const saved = await api.saveSettings({ display: { resetStyle: 'clock' } });
    assert.ok(saved.ok);
    assert.equal(saved.settings.display.resetStyle, 'clock');
    const refused = await api.saveSettings({ refresh: { fixedMinutes: 7 } });
    assert.equal(refused.ok, false);

    const cookie = await api.setManualCookieHeader('__Secure-next-auth.session-token=abc123456');
    assert.ok(cookie.ok);
    assert.equal((await api.getState()).manualCookieHeaderSet, true);
  } finally {
    await serve.close();
  }
});

test('without the secret link the client is read-only: saves are refused with how to open it, refresh still works', async () => {
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport() });
  try {
    const api = createHttpApiClient({ baseUrl: serve.url });
    assert.deepEqual(await api.getAccess?.(), { canWrite: false, fixedSettings: ['codexBinaryPath', 'accounts', 'importAccounts'] });
    await assert.rejects(
      api.saveSettings({ display: { resetStyle: 'clock' } }),
      (e: unknown) => e instanceof ApiRequestError && e.status === 401 && /read-only.*\?token=/.test(e.message),
    );
    await assert.rejects(api.setManualCookieHeader('a=b'), ApiRequestError);
    serve.setUsage(failure());
    await api.refresh();
    assert.equal(serve.requests.length, 2, 'a read-only refresh asks through ?refresh=1');
    assert.equal(serve.controller.getState().settings.display.resetStyle, 'countdown');
  } finally {
    await serve.close();
  }
});

test('subscribers get the state at once and every change after, over one stream', async () => {
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport() });
  try {
    const api = createHttpApiClient({ baseUrl: serve.url });
    const a: ApiEvent[] = [];
    const b: ApiEvent[] = [];
    const offA = api.subscribe((e) => a.push(e));
    const offB = api.subscribe((e) => b.push(e));
    await waitFor(() => a.some((e) => e.type === 'cost'), 'initial events');
    assert.deepEqual(
      a.map((e) => e.type),
      ['state', 'usage', 'cost'],
    );
    serve.setUsage(failure('network', 'Offline.'));
    await serve.controller.refresh();
    await waitFor(() => a.filter((e) => e.type === 'state').length === 2, 'the end of the refresh');
    assert.deepEqual(
      a.slice(3).map((e) => e.type),
      ['refreshing', 'usage', 'state'],
      'a refresh: its start, the new usage, and one state when it ends',
    );
    const usage = a.filter((e) => e.type === 'usage').at(-1);
    assert.ok(usage?.type === 'usage' && 'error' in usage.usage && usage.usage.error.code === 'network');
    assert.deepEqual(
      b.map((e) => e.type),
      a.map((e) => e.type),
    );
    offA();
    offB();
  } finally {
    await serve.close();
  }
});

test('the stream reconnects after the server goes away and comes back', async () => {
  const first = await startFixtureServe({ usage: [plusReport()], cost: costReport() });
  const api = createHttpApiClient({ baseUrl: first.url, retryDelaysMs: [20] });
  const events: ApiEvent[] = [];
  const off = api.subscribe((e) => events.push(e));
  let second: Awaited<ReturnType<typeof startFixtureServe>> | null = null;
  try {
    await waitFor(() => events.length === 3, 'first connection');
    await first.close();
    second = await startFixtureServe({ usage: [failure('network', 'Back, but offline.')], cost: costReport(), server: { port: first.port } });
    await waitFor(() => events.length >= 6, 'events again after reconnecting');
    const usage = events.filter((e) => e.type === 'usage').at(-1);
    assert.ok(usage?.type === 'usage' && 'error' in usage.usage && usage.usage.error.message === 'Back, but offline.');
  } finally {
    off();
    await second?.close();
  }
});

test('without the bearer token a token-protected server gives a clear 401 error', async () => {
  const token = 'tok-0a1b2c3d4e5f';
  const serve = await startFixtureServe({ usage: [plusReport()], cost: costReport(), server: { token } });
  try {
    const withHeader: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: `Bearer ${token}` } });
    const good = createHttpApiClient({ baseUrl: serve.url, fetch: withHeader });
    assert.equal((await good.getState()).host, 'web');
    const bad = createHttpApiClient({ baseUrl: serve.url });
    await assert.rejects(bad.getState(), (e: unknown) => e instanceof ApiRequestError && e.status === 401 && /requires Authorization: Bearer/.test(e.message));
  } finally {
    await serve.close();
  }
});

test('an unreachable server is a clear error, not a crash', async () => {
  const api = createHttpApiClient({ baseUrl: 'http://127.0.0.1:9' });
  await assert.rejects(api.getState(), /QuotaBar is not reachable/);
});
