import { SCHEMA_VERSION, SOURCE_CHOICES, isUsageFailure, type ErrorCode, type UsageFailure, type UsageResult } from '../../../shared/usage-model.js';
import { createLogger } from '../../core/util/logger.js';
import { historyPath, openHistoryStore } from '../../core/history/history-store.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { oneOf, parseCommandArgs, parseSeconds } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CliIo, type CommandModule } from '../cli-io.js';
import { renderFailureText, renderUsageText } from '../usage-text.js';
import { statusText, waybarOutput } from '../../../shared/status-line.js';
import { renderAccountsText } from '../../../shared/accounts-text.js';
import type { AccountsReport } from '../../../shared/accounts-model.js';
import { accountStatusLine, accountsWaybarOutput } from '../../../shared/accounts-status-line.js';
import { fetchAccountsReport } from '../../core/accounts/account-usage.js';
import { readSettingsForUsage, USAGE_OPTIONS, usageRequest } from '../usage-options.js';
import { ACCOUNT_OPTIONS, ACCOUNT_OPTIONS_HELP, accountOption, listAccounts, parseImportList, usageFetcher } from '../account-options.js';

const HELP = `quotabar usage [--source auto|oauth|cli|rpc|pty|web] [--json] [--codex-home DIR] [--codex-bin PATH]
               [--timeout SECONDS] [--cookie-header STRING] [--format waybar|line]
               [--account SELECTOR | --all-accounts] [--import ccs,codex-proxy]

Shows your Codex rate limits: the 5-hour session, the weekly limit, extra windows, code review,
credits and the monthly credit limit.

  --source X         auto (default): oauth, then rpc, then pty
                     cli: the Codex CLI alone, rpc (codex app-server), then pty (codex /status)
                     oauth, rpc, pty or web: that source alone
  --json             print one JSON object (interface §3) on stdout; logs go to stderr
  --format waybar    one line of Waybar custom-module JSON: text, tooltip, class (ok, warning at
                     <= 20 % left, critical at <= 5 %, error), percentage; exits 0 even on failure.
                     With --all-accounts: the account with the least left, every account in the tooltip
  --format line      the short text alone, e.g. "5h 63% · wk 19%" (% left), for prompts and tmux.
                     With --all-accounts: one line per account, e.g. "Work: 5h 63% · wk 19%"
  --codex-home DIR   the Codex home (default: $CODEX_HOME, else ~/.codex)
  --codex-bin PATH   the codex binary (default: $CODEX_CLI_PATH, else codex on PATH)
  --timeout SECONDS  upper bound for every wait
  --cookie-header S  a ChatGPT Cookie header for the web source (also adds web extras in auto mode)
  --all-accounts     every account (interface §7): the default Codex home, the homes in settings, and
                     imported pools; one line each, or with --json
                     { "schemaVersion": 1, "accounts": [ { id, label, origin, email, usage } ] },
                     or with --format; exits 0 when any account has usage
${ACCOUNT_OPTIONS_HELP}
  --verbose          log each step to stderr

Exit codes: 0 ok, 1 failure, 2 codex not found, 3 unreadable response, 4 timeout, 64 bad arguments.
`;

export const STATUS_FORMATS = ['waybar', 'line'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'codex_not_found':
      return EXIT.codexNotFound;
    case 'bad_response':
      return EXIT.badResponse;
    case 'timeout':
      return EXIT.timeout;
    case 'bad_arguments':
      return EXIT.badArguments;
    default:
      return EXIT.failure;
  }
}

export const usageCommand: CommandModule = {
  name: 'usage',
  help: HELP,
  async run(args, io) {
    const json = args.includes('--json');
    let values;
    let source;
    let timeoutSeconds;
    let format: StatusFormat | undefined;
    try {
      values = parseCommandArgs(args, {
        ...USAGE_OPTIONS,
        json: { type: 'boolean' },
        format: { type: 'string' },
        ...ACCOUNT_OPTIONS,
        'all-accounts': { type: 'boolean' },
      }).values;
      if (values.account !== undefined && values['all-accounts'] === true) {
        throw new CliArgumentError('--account and --all-accounts are alternatives; pick one.');
      }
      if (values.format !== undefined) {
        format = oneOf('--format', values.format, STATUS_FORMATS, 'line');
        if (json) throw new CliArgumentError('--json and --format are alternatives; pick one.');
      }
      source = oneOf('--source', values.source, SOURCE_CHOICES, 'auto');
      timeoutSeconds = parseSeconds('--timeout', values.timeout);
    } catch (error) {
      if (json && error instanceof CliArgumentError) return printBadArguments(`${error.message} Run \`quotabar help usage\`.`, io);
      throw error;
    }
    const logger = createLogger({ write: (line) => io.stderr.write(line) }, values.verbose ? 'debug' : 'warn', 'usage');
    const settings = readSettingsForUsage(io, logger);
    let imports;
    try {
      imports = parseImportList(values.import, settings.importAccounts);
    } catch (error) {
      if (json && error instanceof CliArgumentError) return printBadArguments(`${error.message} Run \`quotabar help usage\`.`, io);
      throw error;
    }
    const request = usageRequest(values, { source, timeoutSeconds, settings, io, logger });
    const resolved = { settings, io, logger };
    if (values['all-accounts'] === true) {
      const report = await fetchAccountsReport(await listAccounts(values, imports, resolved), request);
      return printAllAccounts(report, format ?? (json ? 'json' : 'text'), io);
    }
    let account;
    try {
      account = await accountOption(values, imports, resolved);
    } catch (error) {
      if (json && error instanceof CliArgumentError) return printBadArguments(error.message, io);
      throw error;
    }
    const result: UsageResult = await usageFetcher(account)(request);
    if (format !== undefined) return printStatus(result, format, io);
    if (json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (isUsageFailure(result)) {
      if (!json) io.stderr.write(renderFailureText(result));
      return exitCodeFor(result.error.code);
    }
    // interface §8: every successful result is kept; a history that cannot be written only warns.
    openHistoryStore({ path: historyPath(resolveQuotabarHome(io.env)), warn: (message) => io.stderr.write(`quotabar usage: ${message}\n`) }).record(result);
    if (!json) io.stdout.write(renderUsageText(result, new Date()));
    return EXIT.ok;
  },
};

/**
 * interface §9: Waybar gets its JSON and exit 0 even on failure (the bar shows the error class); the
 * line form prints its text either way and keeps the usual exit codes for scripts.
 */
function printStatus(result: UsageResult, format: StatusFormat, io: CliIo): number {
  if (format === 'waybar') {
    io.stdout.write(`${JSON.stringify(waybarOutput(result, new Date()))}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`${statusText(result)}\n`);
  if (!isUsageFailure(result)) return EXIT.ok;
  io.stderr.write(renderFailureText(result));
  return exitCodeFor(result.error.code);
}

function printBadArguments(message: string, io: CliIo): number {
  const failure: UsageFailure = { schemaVersion: SCHEMA_VERSION, error: { code: 'bad_arguments', message }, attempts: [] };
  io.stdout.write(`${JSON.stringify(failure, null, 2)}\n`);
  return EXIT.badArguments;
}

/**
 * interface §7: exit 0 when any account has usage, else 1; Waybar gets exit 0 either way (interface §9).
 * The line form names each failed account's error on stderr, as the one-account form does.
 */
function printAllAccounts(report: AccountsReport, output: 'json' | 'text' | StatusFormat, io: CliIo): number {
  const now = new Date();
  const anyUsage = report.accounts.some((a) => !isUsageFailure(a.usage));
  switch (output) {
    case 'json':
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      break;
    case 'text':
      io.stdout.write(renderAccountsText(report, now));
      break;
    case 'waybar':
      io.stdout.write(`${JSON.stringify(accountsWaybarOutput(report, now))}\n`);
      return EXIT.ok;
    case 'line':
      io.stdout.write(report.accounts.map((a) => `${accountStatusLine(a)}\n`).join(''));
      for (const a of report.accounts) if (isUsageFailure(a.usage)) io.stderr.write(`quotabar usage: ${a.label}: ${a.usage.error.message}\n`);
      break;
  }
  return anyUsage ? EXIT.ok : EXIT.failure;
}
