import { resetCreditOutcomeMessage, type ResetCreditUseRequest, type ResetCreditUseResult } from '../../../shared/reset-credits.js';
import { buildContext } from '../usage/usage-service.js';
import type { UsageRequest } from '../usage/usage-request.js';
import { SourceError } from '../util/source-error.js';
import { useResetCredit } from './consume-reset-credit.js';

/**
 * One confirmed "use a reset credit" action for the account `request` names (its Codex home and binary),
 * as the CLI, the app and `quotabar serve` run it. Never throws for an expected failure.
 */
export async function runResetCreditAction(request: UsageRequest, use: ResetCreditUseRequest): Promise<ResetCreditUseResult> {
  try {
    const outcome = await useResetCredit(buildContext(request), use);
    return { ok: true, outcome, message: resetCreditOutcomeMessage(outcome), idempotencyKey: use.idempotencyKey };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { ok: false, error: error.toInfo(), idempotencyKey: use.idempotencyKey };
  }
}
