import { RESET_CREDIT_OUTCOMES, type ResetCreditOutcome, type ResetCreditUseRequest } from '../../../shared/reset-credits.js';
import { httpStatusError } from '../usage/http-errors.js';
import { RpcError } from '../usage/rpc/app-server-connection.js';
import { withAppServer } from '../usage/rpc/app-server-session.js';
import { cappedTimeout, type FetchContext } from '../usage/usage-source.js';
import { asRecord, firstString } from '../usage/lenient-fields.js';
import { SourceError } from '../util/source-error.js';

// Spending one reset credit through the Codex CLI's app-server (`account/rateLimitResetCredit/consume`),
// which owns the account's tokens: QuotaBar never sends a token itself for this. The app-server posts
// `{"redeem_request_id": <idempotencyKey>, "credit_id"?: …}` to `…/wham/rate-limit-reset-credits/consume`.

export const CONSUME_METHOD = 'account/rateLimitResetCredit/consume';
const CONSUME_TIMEOUT_MS = 20_000;
const WHAT = 'Using a reset credit';

/** The app-server's outcome (camelCase) or the backend's code (snake_case) to one outcome, else null. */
export function parseConsumeOutcome(result: unknown): ResetCreditOutcome | null {
  const obj = asRecord(result);
  const raw = obj === null ? null : firstString(obj, 'outcome', 'code');
  if (raw === null) return null;
  const snake = raw.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return (RESET_CREDIT_OUTCOMES as readonly string[]).includes(snake) ? (snake as ResetCreditOutcome) : null;
}

/** An app-server error answer to a contract error with a message that says what to do. Pure. */
export function mapConsumeError(error: RpcError): SourceError {
  const message = error.message;
  if (error.code === -32601 || (error.code === -32600 && /unknown variant|unknown method|method not found/i.test(message))) {
    return new SourceError(
      'not_supported',
      'This Codex CLI version cannot use reset credits (needs a newer codex). Update it (`npm i -g @openai/codex`) and try again.',
    );
  }
  if (error.code === -32600 && /authentication required/i.test(message)) {
    return /chatgpt authentication required/i.test(message)
      ? new SourceError('not_logged_in', 'Codex is signed in with an API key, which has no reset credits. Run `codex login` and choose "Sign in with ChatGPT".')
      : new SourceError('not_logged_in', 'Codex is not signed in. Run `codex login`, then try again.');
  }
  if (error.code === -32603) {
    const status = /failed: (\d{3})\b/.exec(message);
    if (status?.[1] !== undefined) {
      const contentType = /content-type=([^;]*)/.exec(message)?.[1] ?? '';
      return httpStatusError(Number(status[1]), contentType, message.slice(message.indexOf('body=') + 5), WHAT);
    }
    if (/decode error/i.test(message)) {
      return new SourceError(
        'bad_response',
        'The backend answered the reset-credit request in a form this Codex CLI does not know. Run `quotabar usage` to see whether the limits were reset; update Codex.',
      );
    }
    if (/error sending request|connect|dns|timed out/i.test(message)) {
      return new SourceError('network', 'The Codex app-server could not reach ChatGPT. Check your connection, then try again with the same request.');
    }
  }
  return new SourceError('bad_response', `The Codex app-server could not use the reset credit (error ${error.code}). Update Codex and try again.`);
}

/** Spends one reset credit; throws SourceError. The backend decides the outcome, never this function. */
export async function consumeResetCredit(ctx: FetchContext, request: ResetCreditUseRequest): Promise<ResetCreditOutcome> {
  const params = { idempotencyKey: request.idempotencyKey, ...(request.creditId != null ? { creditId: request.creditId } : {}) };
  return withAppServer(ctx, async (connection) => {
    let result: unknown;
    try {
      result = await connection.request(CONSUME_METHOD, params, cappedTimeout(CONSUME_TIMEOUT_MS, ctx));
    } catch (error) {
      if (error instanceof RpcError) throw mapConsumeError(error);
      throw error;
    }
    const outcome = parseConsumeOutcome(result);
    if (outcome === null) {
      throw new SourceError(
        'bad_response',
        'The Codex app-server answered the reset-credit request without a known outcome. Run `quotabar usage` to see whether the limits were reset.',
      );
    }
    return outcome;
  });
}

/** Worth trying again with the same key: the request may not have reached the backend, or it failed there. */
export function isRetryable(error: SourceError): boolean {
  return error.code === 'timeout' || error.code === 'network' || error.code === 'server_error';
}

/**
 * One confirmed action: consume, and after a timeout, network error or 5xx try once more with the
 * same idempotency key (the backend then answers `already_redeemed` if the first attempt went through).
 */
export async function useResetCredit(ctx: FetchContext, request: ResetCreditUseRequest): Promise<ResetCreditOutcome> {
  try {
    return await consumeResetCredit(ctx, request);
  } catch (error) {
    if (!(error instanceof SourceError) || !isRetryable(error) || ctx.signal?.aborted === true) throw error;
    ctx.logger.debug(`reset credit: retrying with the same request after ${error.code}`);
    return consumeResetCredit(ctx, request);
  }
}
