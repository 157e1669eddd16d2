// `GET <origin>/api/auth/session` with a browser's chatgpt.com cookies: the NextAuth session
// endpoint answers with the signed-in user and a short-lived access token, or `{}` when the
// cookies are signed out or expired.

import { registerSecret } from '../../util/secret-registry.js';
import { SourceError } from '../../util/source-error.js';
import { fetchFailure, httpStatusError, isCloudflarePage, readBodyCapped, retryAfterOf } from '../http-errors.js';

export interface ChatgptSession {
  email: string | null;
  accessToken: string;
  accountId: string | null;
  plan: string | null;
}

export interface SessionRequest {
  origin: string;
  cookieHeader: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Names the cookies' source in messages, e.g. "Chrome (Default)". */
  from: string;
}

export const SESSION_PATH = '/api/auth/session';
const WHAT = 'chatgpt.com (web session)';

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Pure: the session JSON to a session, or null for a signed-out (`{}`) answer. */
export function parseSession(body: unknown): ChatgptSession | null {
  const obj = record(body);
  if (obj === null) return null;
  const accessToken = text(obj.accessToken);
  if (accessToken === null) return null;
  registerSecret(accessToken);
  const user = record(obj.user);
  const account = record(obj.account);
  return {
    email: text(user?.email),
    accessToken,
    accountId: text(account?.id),
    plan: text(account?.planType) ?? text(account?.plan_type),
  };
}

/** The session for these cookies, null when they are signed out, or a SourceError for anything else. */
export async function fetchChatgptSession(request: SessionRequest): Promise<ChatgptSession | null> {
  const url = `${request.origin}${SESSION_PATH}`;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      headers: { Cookie: request.cookieHeader, Accept: 'application/json', 'User-Agent': 'QuotaBar' },
      signal,
      redirect: 'manual',
      cache: 'no-store',
    });
    body = await readBodyCapped(response, 1024 * 1024);
  } catch (error) {
    throw fetchFailure(error, WHAT, request.timeoutMs, new URL(url).host);
  }
  const contentType = response.headers.get('content-type') ?? '';
  const cloudflare = (): SourceError =>
    new SourceError(
      'bad_response',
      `chatgpt.com answered the session check with a web page (HTTP ${response.status}, likely a Cloudflare check) instead of data. ` +
        `Open chatgpt.com in ${request.from} once, then refresh; or paste a fresh Cookie header.`,
    );
  if (response.status >= 300 && response.status < 400) return null;
  if (response.status === 401 || response.status === 403) {
    if (isCloudflarePage(contentType, body)) throw cloudflare();
    return null;
  }
  if (!response.ok) throw httpStatusError(response.status, contentType, body, WHAT, retryAfterOf(response));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    if (isCloudflarePage(contentType, body)) throw cloudflare();
    throw new SourceError('bad_response', `${WHAT} answered with something that is not JSON. Wait a few minutes and refresh; if it persists, update QuotaBar.`);
  }
  return parseSession(json);
}
