import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cookiesFromHeader } from '../../../../electron/core/web/cookie-header.js';
import { scrubSecrets } from '../../../../electron/core/util/secret-registry.js';
import { SourceError } from '../../../../electron/core/util/source-error.js';

test('a pasted header is read with or without its "Cookie:" prefix, as host-only chatgpt.com cookies', () => {
  const bare = cookiesFromHeader('__Secure-next-auth.session-token=pasted-value-1; oai-did=dev-9999', 'chatgpt.com');
  const prefixed = cookiesFromHeader('  cookie:  __Secure-next-auth.session-token=pasted-value-1; oai-did=dev-9999 ', 'chatgpt.com');
  assert.deepEqual(bare, prefixed);
  assert.deepEqual(
    bare.map((c) => [c.host, c.name, c.value, c.path, c.secure]),
    [
      ['chatgpt.com', '__Secure-next-auth.session-token', 'pasted-value-1', '/', true],
      ['chatgpt.com', 'oai-did', 'dev-9999', '/', true],
    ],
  );
  assert.equal(scrubSecrets('x pasted-value-1 x'), 'x [redacted] x');
});

test('a header with no name=value pairs is a bad argument that does not echo the input', () => {
  assert.throws(
    () => cookiesFromHeader('Cookie: just-some-secret-garbage', 'chatgpt.com'),
    (e: unknown) => e instanceof SourceError && e.code === 'bad_arguments' && /name=value/.test(e.message) && !e.message.includes('garbage'),
  );
  assert.throws(
    () => cookiesFromHeader('Cookie:', 'chatgpt.com'),
    (e: unknown) => e instanceof SourceError && e.code === 'bad_arguments',
  );
});
