// Holds one browser profile's cookies in memory (tough-cookie, RFC 6265 matching) and builds the
// Cookie header a browser would send to chatgpt.com. Nothing here is ever written anywhere.

import { Cookie, CookieJar, MemoryCookieStore } from 'tough-cookie';
import { registerSecret } from '../util/secret-registry.js';
import { isSessionCookieName, type RawCookie } from './raw-cookie.js';

export const DEFAULT_COOKIE_SITE = 'chatgpt.com';

/**
 * The site whose cookies go with a request to `origin`: the origin itself when it is chatgpt.com or
 * openai.com (or a subdomain), else chatgpt.com. The web source only ever asks this for
 * https://chatgpt.com or the origin of `$QUOTABAR_CHATGPT_BASE_URL` (resolveWebBaseUrl): another origin
 * gets chatgpt.com's session only because the person pointed QuotaBar there explicitly (a test double,
 * a proxy), never because config.toml names it.
 */
export function cookieSiteFor(origin: string): string {
  const host = new URL(origin).hostname.toLowerCase();
  return host === 'chatgpt.com' || host.endsWith('.chatgpt.com') || host === 'openai.com' || host.endsWith('.openai.com') ? host : DEFAULT_COOKIE_SITE;
}

export class SessionCookieJar {
  private readonly jar = new CookieJar(new MemoryCookieStore());
  private readonly names = new Set<string>();

  /**
   * Drops cookies already expired at `now`, the one expiry check: tough-cookie's own check reads the
   * wall clock (its getCookies takes no `now`), so headers are built with it off and the jar stays
   * consistent with the clock its caller injected.
   */
  constructor(cookies: readonly RawCookie[], now: Date) {
    for (const raw of cookies) {
      if (raw.expiresAt !== null && raw.expiresAt <= now.getTime()) continue;
      registerSecret(raw.value);
      const domainCookie = raw.host.startsWith('.');
      const host = raw.host.replace(/^\./, '');
      const cookie = new Cookie({
        key: raw.name,
        value: raw.value,
        domain: domainCookie ? host : null,
        path: raw.path || '/',
        secure: raw.secure,
        httpOnly: raw.httpOnly,
        expires: raw.expiresAt === null ? 'Infinity' : new Date(raw.expiresAt),
      });
      const stored = this.jar.setCookieSync(cookie, `https://${host}${raw.path || '/'}`, { ignoreError: true, now });
      if (stored !== undefined) this.names.add(raw.name);
    }
  }

  get size(): number {
    return this.names.size;
  }

  /** True when one of the cookies marks a signed-in session (not just analytics or Cloudflare cookies). */
  hasSessionCookie(): boolean {
    return [...this.names].some(isSessionCookieName);
  }

  /** The `Cookie:` value for a request to `path` on `site` over HTTPS. */
  headerFor(site: string, path: string): string {
    const header = this.jar.getCookieStringSync(`https://${site}${path}`, { expire: false });
    registerSecret(header);
    return header;
  }
}
