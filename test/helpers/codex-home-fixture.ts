import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** A unique marker to put inside every secret, so tests can assert it never reaches any output. */
export function canary(): string {
  return `canary${randomUUID().replace(/-/g, '')}`;
}

/** An unsigned JWT like the upstream test fixtures build (alg none), with `marker` in its signature. */
export function makeJwt(payload: Record<string, unknown>, marker = 'signature'): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.${Buffer.from(marker).toString('base64url')}`;
}

export interface AuthOptions {
  email?: string;
  plan?: string;
  accountId?: string | null;
  /** Access-token expiry, unix seconds; omitted = no exp claim. */
  exp?: number;
  lastRefresh?: string | null;
  casing?: 'snake' | 'camel';
  marker?: string;
  /** Leave account_id out of tokens so it must come from the claims. */
  accountIdInClaimsOnly?: boolean;
  authMode?: string;
}

export interface WrittenAuth {
  accessToken: string;
  accountId: string | null;
  path: string;
  text: string;
}

export function writeChatgptAuth(codexHome: string, options: AuthOptions = {}): WrittenAuth {
  const email = options.email ?? 'a@example.com';
  const plan = options.plan ?? 'plus';
  const accountId = options.accountId === undefined ? 'acc-123' : options.accountId;
  const marker = options.marker ?? 'signature';
  const authClaim = { chatgpt_plan_type: plan, chatgpt_user_id: 'user-1', ...(accountId ? { chatgpt_account_id: accountId } : {}) };
  const idToken = makeJwt({ email, 'https://api.openai.com/auth': authClaim }, `${marker}-id`);
  const accessToken = makeJwt({ 'https://api.openai.com/auth': authClaim, ...(options.exp !== undefined ? { exp: options.exp } : {}) }, `${marker}-access`);
  const refreshToken = `rt_${marker}_refresh`;
  const camel = options.casing === 'camel';
  const tokens: Record<string, string> = camel
    ? { idToken, accessToken, refreshToken, ...(accountId && !options.accountIdInClaimsOnly ? { accountId } : {}) }
    : {
        id_token: idToken,
        access_token: accessToken,
        refresh_token: refreshToken,
        ...(accountId && !options.accountIdInClaimsOnly ? { account_id: accountId } : {}),
      };
  const file: Record<string, unknown> = {
    ...(options.authMode !== undefined ? { auth_mode: options.authMode } : {}),
    OPENAI_API_KEY: null,
    tokens,
  };
  const lastRefresh = options.lastRefresh === undefined ? new Date().toISOString().replace('Z', '000000Z') : options.lastRefresh;
  if (lastRefresh !== null) file[camel ? 'lastRefresh' : 'last_refresh'] = lastRefresh;
  mkdirSync(codexHome, { recursive: true });
  const path = join(codexHome, 'auth.json');
  const text = JSON.stringify(file, null, 2);
  writeFileSync(path, text, { mode: 0o600 });
  return { accessToken, accountId, path, text };
}

export function writeApiKeyAuth(codexHome: string, key: string): string {
  mkdirSync(codexHome, { recursive: true });
  const path = join(codexHome, 'auth.json');
  writeFileSync(path, JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: key }, null, 2), { mode: 0o600 });
  return path;
}

export interface TempDir {
  path: string;
  cleanup(): void;
}

export function tempDir(prefix = 'quotabar-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
