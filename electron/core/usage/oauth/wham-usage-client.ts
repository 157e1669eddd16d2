import { SourceError } from '../../util/source-error.js';
import { fetchFailure, httpStatusError, isCloudflarePage, readBodyCapped, retryAfterOf } from '../http-errors.js';

export interface WhamUsageRequest {
  url: string;
  accessToken: string;
  accountId: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
  userAgent?: string;
  /** What errors call the endpoint (default "ChatGPT usage"). */
  what?: string;
}

const WHAT = 'ChatGPT usage';

/** A bearer token is base64url and dots (a JWT); anything else cannot go in a header and was never issued. */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

/**
 * `GET wham/usage` (or another backend endpoint read the same way, such as the reset-credit list) with
 * Codex's headers; returns the parsed JSON body or throws a SourceError.
 */
export async function fetchWhamUsage(request: WhamUsageRequest): Promise<unknown> {
  const what = request.what ?? WHAT;
  if (!TOKEN_SHAPE.test(request.accessToken)) {
    throw new SourceError('unauthorized', 'The access token QuotaBar read is malformed (it holds characters no token has). Run `codex login`, then refresh.');
  }
  const headers: Record<string, string> = {
    Authorization: `Bearer ${request.accessToken}`,
    Accept: 'application/json',
    'User-Agent': request.userAgent ?? 'QuotaBar',
  };
  if (request.accountId) headers['ChatGPT-Account-Id'] = request.accountId;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const host = new URL(request.url).host;
  let response: Response;
  let body: string;
  try {
    response = await fetch(request.url, { headers, signal, redirect: 'error', cache: 'no-store' });
    body = await readBodyCapped(response);
  } catch (error) {
    throw fetchFailure(error, what, request.timeoutMs, host);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok) throw httpStatusError(response.status, contentType, body, what, retryAfterOf(response));
  try {
    return JSON.parse(body) as unknown;
  } catch {
    if (isCloudflarePage(contentType, body)) throw httpStatusError(response.status, contentType, body, what);
    throw new SourceError('bad_response', `${what} answered with something that is not JSON. Wait a few minutes and refresh; if it persists, update QuotaBar.`);
  }
}
