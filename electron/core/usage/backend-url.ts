import { readCodexConfig } from '../codex/codex-config.js';
import type { Env } from '../paths/codex-home.js';
import type { Logger } from '../util/logger.js';

export const DEFAULT_BASE_URL = 'https://chatgpt.com/backend-api';

/** `$QUOTABAR_CHATGPT_BASE_URL`, normalized, when it is set to something; else null. */
export function baseUrlFromEnv(env: Env): string | null {
  const fromEnv = env.QUOTABAR_CHATGPT_BASE_URL;
  return fromEnv !== undefined && fromEnv.trim() !== '' ? normalizeBaseUrl(fromEnv) : null;
}

/** interface §1: `$QUOTABAR_CHATGPT_BASE_URL`, else `chatgpt_base_url` in config.toml, else chatgpt.com. */
export function resolveBackendBaseUrl(codexHome: string, env: Env, logger?: Logger): string {
  const fromEnv = baseUrlFromEnv(env);
  if (fromEnv !== null) return fromEnv;
  const fromConfig = readCodexConfig(codexHome, logger).chatgptBaseUrl;
  return normalizeBaseUrl(fromConfig ?? DEFAULT_BASE_URL);
}

/** Codex's own rule: trailing slashes trimmed; bare chatgpt.com / chat.openai.com get `/backend-api`. */
export function normalizeBaseUrl(raw: string): string {
  let base = raw.trim();
  while (base.endsWith('/')) base = base.slice(0, -1);
  if (/^https?:\/\/(chatgpt\.com|chat\.openai\.com)$/i.test(base)) base += '/backend-api';
  return base;
}

/** `<base>/wham/usage` when the base contains `/backend-api`, else `<base>/api/codex/usage` (Codex's PathStyle). */
export function usageUrl(baseUrl: string): string {
  return baseUrl.includes('/backend-api') ? `${baseUrl}/wham/usage` : `${baseUrl}/api/codex/usage`;
}

/** The reset-credit list beside the usage endpoint, in the same path style (as the Codex CLI asks for it). */
export function resetCreditsUrl(baseUrl: string): string {
  return baseUrl.includes('/backend-api') ? `${baseUrl}/wham/rate-limit-reset-credits` : `${baseUrl}/api/codex/rate-limit-reset-credits`;
}

/**
 * interface §2 `web`: where browser cookies (and the access token they are exchanged for) may go.
 * Only chatgpt.com over https, unless `$QUOTABAR_CHATGPT_BASE_URL` is set explicitly (tests, proxies):
 * a `chatgpt_base_url` in config.toml is a file any program could have written, so it never moves them.
 */
export function resolveWebBaseUrl(env: Env): string {
  return baseUrlFromEnv(env) ?? DEFAULT_BASE_URL;
}

/** The web origin for `/api/auth/session`: the base URL's origin. */
export function webOrigin(baseUrl: string): string {
  return new URL(baseUrl).origin;
}
