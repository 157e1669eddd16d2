// Manual cookie mode: the `Cookie:` header a person copied from a chatgpt.com request in their
// browser's developer tools, with or without the `Cookie:` prefix.

import { checkCookieHeader } from '../../../shared/cookie-header.js';
import { registerSecret } from '../util/secret-registry.js';
import { SourceError } from '../util/source-error.js';
import type { RawCookie } from './raw-cookie.js';

/** The pasted header as host-only cookies of `site`; a header with no name=value pairs is a bad argument. */
export function cookiesFromHeader(input: string, site: string): RawCookie[] {
  const check = checkCookieHeader(input);
  for (const value of check.values) registerSecret(value);
  if (!check.ok) {
    throw new SourceError('bad_arguments', `The pasted Cookie header cannot be used: ${check.error ?? 'it is empty'}`);
  }
  registerSecret(check.header);
  const cookies: RawCookie[] = [];
  for (const part of check.header.split(';')) {
    const pair = part.trim();
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    cookies.push({
      host: site,
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      path: '/',
      expiresAt: null,
      secure: true,
      httpOnly: true,
    });
  }
  return cookies;
}
