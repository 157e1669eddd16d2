// The options `quotabar watch` and `quotabar guard` share with `quotabar usage` (interface §9), and
// the usage request they make for the account they read, resolved the way `usage` resolves them.

import { SOURCE_CHOICES, type SourceChoice, type UsageResult } from '../../shared/usage-model.js';
import { resolveQuotabarHome } from '../core/paths/quotabar-home.js';
import { openSettingsStore } from '../core/settings/settings-store.js';
import type { Settings } from '../../shared/settings-model.js';
import type { Account } from '../core/accounts/account.js';
import type { UsageRequest } from '../core/usage/usage-request.js';
import type { Logger } from '../core/util/logger.js';
import { oneOf, parseSeconds } from './arg-parsing.js';
import type { CliIo } from './cli-io.js';
import { accountOption, parseImportList, usageFetcher, type AccountOptionValues } from './account-options.js';

export const USAGE_OPTIONS = {
  source: { type: 'string' },
  'codex-home': { type: 'string' },
  'codex-bin': { type: 'string' },
  timeout: { type: 'string' },
  'cookie-header': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

export const USAGE_OPTIONS_HELP = `  --source X         auto (default: oauth, then rpc, then pty), or one source alone
  --codex-home DIR   the Codex home (default: $CODEX_HOME, else ~/.codex)
  --codex-bin PATH   the codex binary (default: $CODEX_CLI_PATH, else codex on PATH)
  --timeout SECONDS  upper bound for every wait of a usage refresh
  --cookie-header S  a ChatGPT Cookie header for the web source (also adds web extras in auto mode)
  --verbose          log each step to stderr`;

export interface UsageOptionValues {
  source?: string | undefined;
  'codex-home'?: string | undefined;
  'codex-bin'?: string | undefined;
  timeout?: string | undefined;
  'cookie-header'?: string | undefined;
}

export interface ResolvedUsageOptions {
  request: UsageRequest;
  settings: Settings;
  /** The account `--account` chose, or null for the default Codex home. */
  account: Account | null;
  /** Reads usage for that account. */
  fetch: (request: UsageRequest) => Promise<UsageResult>;
}

/**
 * Checks the shared options, `--account` and `--import` among them (CliArgumentError on bad ones), and
 * builds the request `usage` would make for the account `usage` would read.
 */
export async function resolveUsageOptions(values: UsageOptionValues & AccountOptionValues, io: CliIo, logger: Logger): Promise<ResolvedUsageOptions> {
  const source: SourceChoice = oneOf('--source', values.source, SOURCE_CHOICES, 'auto');
  const timeoutSeconds = parseSeconds('--timeout', values.timeout);
  const settings = readSettingsForUsage(io, logger);
  const imports = parseImportList(values.import, settings.importAccounts);
  const account = await accountOption(values, imports, { settings, io, logger });
  return { request: usageRequest(values, { source, timeoutSeconds, settings, io, logger }), settings, account, fetch: usageFetcher(account) };
}

/** The app's settings file, read the way a command that only shows usage must: never moved or rewritten. */
export function readSettingsForUsage(io: CliIo, logger: Logger): Settings {
  return openSettingsStore(resolveQuotabarHome(io.env), logger, { readOnly: true }).load();
}

/**
 * The usage request of `usage`, `watch` and `guard`. The settings file is shared with the app: its codex
 * path sits after $CODEX_CLI_PATH in interface §1's order, and "Automatic" cookies add the web extras here
 * too (a pasted header lives only in the app).
 */
export function usageRequest(
  values: UsageOptionValues,
  resolved: { source: SourceChoice; timeoutSeconds: number | undefined; settings: Settings; io: CliIo; logger: Logger },
): UsageRequest {
  const { source, timeoutSeconds, settings, io, logger } = resolved;
  const cookieHeader = values['cookie-header'];
  const codexBin = values['codex-bin'] ?? (io.env.CODEX_CLI_PATH ? undefined : (settings.codexBinaryPath ?? undefined));
  return {
    source,
    env: io.env,
    logger,
    interactive: true,
    webExtras: cookieHeader !== undefined || settings.openaiCookies === 'automatic',
    ...(values['codex-home'] !== undefined ? { codexHome: values['codex-home'] } : {}),
    ...(codexBin !== undefined ? { codexBin } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(cookieHeader !== undefined ? { cookieHeader } : {}),
  };
}
