import { join } from 'node:path';
import { readBoundedFile, isBoundedFileError } from '../util/bounded-file.js';
import { registerSecret } from '../util/secret-registry.js';
import { claimsOf } from './jwt-claims.js';

/** What `<codex home>/auth.json` says about how Codex is signed in. Read-only, always. */
export type CodexAuth =
  | { kind: 'missing' }
  /** `fix`, when given, replaces the usual "run `codex login`" advice. */
  | { kind: 'unreadable'; reason: string; fix?: string }
  | { kind: 'apiKey' }
  | {
      kind: 'chatgpt';
      accessToken: string;
      accountId: string | null;
      email: string | null;
      plan: string | null;
      /** The token is about to expire (or too old to trust): only the app-server may refresh it. */
      stale: boolean;
    };

/** Codex refreshes when the access token expires within 5 minutes… */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** …or, for tokens without `exp`, when the last refresh is more than 8 days old. */
const MAX_REFRESH_AGE_MS = 8 * 86_400_000;

export function authFilePath(codexHome: string): string {
  return join(codexHome, 'auth.json');
}

export async function readCodexAuth(codexHome: string, now: Date = new Date()): Promise<CodexAuth> {
  let text: string;
  try {
    // Opened read-only; never written, locked or moved (refresh tokens rotate: redeeming one logs Codex out).
    // Only a regular file of at most 1 MiB is read: a FIFO in its place must not hang the refresh.
    text = await readBoundedFile(authFilePath(codexHome));
  } catch (error) {
    if (!isBoundedFileError(error)) throw error;
    switch (error.problem) {
      case 'missing':
        return { kind: 'missing' };
      case 'not_a_file':
      case 'too_large':
        return { kind: 'unreadable', reason: `it ${error.detail}`, fix: 'Replace it with the file `codex login` writes: remove it, then run `codex login`.' };
      case 'unreadable':
        return { kind: 'unreadable', reason: `cannot read it (${error.errno ?? 'I/O error'})` };
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: 'it is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'unreadable', reason: 'it is not a JSON object' };
  }
  return interpretAuth(json as Record<string, unknown>, now);
}

function pick(obj: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/** Pure: the parsed auth.json object to CodexAuth (snake_case and camelCase keys both accepted). */
export function interpretAuth(file: Record<string, unknown>, now: Date): CodexAuth {
  const apiKey = pick(file, 'OPENAI_API_KEY', 'openai_api_key', 'openaiApiKey');
  registerSecret(apiKey);
  const rawTokens = file.tokens;
  const tokens = typeof rawTokens === 'object' && rawTokens !== null ? (rawTokens as Record<string, unknown>) : null;
  const accessToken = tokens ? pick(tokens, 'access_token', 'accessToken') : null;
  const idToken = tokens ? pick(tokens, 'id_token', 'idToken') : null;
  const refreshToken = tokens ? pick(tokens, 'refresh_token', 'refreshToken') : null;
  for (const secret of [accessToken, idToken, refreshToken]) registerSecret(secret);
  for (const key of ['personal_access_token', 'personalAccessToken', 'agent_identity']) registerSecret(pick(file, key));

  const mode = pick(file, 'auth_mode', 'authMode')?.toLowerCase() ?? null;
  // Codex's own order: an explicit auth_mode, else an API key present means API-key login, else ChatGPT.
  const isApiKeyLogin = mode === 'apikey' || (mode === null && apiKey !== null && accessToken === null);
  if (isApiKeyLogin) return { kind: 'apiKey' };
  if (accessToken === null) {
    return apiKey !== null ? { kind: 'apiKey' } : { kind: 'unreadable', reason: 'it holds no access token' };
  }

  const id = claimsOf(idToken);
  const access = claimsOf(accessToken);
  const accountId = (tokens ? pick(tokens, 'account_id', 'accountId') : null) ?? id.accountId ?? access.accountId;
  return {
    kind: 'chatgpt',
    accessToken,
    accountId,
    email: id.email ?? access.email,
    plan: id.plan ?? access.plan,
    stale: isStale(access.exp, pick(file, 'last_refresh', 'lastRefresh'), now),
  };
}

function isStale(exp: number | null, lastRefresh: string | null, now: Date): boolean {
  if (exp !== null) return exp * 1000 <= now.getTime() + EXPIRY_MARGIN_MS;
  if (lastRefresh === null) return true;
  const refreshedAt = Date.parse(lastRefresh);
  if (Number.isNaN(refreshedAt)) return true;
  return now.getTime() - refreshedAt > MAX_REFRESH_AGE_MS;
}
