import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cookieSiteFor, SessionCookieJar } from '../../../../electron/core/web/cookie-jar.js';
import type { RawCookie } from '../../../../electron/core/web/raw-cookie.js';
import { scrubSecrets } from '../../../../electron/core/util/secret-registry.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');
const LATER = NOW.getTime() + 86_400_000;

function cookie(partial: Partial<RawCookie> & Pick<RawCookie, 'host' | 'name' | 'value'>): RawCookie {
  return { path: '/', expiresAt: LATER, secure: true, httpOnly: true, ...partial };
}

test('the header carries what a browser would send to chatgpt.com: domain and host cookies, matching paths, unexpired', () => {
  const jar = new SessionCookieJar(
    [
      cookie({ host: '.chatgpt.com', name: '__Secure-next-auth.session-token', value: 'session-abcdef' }),
      cookie({ host: 'chatgpt.com', name: '__Host-next-auth.csrf-token', value: 'csrf-123456' }),
      cookie({ host: 'chatgpt.com', name: 'scoped', value: 'only-under-api', path: '/api' }),
      cookie({ host: 'chatgpt.com', name: 'elsewhere', value: 'not-sent', path: '/backend-api' }),
      cookie({ host: '.chatgpt.com', name: 'stale', value: 'expired-cookie', expiresAt: NOW.getTime() - 1 }),
      cookie({ host: '.openai.com', name: 'openai-only', value: 'for-openai' }),
      cookie({ host: 'sub.chatgpt.com', name: 'sub', value: 'sub-only' }),
    ],
    NOW,
  );
  const header = jar.headerFor('chatgpt.com', '/api/auth/session');
  const names = header
    .split('; ')
    .map((p) => p.split('=')[0])
    .sort();
  assert.deepEqual(names, ['__Host-next-auth.csrf-token', '__Secure-next-auth.session-token', 'scoped']);
  assert.ok(header.includes('__Secure-next-auth.session-token=session-abcdef'));
  assert.equal(jar.headerFor('openai.com', '/'), 'openai-only=for-openai');
  assert.equal(jar.hasSessionCookie(), true);
  assert.equal(scrubSecrets(`sent ${header}`).includes('session-abcdef'), false, 'cookie values are registered as secrets');
});

test('a jar of analytics cookies only has no session cookie', () => {
  const jar = new SessionCookieJar([cookie({ host: '.chatgpt.com', name: 'oai-did', value: 'device-id' })], NOW);
  assert.equal(jar.size, 1);
  assert.equal(jar.hasSessionCookie(), false);
});

test('cookies go to chatgpt.com (or the configured openai/chatgpt host), whatever origin the backend has', () => {
  assert.equal(cookieSiteFor('https://chatgpt.com'), 'chatgpt.com');
  assert.equal(cookieSiteFor('https://chat.openai.com'), 'chat.openai.com');
  assert.equal(cookieSiteFor('http://127.0.0.1:4000'), 'chatgpt.com');
});
