import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { fetchChatgptSession, parseSession } from '../../../../../electron/core/usage/web/chatgpt-session-client.js';
import { scrubSecrets } from '../../../../../electron/core/util/secret-registry.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';
import { startBackendDouble } from '../../../../doubles/chatgpt-backend-double.js';
import { canary } from '../../../../helpers/codex-home-fixture.js';

async function serve(t: TestContext, status: number, type: string, body: string): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a signed-in session gives the email and an access token that is registered as a secret', async (t) => {
  const session = { cookieName: '__Secure-next-auth.session-token', cookieValue: canary(), email: 'web@example.com', accessToken: canary() };
  const double = await startBackendDouble({ scenario: 'plus', accessToken: canary(), accountId: null, session });
  t.after(() => double.close());
  const got = await fetchChatgptSession({
    origin: double.origin,
    cookieHeader: `a=b; ${session.cookieName}=${session.cookieValue}`,
    timeoutMs: 5000,
    from: 'Chrome',
  });
  assert.equal(got?.email, 'web@example.com');
  assert.equal(got?.accessToken, session.accessToken);
  assert.equal(scrubSecrets(`t=${session.accessToken}`), 't=[redacted]');
  assert.equal(await fetchChatgptSession({ origin: double.origin, cookieHeader: 'other=1', timeoutMs: 5000, from: 'Chrome' }), null);
});

test('`{}` and a session without a token both mean signed out', () => {
  assert.equal(parseSession({}), null);
  assert.equal(parseSession({ user: { email: 'a@b.c' } }), null);
  assert.equal(parseSession([]), null);
  assert.deepEqual(parseSession({ user: { email: 'a@b.c' }, accessToken: 'tok-123456', account: { id: 'acc', planType: 'pro' } }), {
    email: 'a@b.c',
    accessToken: 'tok-123456',
    accountId: 'acc',
    plan: 'pro',
  });
});

test('a Cloudflare challenge page is bad_response telling the person to open chatgpt.com in that browser', async (t) => {
  const origin = await serve(t, 403, 'text/html', '<!DOCTYPE html><title>Just a moment...</title>');
  await assert.rejects(fetchChatgptSession({ origin, cookieHeader: 'a=b', timeoutMs: 5000, from: 'Firefox (x)' }), (e: unknown) => {
    return e instanceof SourceError && e.code === 'bad_response' && /Cloudflare/.test(e.message) && /Open chatgpt\.com in Firefox \(x\)/.test(e.message);
  });
});

test('5xx, 429 and non-JSON answers map to their contract codes', async (t) => {
  const cases: [number, string, string, string][] = [
    [502, 'application/json', '{"detail":"bad gateway"}', 'server_error'],
    [429, 'application/json', '{}', 'rate_limited'],
    [200, 'text/plain', 'upstream connect error', 'bad_response'],
  ];
  for (const [status, type, body, code] of cases) {
    const origin = await serve(t, status, type, body);
    await assert.rejects(
      fetchChatgptSession({ origin, cookieHeader: 'a=b', timeoutMs: 5000, from: 'Chrome' }),
      (e: unknown) => e instanceof SourceError && e.code === code,
    );
  }
});

test('a session endpoint that never answers is a timeout', async (t) => {
  const server = createServer(() => {
    // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await assert.rejects(
    fetchChatgptSession({ origin, cookieHeader: 'a=b', timeoutMs: 200, from: 'Chrome' }),
    (e: unknown) => e instanceof SourceError && e.code === 'timeout',
  );
});
