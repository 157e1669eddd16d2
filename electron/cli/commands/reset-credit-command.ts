import { randomUUID } from 'node:crypto';
import { UUID_PATTERN, type ResetCreditOutcome, type ResetCreditUseResult } from '../../../shared/reset-credits.js';
import { isUsageFailure, SCHEMA_VERSION, type UsageResult } from '../../../shared/usage-model.js';
import { runResetCreditAction } from '../../core/reset-credits/reset-credit-action.js';
import { fetchUsage } from '../../core/usage/usage-service.js';
import { createLogger } from '../../core/util/logger.js';
import { parseCommandArgs } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CliIo, type CommandModule } from '../cli-io.js';
import { askLine, confirmationText, isYes } from '../reset-credit-prompt.js';
import { resolveUsageOptions, USAGE_OPTIONS } from '../usage-options.js';
import { exitCodeFor } from './usage-command.js';

const HELP = `quotabar reset-credit use [--yes] [--credit ID] [--request-id UUID] [--json]
                          [--codex-home DIR] [--codex-bin PATH] [--timeout SECONDS] [--verbose]

Spends one of the account's reset credits, which resets its Codex limits (the 5-hour session and the
weekly window together: a credit cannot reset one window alone). It runs through the Codex CLI's
app-server (\`codex app-server\`, Codex 0.171 or newer), which holds the sign-in. QuotaBar never
spends a credit by itself: on a terminal it shows each window's "% left" and asks; anywhere else it
needs --yes. \`quotabar usage\` shows how many credits there are.

  --yes              confirm without asking (scripts); without a terminal, --yes is required
  --credit ID        spend this credit (default: the backend picks the one that expires first)
  --request-id UUID  retry an earlier attempt that failed: the same id never spends a second credit
  --json             print one JSON object: {schemaVersion, outcome, message, requestId} or {…, error}
  --codex-home DIR   the Codex home (default: $CODEX_HOME, else ~/.codex)
  --codex-bin PATH   the codex binary (default: $CODEX_CLI_PATH, else codex on PATH)
  --timeout SECONDS  upper bound for every wait
  --verbose          log each step to stderr

Exit codes: 0 the limits were reset, 6 nothing to reset (no credit was used), 7 no reset credit
available, 8 already done by an earlier attempt with the same request id, 1 failure or declined,
2 codex not found, 3 unreadable response, 4 timeout, 64 bad arguments or no confirmation.
`;

export function exitCodeForOutcome(outcome: ResetCreditOutcome): number {
  switch (outcome) {
    case 'reset':
      return EXIT.ok;
    case 'nothing_to_reset':
      return EXIT.nothingToReset;
    case 'no_credit':
      return EXIT.noResetCredit;
    case 'already_redeemed':
      return EXIT.alreadyRedeemed;
  }
}

export const resetCreditCommand: CommandModule = {
  name: 'reset-credit',
  help: HELP,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action !== 'use')
      throw new CliArgumentError(`the only action is \`use\` (quotabar reset-credit use [--yes]); got ${action === undefined ? 'none' : `"${action}"`}.`);
    const { values } = parseCommandArgs(rest, {
      'codex-home': USAGE_OPTIONS['codex-home'],
      'codex-bin': USAGE_OPTIONS['codex-bin'],
      timeout: USAGE_OPTIONS.timeout,
      verbose: USAGE_OPTIONS.verbose,
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
      credit: { type: 'string' },
      'request-id': { type: 'string' },
    });
    const requestId = values['request-id'];
    if (requestId !== undefined && !UUID_PATTERN.test(requestId))
      throw new CliArgumentError(`--request-id takes the UUID an earlier attempt printed, not "${requestId}".`);
    if (values.credit !== undefined && values.credit.trim() === '') throw new CliArgumentError('--credit takes a credit id (see `quotabar usage --json`).');
    const confirmed = values.yes === true;
    const terminal = io.stdin?.isTTY === true;
    if (!confirmed && !terminal) {
      throw new CliArgumentError('a reset credit is only used after a confirmation, and there is no terminal to ask on. Add --yes to confirm.');
    }
    const logger = createLogger({ write: (line) => io.stderr.write(line) }, values.verbose === true ? 'debug' : 'warn', 'reset-credit');
    const { request } = await resolveUsageOptions(values, io, logger);
    const now = io.now ?? (() => new Date());
    // Usage first: the question names what a credit resets, and an account with none is told so without asking the backend to spend one.
    const usage: UsageResult = await fetchUsage({ ...request, now });
    if (!isUsageFailure(usage) && usage.resetCredits?.available === 0) {
      return finish(
        io,
        values.json === true,
        { ok: true, outcome: 'no_credit', message: 'No reset credit is available for this account; nothing was used.', idempotencyKey: requestId ?? '' },
        false,
      );
    }
    if (!confirmed) {
      const answer = io.stdin === undefined ? null : await askLine(confirmationText(usage, now()), io.stdin, io.stderr);
      if (!isYes(answer)) {
        io.stderr.write('Cancelled: no reset credit was used.\n');
        return EXIT.failure;
      }
    }
    // A fresh key per confirmed action; --request-id repeats an earlier one.
    const idempotencyKey = requestId ?? randomUUID();
    const result = await runResetCreditAction({ ...request, now }, { idempotencyKey, ...(values.credit !== undefined ? { creditId: values.credit } : {}) });
    return finish(io, values.json === true, result, true);
  },
};

function finish(io: CliIo, json: boolean, result: ResetCreditUseResult, asked: boolean): number {
  const requestId = result.idempotencyKey === '' ? null : result.idempotencyKey;
  if (json) {
    const body = result.ok
      ? { schemaVersion: SCHEMA_VERSION, outcome: result.outcome, message: result.message, requestId }
      : { schemaVersion: SCHEMA_VERSION, error: result.error, requestId };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  }
  if (result.ok) {
    if (!json) io.stdout.write(`${result.message}\n`);
    return exitCodeForOutcome(result.outcome);
  }
  if (!json) {
    const retry =
      asked && ['timeout', 'network', 'server_error', 'bad_response'].includes(result.error.code)
        ? `\nIf the limits were not reset, try again with the same request (it never spends a second credit): quotabar reset-credit use --yes --request-id ${result.idempotencyKey}`
        : '';
    io.stderr.write(`quotabar reset-credit: ${result.error.message}${retry}\n`);
  }
  return exitCodeFor(result.error.code);
}
