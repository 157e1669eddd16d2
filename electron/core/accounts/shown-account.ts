// Which account the app shows (settings `activeAccountId`), in one place: how a chosen id is stored,
// and which discovered account a stored id means.
import { resolve } from 'node:path';
import type { Settings } from '../../../shared/settings-model.js';
import type { Account, HomeAccount } from './account.js';
import { homeAccountId } from './account-discovery.js';

/**
 * The form `activeAccountId` is stored in, whichever id names the account: a Codex home that has a
 * settings entry is stored as that entry's id and the default home as null (so Preferences' radio
 * stays right); any other id (an import's `ccs:…`, `codex-proxy:…`) is stored as given.
 */
export function normaliseActiveAccountId(id: string | null, settings: Pick<Settings, 'accounts'>, defaultHome: string): string | null {
  if (id === null) return null;
  if (settings.accounts.some((a) => a.id === id)) return id;
  const named = settings.accounts.find((a) => homeAccountId(a.codexHome) === id);
  if (named !== undefined) return resolve(named.codexHome) === resolve(defaultHome) ? null : named.id;
  if (id === homeAccountId(defaultHome)) return null;
  return id;
}

/** The discovered account a stored `activeAccountId` names, or null when none does (it is then the default home). */
export function findActiveAccount(accounts: readonly Account[], activeAccountId: string | null): Account | null {
  if (activeAccountId === null) return accounts.find(isDefaultHome) ?? null;
  return accounts.find((a) => a.id === activeAccountId || (a.origin === 'codex-home' && a.settingsId === activeAccountId)) ?? null;
}

export function isDefaultHome(account: Account): account is HomeAccount {
  return account.origin === 'codex-home' && account.isDefaultHome;
}
