// `--account`, `--all-accounts` and `--import` (interface §7): `usage` takes all three, `watch` and
// `guard` take `--account` and `--import` with the same meaning (interface §9).
import { IMPORT_NAMES, type ImportName } from '../../shared/accounts-model.js';
import type { ImportAccountsSetting, Settings } from '../../shared/settings-model.js';
import type { UsageResult } from '../../shared/usage-model.js';
import type { Account } from '../core/accounts/account.js';
import { discoverAccounts } from '../core/accounts/account-discovery.js';
import { fetchAccountUsage } from '../core/accounts/account-usage.js';
import { homeDir, resolveCodexHome } from '../core/paths/codex-home.js';
import { fetchUsage } from '../core/usage/usage-service.js';
import type { UsageRequest } from '../core/usage/usage-request.js';
import type { Logger } from '../core/util/logger.js';
import { CliArgumentError, type CliIo } from './cli-io.js';

export const ACCOUNT_OPTIONS = {
  account: { type: 'string' },
  import: { type: 'string' },
} as const;

export const ACCOUNT_OPTIONS_HELP = `  --account SEL      one account, picked by id, label or email, as "usage --all-accounts" lists them
  --import LIST      also read other tools' account pools, read-only: ccs (~/.ccs/cliproxy/auth),
                     codex-proxy (~/.codex-claude-proxy/accounts.json); settings importAccounts does the same`;

export interface AccountOptionValues {
  'codex-home'?: string | undefined;
  account?: string | undefined;
  import?: string | undefined;
}

const IMPORT_SETTING_KEY: Record<ImportName, keyof ImportAccountsSetting> = { ccs: 'ccs', 'codex-proxy': 'codexProxy' };

/** `--import ccs,codex-proxy`, added to what the settings already import. */
export function parseImportList(value: string | undefined, fromSettings: ImportAccountsSetting): ImportAccountsSetting {
  const imports = { ...fromSettings };
  if (value === undefined) return imports;
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(IMPORT_NAMES as readonly string[]).includes(name)) {
      throw new CliArgumentError(`--import takes a comma-separated list of ${IMPORT_NAMES.join(', ')}; "${name}" is not one of them.`);
    }
    imports[IMPORT_SETTING_KEY[name as ImportName]] = true;
  }
  return imports;
}

export type Selection = { ok: true; account: Account } | { ok: false; message: string };

function describe(account: Account): string {
  return `${account.id} (${[account.label, account.email].filter((x, i, all) => x !== null && all.indexOf(x) === i).join(', ')})`;
}

/** Pure: the one account whose id, label or email is `selector` (id first; label and email ignore case). */
export function selectAccount(accounts: readonly Account[], selector: string): Selection {
  const wanted = selector.trim();
  const byId = accounts.find((a) => a.id === wanted || (a.origin === 'codex-home' && a.settingsId === wanted));
  if (byId !== undefined) return { ok: true, account: byId };
  const lower = wanted.toLowerCase();
  const matches = accounts.filter((a) => a.label.toLowerCase() === lower || a.email?.toLowerCase() === lower);
  if (matches.length === 1 && matches[0] !== undefined) return { ok: true, account: matches[0] };
  const known = accounts.map((a) => `  ${describe(a)}`).join('\n');
  const why = matches.length > 1 ? `"${selector}" names ${matches.length} accounts; use an id.` : `No account matches "${selector}".`;
  return { ok: false, message: `${why} Known accounts (id, label, email):\n${known}` };
}

/** Every account on this machine, the pools being those of the settings plus `--import` (already checked). */
export async function listAccounts(
  values: AccountOptionValues,
  imports: ImportAccountsSetting,
  resolved: { settings: Settings; io: CliIo; logger: Logger },
): Promise<Account[]> {
  const { settings, io, logger } = resolved;
  const discovery = await discoverAccounts({
    defaultHome: resolveCodexHome(values['codex-home'], io.env),
    userHome: homeDir(io.env),
    accounts: settings.accounts,
    imports,
    now: new Date(),
  });
  for (const warning of discovery.warnings) logger.warn(warning);
  return discovery.accounts;
}

/**
 * The account `--account` names, or null without the option. None or several matching is a
 * CliArgumentError (exit 64) that lists the known accounts.
 */
export async function accountOption(
  values: AccountOptionValues,
  imports: ImportAccountsSetting,
  resolved: { settings: Settings; io: CliIo; logger: Logger },
): Promise<Account | null> {
  if (values.account === undefined) return null;
  const selection = selectAccount(await listAccounts(values, imports, resolved), values.account);
  if (!selection.ok) throw new CliArgumentError(selection.message);
  return selection.account;
}

/** How usage is read for the chosen account: the default Codex home's chain when none was chosen. */
export function usageFetcher(account: Account | null): (request: UsageRequest) => Promise<UsageResult> {
  return account === null ? fetchUsage : (request) => fetchAccountUsage(account, request);
}
