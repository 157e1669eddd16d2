// `--account`, `--all-accounts` and `--import` of `quotabar usage` (CONTRACT §7).
import { IMPORT_NAMES, type ImportName } from '../../shared/accounts-model.js';
import type { ImportAccountsSetting } from '../../shared/settings-model.js';
import type { Account } from '../core/accounts/account.js';
import { CliArgumentError } from './cli-io.js';

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
