// interface §7: which accounts exist: the default Codex home, the extra homes in settings, and the
// imported pools when asked for. One ChatGPT account reached twice is listed once.
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { CodexAccountSetting, ImportAccountsSetting } from '../../../shared/settings-model.js';
import { readCodexAuth } from '../auth/codex-auth.js';
import type { Account, HomeAccount, PoolAccount } from './account.js';
import { readCcsPool } from './ccs-pool.js';
import { readCodexProxyRegistry } from './codex-proxy-registry.js';
import type { PoolFile } from './pool-file.js';

export interface HomeCandidate {
  codexHome: string;
  settingsId: string | null;
  settingsLabel: string | null;
  /** Who auth.json says is signed in there (null when it cannot tell). */
  email: string | null;
  accountId: string | null;
}

export interface PoolCandidates {
  origin: PoolAccount['origin'];
  files: PoolFile[];
}

export interface Discovery {
  accounts: Account[];
  warnings: string[];
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function homeAccountId(codexHome: string): string {
  return `codex-home:${shortHash(resolve(codexHome))}`;
}

function nonEmpty(text: string | null | undefined): string | null {
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}

function identityKey(accountId: string | null, email: string | null): string | null {
  return accountId === null ? null : `${accountId}\n${(email ?? '').toLowerCase()}`;
}

/**
 * Pure: the candidates in contract order, duplicates dropped. `homes[0]` is the default home; a
 * settings entry naming the same folder lends it its label. Imports come after the homes, by email;
 * a Codex home wins over CCS, CCS over codex-proxy.
 */
export function mergeAccounts(homes: HomeCandidate[], pools: PoolCandidates[]): Discovery {
  const warnings: string[] = [];
  const accounts: Account[] = [];
  const seenHomes = new Map<string, HomeAccount>();
  const seenIdentities = new Set<string>();
  homes.forEach((home, i) => {
    const path = resolve(home.codexHome);
    const existing = seenHomes.get(path);
    if (existing !== undefined) {
      // The default home named again in settings: one account, with the settings' name for it.
      if (existing.settingsId === null) {
        existing.settingsId = home.settingsId;
        existing.label = nonEmpty(home.settingsLabel) ?? existing.label;
      }
      return;
    }
    const account: HomeAccount = {
      id: homeAccountId(path),
      label: nonEmpty(home.settingsLabel) ?? home.email ?? basename(path),
      origin: 'codex-home',
      email: home.email,
      accountId: home.accountId,
      codexHome: path,
      settingsId: home.settingsId,
      isDefaultHome: i === 0,
    };
    seenHomes.set(path, account);
    const key = identityKey(home.accountId, home.email);
    if (key !== null) seenIdentities.add(key);
    accounts.push(account);
  });

  const imported: PoolAccount[] = [];
  for (const pool of pools) {
    for (const { file, entries } of pool.files) {
      entries.forEach((entry, i) => {
        if (!entry.ok) {
          warnings.push(entry.warning);
          return;
        }
        const { token } = entry;
        const key = identityKey(token.accountId, token.email);
        if (key !== null) {
          if (seenIdentities.has(key)) return;
          seenIdentities.add(key);
        }
        const where = entries.length > 1 ? `${file}#${i}` : file;
        const idPart = token.accountId ?? (token.email !== null ? `email:${token.email.toLowerCase()}` : `file:${shortHash(where)}`);
        imported.push({
          id: `${pool.origin}:${idPart}`,
          label: token.email ?? token.accountId ?? basename(file),
          origin: pool.origin,
          email: token.email,
          accountId: token.accountId,
          accessToken: token.accessToken,
          plan: token.plan,
          expiresAtMs: token.expiresAtMs,
          file: where,
        });
      });
    }
  }
  // Stable sort: equal emails keep CCS before codex-proxy and file order.
  imported.sort((a, b) => compareEmails(a.email, b.email));
  return { accounts: [...accounts, ...imported], warnings };
}

function compareEmails(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface DiscoveryRequest {
  /** The default Codex home (interface §1), already resolved. */
  defaultHome: string;
  /** The user's home, where the imported pools live. */
  userHome: string;
  accounts: readonly CodexAccountSetting[];
  imports: ImportAccountsSetting;
  now?: Date;
}

async function homeCandidate(codexHome: string, setting: CodexAccountSetting | null, now: Date): Promise<HomeCandidate> {
  const auth = await readCodexAuth(codexHome, now);
  return {
    codexHome,
    settingsId: setting?.id ?? null,
    settingsLabel: setting?.label ?? null,
    email: auth.kind === 'chatgpt' ? auth.email : null,
    accountId: auth.kind === 'chatgpt' ? auth.accountId : null,
  };
}

/** Reads auth.json of each home and the pools asked for (all read-only), then merges them. */
export async function discoverAccounts(request: DiscoveryRequest): Promise<Discovery> {
  const now = request.now ?? new Date();
  const homes = await Promise.all([
    homeCandidate(request.defaultHome, null, now),
    ...request.accounts.map((setting) => homeCandidate(setting.codexHome, setting, now)),
  ]);
  const pools: PoolCandidates[] = [];
  if (request.imports.ccs) pools.push({ origin: 'ccs', files: await readCcsPool(request.userHome) });
  if (request.imports.codexProxy) pools.push({ origin: 'codex-proxy', files: await readCodexProxyRegistry(request.userHome) });
  return mergeAccounts(homes, pools);
}
