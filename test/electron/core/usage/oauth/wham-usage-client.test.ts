// The oauth client against a real HTTP server on 127.0.0.1 that answers wrongly in ways a proxy, a
// captive portal or a damaged auth.json produce: each gets its own cause, never "check your internet".

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchWhamUsage } from '../../../../../electron/core/usage/oauth/wham-usage-client.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';

let server: Server;
let base = '';
let requests = 0;

before(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.url === '/redirect/wham/usage') {
      res.writeHead(302, { location: 'http://127.0.0.1:9/login' }).end();
    } else if (req.url === '/gzip-garbage/wham/usage') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('this is not gzip at all');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"plan_type":"plus"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(path: string, accessToken = 'header.payload.signature'): Promise<SourceError> {
  try {
    await fetchWhamUsage({ url: `${base}${path}`, accessToken, accountId: 'acc-1', timeoutMs: 5000 });
  } catch (error) {
    assert.ok(error instanceof SourceError, String(error));
    return error;
  }
  assert.fail(`${path} did not fail`);
}

test('a well-formed answer is returned as JSON', async () => {
  assert.deepEqual(await fetchWhamUsage({ url: `${base}/ok/wham/usage`, accessToken: 'a.b.c', accountId: null, timeoutMs: 5000 }), { plan_type: 'plus' });
});

test('a redirect is an unreadable answer that points at the base URL or a proxy, not a network error', async () => {
  const error = await failure('/redirect/wham/usage');
  assert.equal(error.code, 'bad_response');
  assert.match(error.message, /redirect/);
  assert.match(error.message, /chatgpt_base_url/);
});

test('a body that claims gzip but is not is an unreadable answer naming the decoding error', async () => {
  const error = await failure('/gzip-garbage/wham/usage');
  assert.equal(error.code, 'bad_response');
  assert.match(error.message, /could not be decoded \(Z_DATA_ERROR\)/);
});

test('a malformed token is a sign-in problem, says to log in again, and is never sent nor echoed', async () => {
  const before = requests;
  for (const token of ['abc\ndef-canary', 'tök€n-canary', '']) {
    const error = await failure('/ok/wham/usage', token);
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /codex login/);
    assert.doesNotMatch(error.message, /canary/);
  }
  assert.equal(requests, before, 'nothing reached the server');
});
