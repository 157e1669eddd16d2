// interface §2 `web`: the ChatGPT web session from the browsers' cookies (or a pasted Cookie header).
// Per browser profile, in order: its chatgpt.com cookies → `GET https://chatgpt.com/api/auth/session` (email and
// access token; only `$QUOTABAR_CHATGPT_BASE_URL` moves that origin) → the first session whose email is the Codex account's wins → `wham/usage` with that
// token as Bearer, which also carries code review and credits. No hidden browser window is needed.

import { join } from 'node:path';
import type { UsageSnapshot } from '../../../../shared/usage-model.js';
import { readCodexAuth, type CodexAuth } from '../../auth/codex-auth.js';
import { homeDir, type Env } from '../../paths/codex-home.js';
import { resolveQuotabarHome } from '../../paths/quotabar-home.js';
import { resolveWebBaseUrl, usageUrl, webOrigin } from '../backend-url.js';
import { fetchWhamUsage } from '../oauth/wham-usage-client.js';
import { parseWhamUsage } from '../oauth/wham-usage-parser.js';
import { cappedTimeout, type Availability, type FetchContext, type UsageSource } from '../usage-source.js';
import { SourceError } from '../../util/source-error.js';
import { importBrowserCookies } from '../../web/browser-cookie-import.js';
import { cookiePlatform, findCookieStores, type CookiePlatform } from '../../web/browser-profiles.js';
import { fetchChatgptSession, SESSION_PATH, type ChatgptSession } from './chatgpt-session-client.js';
import { powershellDpapi, type DpapiUnprotect } from '../../web/chromium-safe-storage.js';
import { cookieSiteFor, SessionCookieJar } from '../../web/cookie-jar.js';
import { cookiesFromHeader } from '../../web/cookie-header.js';
import { KeychainGate } from '../../web/keychain-gate.js';
import type { RawCookie } from '../../web/raw-cookie.js';

const SESSION_TIMEOUT_MS = 10_000;
const USAGE_TIMEOUT_MS = 15_000;
/** A Keychain prompt waits for a person; a background refresh never shows one, so it needs less. */
const HELPER_TIMEOUT_INTERACTIVE_MS = 60_000;
const HELPER_TIMEOUT_BACKGROUND_MS = 20_000;
export const PASTED_HEADER_LABEL = 'the pasted Cookie header';
const PASTE_HINT = 'paste the Cookie header of a chatgpt.com request (--cookie-header, or Settings → Cookies)';

export interface WebSourceOptions {
  /** The OS whose browser layout and encryption to expect (default: this one). */
  platform?: NodeJS.Platform;
  /** Windows DPAPI; default: a PowerShell child (Windows only). */
  dpapiUnprotect?: DpapiUnprotect;
  /** Where keychain refusals are remembered (labels and times only); null keeps them in memory. */
  gateFile?: (env: Env) => string | null;
}

/** "Chrome (Default)", "Firefox (abcd.default-release)", "the pasted Cookie header", or null for other sources. */
export function webSessionFrom(snapshot: UsageSnapshot): string | null {
  return snapshot.sessionFrom ?? null;
}

export function defaultGateFile(env: Env): string {
  return join(resolveQuotabarHome(env), 'web-keychain-access.json');
}

interface Candidate {
  label: string;
  cookies: RawCookie[];
  notes: string[];
  manual: boolean;
}

/** What each profile turned out to hold, to explain a failure precisely. */
interface Findings {
  looked: string[];
  notes: string[];
  noCookies: string[];
  noSessionCookie: string[];
  signedOut: string[];
  mismatches: { label: string; email: string }[];
}

function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function expectedEmailOf(auth: CodexAuth): string | null {
  return auth.kind === 'chatgpt' ? auth.email : null;
}

function browserOf(label: string): string {
  return label.replace(/ \(.*\)$/, '');
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function notReadSuffix(f: Findings): string {
  return f.notes.length === 0 ? '' : ` Not read: ${f.notes.join('; ')}.`;
}

/** The one error that explains why no profile gave a usable session. */
export function failureFor(f: Findings, expected: string | null, manual: boolean, env: Env): SourceError {
  if (f.mismatches.length > 0 && expected !== null) {
    const found = f.mismatches.map((m) => `${m.label}=${m.email}`).join(', ');
    const first = f.mismatches[0];
    const lead =
      f.mismatches.length === 1 && first !== undefined
        ? `The chatgpt.com session in ${first.label} is for ${first.email}, not for the Codex account ${expected}.`
        : `No chatgpt.com session is for the Codex account ${expected}. Found: ${found}.`;
    return new SourceError(
      'account_mismatch',
      `${lead} Sign in to chatgpt.com as ${expected} in your browser${manual ? ' and paste that Cookie header instead' : ''}, or run \`codex login\` with the other account.${notReadSuffix(f)}`,
    );
  }
  if (f.signedOut.length > 0) {
    if (manual) {
      return new SourceError(
        'not_logged_in',
        'The pasted Cookie header is signed out or expired (chatgpt.com returned no session). Sign in to chatgpt.com, copy the Cookie header of a fresh request, and paste it again.',
      );
    }
    const browsers = [...new Set(f.signedOut.map(browserOf))];
    return new SourceError(
      'not_logged_in',
      `The chatgpt.com session in ${list(f.signedOut)} has expired or was signed out. Sign in to chatgpt.com again in ${list(browsers)}, then refresh; or ${PASTE_HINT}.${notReadSuffix(f)}`,
    );
  }
  if (f.looked.length === 0) {
    return new SourceError(
      'cookies_missing',
      `No browser profile was found under ${homeDir(env)} (looked for Chrome, Edge, Brave, Chromium, Vivaldi, Opera, Arc, Firefox, Zen, LibreWolf and Safari). Sign in to chatgpt.com in one of them, or ${PASTE_HINT}.`,
    );
  }
  const details: string[] = [];
  if (f.noCookies.length > 0) details.push(`no chatgpt.com cookies in ${list(f.noCookies)}`);
  if (f.noSessionCookie.length > 0) details.push(`signed out of chatgpt.com in ${list(f.noSessionCookie)} (no session cookie)`);
  const detail = details.length > 0 ? ` (${details.join('; ')})` : '';
  return new SourceError(
    'cookies_missing',
    `No browser has a chatgpt.com session${detail}.${notReadSuffix(f)} Sign in to chatgpt.com in your browser, or ${PASTE_HINT}.`,
  );
}

function rewrapUsageError(error: unknown, from: string, manual: boolean): unknown {
  if (!(error instanceof SourceError) || error.code !== 'unauthorized') return error;
  const again = manual
    ? 'Copy a fresh Cookie header from chatgpt.com and paste it again.'
    : `Sign in to chatgpt.com again in ${browserOf(from)}, then refresh; or ${PASTE_HINT}.`;
  return new SourceError('unauthorized', `chatgpt.com's usage API refused the access token of the web session from ${from}. ${again}`);
}

export function createWebSource(options: WebSourceOptions = {}): UsageSource {
  const platform: CookiePlatform = cookiePlatform(options.platform ?? process.platform);
  // Cookie keys stay in memory for the life of this source, so a later background refresh can read a
  // browser that a refresh the person started has already unlocked, with no prompt.
  const keyCache = new Map<string, Buffer>();
  const gates = new Map<string, KeychainGate>();
  const gateFor = (env: Env): KeychainGate => {
    const file = (options.gateFile ?? defaultGateFile)(env);
    const key = file ?? '';
    let gate = gates.get(key);
    if (gate === undefined) {
      gate = new KeychainGate(file);
      gates.set(key, gate);
    }
    return gate;
  };

  async function* candidates(ctx: FetchContext, site: string): AsyncGenerator<Candidate> {
    const header = ctx.cookieHeader?.trim();
    if (header !== undefined && header !== '') {
      yield { label: PASTED_HEADER_LABEL, cookies: cookiesFromHeader(header, site), notes: [], manual: true };
      return;
    }
    const helperTimeoutMs = cappedTimeout(ctx.interactive ? HELPER_TIMEOUT_INTERACTIVE_MS : HELPER_TIMEOUT_BACKGROUND_MS, ctx);
    for await (const imported of importBrowserCookies({
      env: ctx.env,
      platform,
      interactive: ctx.interactive,
      gate: gateFor(ctx.env),
      keyCache,
      dpapiUnprotect: options.dpapiUnprotect ?? powershellDpapi(ctx.env, helperTimeoutMs),
      helperTimeoutMs,
      now: ctx.now,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    })) {
      yield { label: imported.label, cookies: imported.cookies, notes: imported.notes, manual: false };
    }
  }

  async function usageWith(
    session: ChatgptSession,
    from: string,
    manual: boolean,
    auth: CodexAuth,
    matched: boolean,
    baseUrl: string,
    ctx: FetchContext,
  ): Promise<UsageSnapshot> {
    const codexAccountId = matched && auth.kind === 'chatgpt' ? auth.accountId : null;
    let body: unknown;
    try {
      body = await fetchWhamUsage({
        url: usageUrl(baseUrl),
        accessToken: session.accessToken,
        accountId: session.accountId ?? codexAccountId,
        timeoutMs: cappedTimeout(USAGE_TIMEOUT_MS, ctx),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      throw rewrapUsageError(error, from, manual);
    }
    const snapshot = parseWhamUsage(body, ctx.now());
    const warnings = [...(snapshot.warnings ?? [])];
    const expected = expectedEmailOf(auth);
    if (expected === null && session.email !== null) {
      warnings.push(
        `Codex is not signed in with ChatGPT in ${ctx.codexHome}, so the chatgpt.com account ${session.email} (from ${from}) could not be checked against it.`,
      );
    } else if (expected !== null && session.email === null) {
      warnings.push(`chatgpt.com did not say which account the session from ${from} belongs to, so it could not be checked against ${expected}.`);
    }
    const result: UsageSnapshot = {
      ...snapshot,
      account: {
        email: session.email ?? snapshot.account.email,
        plan: snapshot.account.plan ?? session.plan,
        accountId: snapshot.account.accountId ?? session.accountId ?? codexAccountId,
      },
      sessionFrom: from,
    };
    if (warnings.length > 0) result.warnings = warnings;
    else delete result.warnings;
    return result;
  }

  return {
    id: 'web',

    async isAvailable(ctx: FetchContext): Promise<Availability> {
      if (ctx.cookieHeader !== undefined && ctx.cookieHeader.trim() !== '') return { ok: true };
      if (findCookieStores(ctx.env, platform).length > 0) return { ok: true };
      return {
        ok: false,
        error: failureFor({ looked: [], notes: [], noCookies: [], noSessionCookie: [], signedOut: [], mismatches: [] }, null, false, ctx.env),
      };
    },

    async fetch(ctx: FetchContext): Promise<UsageSnapshot> {
      // Not ctx.baseUrl: that one may come from config.toml, which never receives browser cookies.
      const baseUrl = resolveWebBaseUrl(ctx.env);
      const origin = webOrigin(baseUrl);
      const site = cookieSiteFor(origin);
      const auth = await readCodexAuth(ctx.codexHome, ctx.now());
      const expected = expectedEmailOf(auth);
      const findings: Findings = { looked: [], notes: [], noCookies: [], noSessionCookie: [], signedOut: [], mismatches: [] };
      let manual = false;
      for await (const candidate of candidates(ctx, site)) {
        manual = candidate.manual;
        findings.looked.push(candidate.label);
        findings.notes.push(...candidate.notes.map((n) => `${candidate.label}: ${n}`));
        const jar = new SessionCookieJar(candidate.cookies, ctx.now());
        if (jar.size === 0) {
          if (candidate.notes.length === 0) findings.noCookies.push(candidate.label);
          continue;
        }
        // A profile with only analytics or Cloudflare cookies is signed out; asking costs a request each.
        if (!candidate.manual && !jar.hasSessionCookie()) {
          findings.noSessionCookie.push(candidate.label);
          continue;
        }
        const session = await fetchChatgptSession({
          origin,
          cookieHeader: jar.headerFor(site, SESSION_PATH),
          timeoutMs: cappedTimeout(SESSION_TIMEOUT_MS, ctx),
          from: candidate.label,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        if (session === null) {
          findings.signedOut.push(candidate.label);
          continue;
        }
        if (expected !== null && session.email !== null && !sameEmail(expected, session.email)) {
          findings.mismatches.push({ label: candidate.label, email: session.email });
          continue;
        }
        for (const note of findings.notes) ctx.logger.info(`web: ${note}`);
        ctx.logger.info(`web: using the chatgpt.com session from ${candidate.label}`);
        return await usageWith(session, candidate.label, candidate.manual, auth, expected !== null && session.email !== null, baseUrl, ctx);
      }
      throw failureFor(findings, expected, manual, ctx.env);
    },

    shouldFallback(error: SourceError): boolean {
      // Like the other sources (interface §2): move on when this one cannot run or authenticate, not
      // after network, server or response errors from the same backend.
      return ['cookies_missing', 'not_logged_in', 'account_mismatch', 'unauthorized', 'token_stale', 'not_supported', 'bad_arguments'].includes(error.code);
    },
  };
}

/** The web source with this machine's browsers, DPAPI through PowerShell, and refusals remembered in QuotaBar's home. */
export const webSource: UsageSource = createWebSource();
