// The secret of one `quotabar serve` launch (interface §5): printed once as `/?token=…`, traded for an
// HttpOnly, SameSite=Strict cookie, and required for every request that changes anything while the
// server runs on loopback without a --token. Another local user or process can read the API, but
// cannot change settings, store a Cookie header or start refreshes on demand without it.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { registerSecret } from '../core/util/secret-registry.js';

export interface LaunchSecret {
  readonly value: string;
  /** Cookies ignore the port, so two servers on one machine each get their own cookie name. */
  readonly cookieName: string;
}

/** 192 random bits, URL-safe. */
export function newSecretValue(): string {
  return randomBytes(24).toString('base64url');
}

export function createLaunchSecret(port: number, value: string): LaunchSecret {
  registerSecret(value);
  return { value, cookieName: `quotabar_secret_${port}` };
}

/** Constant-time, and constant in the length too (both sides hashed first). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The request carries this launch's secret: as the cookie the page got, or as a bearer token (scripts). */
export function carriesLaunchSecret(headers: IncomingHttpHeaders, secret: LaunchSecret): boolean {
  if (sameSecret(cookieValue(headers.cookie, secret.cookieName), secret.value)) return true;
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  return sameSecret(bearer, secret.value);
}

/** Set on the 303 that follows `/?token=…`: readable by no script, sent by no other site. */
export function launchCookieHeader(secret: LaunchSecret): string {
  return `${secret.cookieName}=${secret.value}; HttpOnly; SameSite=Strict; Path=/`;
}
