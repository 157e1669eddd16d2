import { SCHEMA_VERSION, SOURCE_CHOICES, isUsageFailure, type ErrorCode, type UsageFailure, type UsageResult } from '../../../shared/usage-model.js';
import { createLogger } from '../../core/util/logger.js';
import { historyPath, openHistoryStore } from '../../core/history/history-store.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { fetchUsage } from '../../core/usage/usage-service.js';
import { oneOf, parseCommandArgs, parseSeconds } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CliIo, type CommandModule } from '../cli-io.js';
import { renderFailureText, renderUsageText } from '../usage-text.js';
import { statusText, waybarOutput } from '../../../shared/status-line.js';
import { renderAccountsText } from '../../../shared/accounts-text.js';
import type { AccountsReport } from '../../../shared/accounts-model.js';
import { discoverAccounts } from '../../core/accounts/account-discovery.js';
import { fetchAccountUsage, fetchAccountsReport } from '../../core/accounts/account-usage.js';
import { homeDir, resolveCodexHome } from '../../core/paths/codex-home.js';
import { readSettingsForUsage, USAGE_OPTIONS, usageRequest } from '../usage-options.js';
import { parseImportList, selectAccount } from '../account-options.js';

const HELP = `quotabar usage [--source auto|oauth|cli|rpc|pty|web] [--json] [--codex-home DIR] [--codex-bin PATH]
               [--timeout SECONDS] [--cookie-header STRING] [--format waybar|line]
               [--account SELECTOR | --all-accounts] [--import ccs,codex-proxy]

Shows your Codex rate limits: the 5-hour session, the weekly limit, extra windows, code review,
credits and the monthly credit limit.

  --source X         auto (default): oauth, then rpc, then pty
                     cli: the Codex CLI alone, rpc (codex app-server), then pty (codex /status)
                     oauth, rpc, pty or web: that source alone
  --json             print one JSON object (CONTRACT §3) on stdout; logs go to stderr
  --format waybar    one line of Waybar custom-module JSON: text, tooltip, class (ok, warning at
                     <= 20 % left, critical at <= 5 %, error), percentage; exits 0 even on failure
  --format line      the short text alone, e.g. "5h 63% · wk 19%" (% left), for prompts and tmux
  --codex-home DIR   the Codex home (default: $CODEX_HOME, else ~/.codex)
  --codex-bin PATH   the codex binary (default: $CODEX_CLI_PATH, else codex on PATH)
  --timeout SECONDS  upper bound for every wait
  --cookie-header S  a ChatGPT Cookie header for the web source (also adds web extras in auto mode)
  --all-accounts     every account (CONTRACT §7): the default Codex home, the homes in settings, and
                     imported pools; one line each, or with --json
                     { "schemaVersion": 1, "accounts": [ { id, label, origin, email, usage } ] };
                     exits 0 when any account has usage
  --account SEL      one account, picked by id, label or email, shown like the default one
  --import LIST      also read other tools' account pools, read-only: ccs (~/.ccs/cliproxy/auth),
                     codex-proxy (~/.codex-claude-proxy/accounts.json); settings importAccounts does the same
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
        account: { type: 'string' },
        'all-accounts': { type: 'boolean' },
        import: { type: 'string' },
      }).values;
      if (values.account !== undefined && values['all-accounts'] === true) {
        throw new CliArgumentError('--account and --all-accounts are alternatives; pick one.');
      }
      if (values['all-accounts'] === true && values.format !== undefined) {
        throw new CliArgumentError('--format shows one account; use --json or the text form with --all-accounts.');
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
    let result: UsageResult;
    if (values['all-accounts'] === true || values.account !== undefined) {
      const discovery = await discoverAccounts({
        defaultHome: resolveCodexHome(values['codex-home'], io.env),
        userHome: homeDir(io.env),
        accounts: settings.accounts,
        imports,
        now: new Date(),
      });
      for (const warning of discovery.warnings) logger.warn(warning);
      if (values.account === undefined) return printAllAccounts(await fetchAccountsReport(discovery.accounts, request), json, io);
      const selection = selectAccount(discovery.accounts, values.account);
      if (!selection.ok) {
        if (json) return printBadArguments(selection.message, io);
        io.stderr.write(`quotabar usage: ${selection.message}\n`);
        return EXIT.badArguments;
      }
      result = await fetchAccountUsage(selection.account, request);
    } else {
      result = await fetchUsage(request);
    }
    if (format !== undefined) return printStatus(result, format, io);
    if (json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (isUsageFailure(result)) {
      if (!json) io.stderr.write(renderFailureText(result));
      return exitCodeFor(result.error.code);
    }
    // CONTRACT §8: every successful result is kept; a history that cannot be written only warns.
    openHistoryStore({ path: historyPath(resolveQuotabarHome(io.env)), warn: (message) => io.stderr.write(`quotabar usage: ${message}\n`) }).record(result);
    if (!json) io.stdout.write(renderUsageText(result, new Date()));
    return EXIT.ok;
  },
};

/**
 * CONTRACT §9: Waybar gets its JSON and exit 0 even on failure (the bar shows the error class); the
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

/** CONTRACT §7: exit 0 when any account has usage, else 1. */
function printAllAccounts(report: AccountsReport, json: boolean, io: CliIo): number {
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderAccountsText(report, new Date()));
  return report.accounts.some((a) => !isUsageFailure(a.usage)) ? EXIT.ok : EXIT.failure;
}
