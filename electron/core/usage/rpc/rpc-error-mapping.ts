import { SourceError } from '../../util/source-error.js';
import { httpStatusError } from '../http-errors.js';
import { parseWhamUsage } from '../oauth/wham-usage-parser.js';
import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { extractEmbeddedBody } from './rate-limits-parser.js';
import type { RpcError } from './app-server-connection.js';

const WHAT = 'ChatGPT usage (through the Codex app-server)';

/**
 * An app-server error to either a snapshot recovered from the embedded backend body, or a
 * SourceError with the contract code. Pure, so every message form is tested directly.
 */
export function mapRateLimitsError(error: RpcError, now: Date): UsageSnapshot | SourceError {
  const message = error.message;
  if (error.code === -32600 && /authentication required/i.test(message)) {
    if (/chatgpt authentication required/i.test(message)) {
      return new SourceError(
        'not_logged_in',
        'Codex is signed in with an API key, which has no ChatGPT plan limits. Run `codex login` and choose "Sign in with ChatGPT".',
      );
    }
    return new SourceError('not_logged_in', 'Codex is not signed in. Run `codex login`, then refresh.');
  }
  if (error.code === -32601 || (error.code === -32600 && /unknown variant|unknown method|method not found/i.test(message))) {
    return new SourceError(
      'not_supported',
      'This Codex CLI does not support reading rate limits over the app-server. Update Codex (`npm i -g @openai/codex`).',
    );
  }
  if (error.code === -32603) {
    const status = /failed: (\d{3})\b/.exec(message);
    const statusCode = status?.[1] !== undefined ? Number(status[1]) : null;
    if (statusCode !== null && (statusCode < 200 || statusCode >= 300)) {
      const contentType = /content-type=([^;]*)/.exec(message)?.[1] ?? '';
      const body = message.slice(message.indexOf('body=') + 5);
      // The app-server's message carries status, content type and body but no headers: a 429 that
      // comes this way has no Retry-After to read, so the scheduler's back-off alone spaces retries.
      return httpStatusError(statusCode, contentType, body, WHAT);
    }
    const body = extractEmbeddedBody(message);
    if (body !== undefined) {
      try {
        return parseWhamUsage(body, now);
      } catch {
        // fall through to the generic message
      }
    }
    if (/no snapshots returned/i.test(message)) {
      return new SourceError('bad_response', 'ChatGPT reported no rate limits for this account. Check the plan at chatgpt.com/codex/settings/usage.');
    }
    if (/error sending request|connect|dns|timed out/i.test(message)) {
      return new SourceError('network', 'The Codex app-server could not reach ChatGPT. Check your internet connection or proxy, then refresh.');
    }
  }
  if (error.code === -32001) {
    return new SourceError('rate_limited', 'The Codex app-server is overloaded. QuotaBar will retry later.');
  }
  return new SourceError('bad_response', `The Codex app-server could not read rate limits (error ${error.code}). Update Codex and try again.`);
}
