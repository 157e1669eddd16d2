/** A cookie as read from a browser's store, before it goes into the jar. Values stay in memory only. */
export interface RawCookie {
  /** The store's host field: `.chatgpt.com` for a domain cookie, `chatgpt.com` for a host-only one. */
  host: string;
  name: string;
  value: string;
  path: string;
  /** Unix milliseconds, or null for a session cookie. */
  expiresAt: number | null;
  secure: boolean;
  httpOnly: boolean;
}

/** What one browser profile gave: its cookies for the sites, and why some could not be read. */
export interface StoreCookies {
  cookies: RawCookie[];
  /** In words for a person; never a value. */
  notes: string[];
}

/** The sites whose cookies the web source reads (interface §2). */
export const COOKIE_SITES = ['chatgpt.com', 'openai.com'] as const;

/** True for chatgpt.com, openai.com and their subdomains, with or without the leading dot of a domain cookie. */
export function isCookieSiteHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\./, '');
  return COOKIE_SITES.some((site) => bare === site || bare.endsWith(`.${site}`));
}

/** SQL for a store's host column: both sites, with and without the leading dot, and every subdomain. */
export function cookieSiteSqlFilter(column: string): string {
  const exact = COOKIE_SITES.flatMap((site) => [`'${site}'`, `'.${site}'`]).join(', ');
  const subdomains = COOKIE_SITES.map((site) => `${column} LIKE '%.${site}'`).join(' OR ');
  return `(${column} IN (${exact}) OR ${subdomains})`;
}

/**
 * Names that mark a signed-in ChatGPT session (NextAuth/Auth.js session tokens, possibly chunked as
 * `.0`, `.1`, and the `_account` cookie), as CodexBar's importer looks for them.
 */
export function isSessionCookieName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.includes('session-token') || lower.includes('authjs') || lower.includes('next-auth') || lower === '_account';
}
