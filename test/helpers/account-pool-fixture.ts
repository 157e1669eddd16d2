// Lays out CCS's and codex-proxy's account files under a fake HOME, shaped like those tools write them
// (CLIProxyAPI's codex token file; codex-proxy's accounts.json), with fake JWTs carrying a marker.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeJwt } from './codex-home-fixture.js';

export interface PoolAccountFixture {
  email: string;
  accountId: string;
  plan?: string;
  /** Unix ms; the file's own expiry field. */
  expiresAtMs: number;
  marker: string;
  /** Leave the account id out of the file so it must come from the token's claims. */
  accountIdInClaimsOnly?: boolean;
}

export interface WrittenPoolAccount {
  accessToken: string;
  refreshToken: string;
  idToken: string;
}

function tokensFor(account: PoolAccountFixture): WrittenPoolAccount {
  const authClaim = { chatgpt_plan_type: account.plan ?? 'plus', chatgpt_account_id: account.accountId };
  return {
    accessToken: makeJwt({ 'https://api.openai.com/auth': authClaim, exp: Math.floor(account.expiresAtMs / 1000) }, `${account.marker}-access`),
    idToken: makeJwt({ email: account.email, 'https://api.openai.com/auth': authClaim }, `${account.marker}-id`),
    refreshToken: `rt_${account.marker}_refresh`,
  };
}

/** `~/.ccs/cliproxy/auth/codex-<email>.json`; returns the file's path and tokens. */
export function writeCcsAccount(home: string, account: PoolAccountFixture, fileName = `codex-${account.email}.json`): WrittenPoolAccount & { path: string } {
  const dir = join(home, '.ccs', 'cliproxy', 'auth');
  mkdirSync(dir, { recursive: true });
  const tokens = tokensFor(account);
  const file = {
    id_token: tokens.idToken,
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    ...(account.accountIdInClaimsOnly ? {} : { account_id: account.accountId }),
    last_refresh: '2026-11-20T10:00:00+08:00',
    email: account.email,
    type: 'codex',
    expired: new Date(account.expiresAtMs).toISOString().replace('.000Z', '+00:00'),
  };
  const path = join(dir, fileName);
  writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  return { ...tokens, path };
}

/** `~/.codex-claude-proxy/accounts.json` holding these accounts (and any raw extra entries). */
export function writeCodexProxyRegistry(
  home: string,
  accounts: PoolAccountFixture[],
  extraEntries: unknown[] = [],
): { path: string; tokens: WrittenPoolAccount[] } {
  const dir = join(home, '.codex-claude-proxy');
  mkdirSync(dir, { recursive: true });
  const tokens = accounts.map(tokensFor);
  const registry = {
    accounts: [
      ...accounts.map((account, i) => ({
        email: account.email,
        ...(account.accountIdInClaimsOnly ? {} : { accountId: account.accountId }),
        planType: account.plan ?? 'plus',
        accessToken: tokens[i]?.accessToken,
        refreshToken: tokens[i]?.refreshToken,
        idToken: tokens[i]?.idToken,
        expiresAt: account.expiresAtMs,
        addedAt: '2026-11-01T04:00:00.000Z',
        lastUsed: '2026-11-20T04:30:00.000Z',
        quota: { lastChecked: '2026-11-20T10:00:00.000Z' },
      })),
      ...extraEntries,
    ],
    activeAccount: accounts[0]?.email ?? null,
    version: 1,
  };
  const path = join(dir, 'accounts.json');
  writeFileSync(path, JSON.stringify(registry, null, 2), { mode: 0o600 });
  return { path, tokens };
}
