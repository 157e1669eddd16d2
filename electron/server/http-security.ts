// The checks every `quotabar serve` request passes: bearer token (when one is set), Host (against
// DNS rebinding while on loopback), same origin, and which settings HTTP may change. Pure functions.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1, ::ffff:127.x, and "localhost" are loopback; everything else needs a token. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Constant-time comparison of `Authorization: Bearer …` against the expected token. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  if (authorization === undefined) return false;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (match?.[1] === undefined) return false;
  // Hashing first makes the comparison constant-time in the length too.
  const given = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

/**
 * While bound to loopback the only legitimate Host values name loopback; anything else is a page on
 * another site that re-pointed its DNS name at 127.0.0.1 to read the API (DNS rebinding).
 */
export function hostHeaderAllowed(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined || hostHeader === '') return false;
  const host = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return isLoopbackHost(host);
}

/**
 * A request is accepted only from the page itself or from a non-browser client: a browser sends
 * Origin on every cross-origin fetch and on every write, and it must be this server's own origin;
 * Sec-Fetch-Site, when sent, must say same-origin (or none: typed in, a bookmark, the printed link).
 */
export function sameOriginRequest(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

/**
 * Settings that name a program, a folder or a host (interface §5): whoever can change them makes
 * QuotaBar run a program or read and send files, so they are never changed over HTTP, with any token.
 */
export const SETTINGS_FIXED_OVER_HTTP = ['codexBinaryPath', 'accounts', 'importAccounts'] as const;

/** The keys of a settings patch that only the app or the settings file may change. */
export function settingsFixedOverHttp(patch: unknown): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return [];
  return SETTINGS_FIXED_OVER_HTTP.filter((key) => Object.prototype.hasOwnProperty.call(patch, key));
}

/** Response headers that apply to everything served. */
export const BASE_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), clipboard-write=(self)',
};

/** The page's policy: nothing but its own files and its own API; no inline script, no framing. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
