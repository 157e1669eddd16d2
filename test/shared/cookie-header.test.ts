import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCookieHeader } from '../../shared/cookie-header.js';

test('a pasted header loses its "Cookie:" prefix and yields its values for secret registration', () => {
  const r = checkCookieHeader('  Cookie: __Secure-next-auth.session-token=abc.def; _puid=user-xyz  ');
  assert.equal(r.ok, true);
  assert.equal(r.header, '__Secure-next-auth.session-token=abc.def; _puid=user-xyz');
  assert.deepEqual(
    r.pairs.map((p) => p.value),
    ['abc.def', 'user-xyz'],
  );
  assert.equal(r.warning, null);
});

test('a chunked session cookie counts as the session cookie', () => {
  assert.equal(checkCookieHeader('__Secure-next-auth.session-token.0=a; __Secure-next-auth.session-token.1=b').warning, null);
});

test('a header without the session cookie is stored with a warning', () => {
  const r = checkCookieHeader('foo=bar');
  assert.equal(r.ok, true);
  assert.match(r.warning ?? '', /session-token/);
});

test('what is not a single-line Cookie header is refused, and the error never repeats the value', () => {
  for (const bad of ['', 'Cookie:', 'justtext', '=value', 'a=1\nb=2', 'bad name=1', 'x'.repeat(40_000) + '=1']) {
    const r = checkCookieHeader(bad);
    assert.equal(r.ok, false, JSON.stringify(bad.slice(0, 20)));
    assert.ok(r.error && !r.error.includes('value'.repeat(2)));
    assert.deepEqual(
      r.pairs.map((p) => p.value),
      [],
    );
  }
});
