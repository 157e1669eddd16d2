import { isUsageFailure } from '../../../shared/usage-model.js';
import { createLogger } from '../../core/util/logger.js';
import { oneOf, parseCommandArgs } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CommandModule } from '../cli-io.js';
import { GUARD_WINDOWS, guardVerdict } from '../guard-verdict.js';
import { ACCOUNT_OPTIONS, ACCOUNT_OPTIONS_HELP } from '../account-options.js';
import { resolveUsageOptions, USAGE_OPTIONS, USAGE_OPTIONS_HELP } from '../usage-options.js';
import { exitCodeFor } from './usage-command.js';

const HELP = `quotabar guard --min-left PCT [--window session|weekly|any] [--source auto|oauth|rpc|pty|web]
               [--codex-home DIR] [--codex-bin PATH] [--timeout SECONDS] [--cookie-header STRING]
               [--account SELECTOR] [--import ccs,codex-proxy]

Checks there is quota left before a long Codex run: exits 0 when the window has at least PCT % left,
5 when it has less. One line on stderr says which window and when it resets.

  --min-left PCT     the least "% left" to accept, 0-100 (e.g. 15 or 15%)
  --window W         any (default: both the 5-hour session and the weekly window), session or weekly
${USAGE_OPTIONS_HELP}
${ACCOUNT_OPTIONS_HELP}

  quotabar guard --min-left 15 && codex exec "…"

Exit codes: 0 enough left, 5 below the threshold, 1 failure (or no such window), 2 codex not found,
3 unreadable response, 4 timeout, 64 bad arguments.
`;

export const guardCommand: CommandModule = {
  name: 'guard',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...USAGE_OPTIONS, ...ACCOUNT_OPTIONS, 'min-left': { type: 'string' }, window: { type: 'string' } });
    const minLeft = parseMinLeft(values['min-left']);
    const which = oneOf('--window', values.window, GUARD_WINDOWS, 'any');
    const logger = createLogger({ write: (line) => io.stderr.write(line) }, values.verbose === true ? 'debug' : 'warn', 'guard');
    const { request, fetch } = await resolveUsageOptions(values, io, logger);
    const result = await fetch(request);
    if (isUsageFailure(result)) {
      io.stderr.write(`quotabar guard: usage could not be read (${result.error.code}): ${result.error.message}\n`);
      return exitCodeFor(result.error.code);
    }
    const verdict = guardVerdict(result, minLeft, which, new Date());
    io.stderr.write(`${verdict.line}\n`);
    if (verdict.kind === 'enough') return EXIT.ok;
    if (verdict.kind === 'below') return EXIT.belowThreshold;
    return EXIT.failure;
  },
};

function parseMinLeft(value: string | undefined): number {
  if (value === undefined) throw new CliArgumentError('--min-left PCT is required, e.g. --min-left 15.');
  const text = value.trim().replace(/%$/, '');
  const pct = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(pct) || pct < 0 || pct > 100) throw new CliArgumentError(`--min-left takes a percentage from 0 to 100, not "${value}".`);
  return pct;
}
