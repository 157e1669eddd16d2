import { SourceError } from '../util/source-error.js';

// Turns fetch failures and HTTP answers into contract error codes with messages that say what to do.

export function isCloudflarePage(contentType: string, body: string): boolean {
  const head = body.slice(0, 4096).toLowerCase();
  return (
    contentType.includes('text/html') ||
    head.trimStart().startsWith('<') ||
    head.includes('cf-ray') ||
    head.includes('just a moment') ||
    head.includes('cloudflare')
  );
}

/** The longest `Retry-After` honoured: a wrong or hostile header cannot stop refreshes for days. */
export const MAX_RETRY_AFTER_SECONDS = 6 * 60 * 60;

/**
 * A `Retry-After` header (delay-seconds or an HTTP date, RFC 9110 §10.2.3) to whole seconds from `now`,
 * capped at MAX_RETRY_AFTER_SECONDS; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  let seconds: number;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    const at = Date.parse(text);
    if (!/[a-z]/i.test(text) || Number.isNaN(at)) return undefined;
    seconds = Math.ceil((at - now.getTime()) / 1000);
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, seconds));
}

/** The `Retry-After` of an answer; an HTTP date is read against the answer's own `Date` (no local clock). */
export function retryAfterOf(response: Response): number | undefined {
  const date = Date.parse(response.headers.get('date') ?? '');
  return parseRetryAfter(response.headers.get('retry-after'), Number.isNaN(date) ? new Date() : new Date(date));
}

/**
 * A non-2xx answer to an error. `what` names the call for the message, e.g. "ChatGPT usage";
 * `retryAfterSeconds` is the answer's parsed `Retry-After`, kept on a 429 so nothing asks again sooner.
 */
export function httpStatusError(status: number, contentType: string, body: string, what: string, retryAfterSeconds?: number): SourceError {
  if (isCloudflarePage(contentType, body) && status !== 401) {
    return new SourceError(
      'bad_response',
      `${what} answered with a web page (HTTP ${status}, likely a Cloudflare check) instead of data. Wait a few minutes and refresh.`,
    );
  }
  if (status === 401 || status === 403) {
    return new SourceError('unauthorized', `${what} rejected the Codex sign-in (HTTP ${status}). Run \`codex login\`, then refresh.`);
  }
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? 'later' : `in ${formatWait(retryAfterSeconds)}`;
    return new SourceError(
      'rate_limited',
      `${what} is rate-limiting requests (HTTP 429). QuotaBar will retry ${wait}; refresh less often if this persists.`,
      retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
    );
  }
  if (status >= 500) {
    return new SourceError('server_error', `${what} had a server error (HTTP ${status}). This is usually temporary: try again in a few minutes.`);
  }
  return new SourceError('bad_response', `${what} answered HTTP ${status} unexpectedly. Try again later; if it persists, update QuotaBar.`);
}

/** A thrown fetch error (abort, timeout, DNS, refused…) to an error. */
export function fetchFailure(error: unknown, what: string, timeoutMs: number, host: string): SourceError {
  if (error instanceof SourceError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new SourceError('timeout', `${what} did not answer within ${formatSeconds(timeoutMs)}. Check your connection, or raise --timeout.`);
  }
  if (name === 'AbortError') return new SourceError('timeout', `${what} was cancelled before it answered.`);
  const cause = error instanceof Error && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException) : undefined;
  const code = cause?.code ?? (error as NodeJS.ErrnoException | undefined)?.code;
  // These reached a server that answered wrongly: "check your internet" would send the person the wrong way.
  if (cause?.message === 'unexpected redirect') {
    return new SourceError(
      'bad_response',
      `${what} at ${host} answered with a redirect instead of data. Check the base URL (chatgpt_base_url in config.toml, or $QUOTABAR_CHATGPT_BASE_URL) and any proxy or captive portal, then refresh.`,
    );
  }
  if (code?.startsWith('Z_') === true) {
    return new SourceError(
      'bad_response',
      `${what} at ${host} sent a compressed answer that could not be decoded (${code}). A proxy may be altering responses; try again without it.`,
    );
  }
  return new SourceError('network', `Could not reach ${host}${code ? ` (${code})` : ''}. Check your internet connection or proxy, then refresh.`);
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.ceil(minutes / 60)} h`;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Reads a response body up to `maxBytes` (a runaway body is cut, never buffered whole). */
export async function readBodyCapped(response: Response, maxBytes = 4 * 1024 * 1024): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
