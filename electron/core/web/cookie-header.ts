// Manual cookie mode: the `Cookie:` header a person copied from a chatgpt.com request in their
// browser's developer tools, with or without the `Cookie:` prefix.

import { checkCookieHeader, type CookieHeaderCheck } from '../../../shared/cookie-header.js';
import { registerSecret } from '../util/secret-registry.js';
import { SourceError } from '../util/source-error.js';
import type { RawCookie } from './raw-cookie.js';

/** Checks a pasted header and registers it and every cookie value in it as secrets, valid or not. */
export function checkAndRegisterCookieHeader(input: string): CookieHeaderCheck {
  const check = checkCookieHeader(input);
  registerSecret(check.ok ? check.header : input.trim());
  for (const { value } of check.pairs) registerSecret(value);
  return check;
}

/** The pasted header as host-only cookies of `site`; a header with no name=value pairs is a bad argument. */
export function cookiesFromHeader(input: string, site: string): RawCookie[] {
  const check = checkAndRegisterCookieHeader(input);
  if (!check.ok) {
    throw new SourceError('bad_arguments', `The pasted Cookie header cannot be used: ${check.error ?? 'it is empty'}`);
  }
  return check.pairs.map(({ name, value }) => ({ host: site, name, value, path: '/', expiresAt: null, secure: true, httpOnly: true }));
}
