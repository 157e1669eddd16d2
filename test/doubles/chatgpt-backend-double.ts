// A stand-in for the ChatGPT backend on 127.0.0.1: `wham/usage` (and the CLI's `/api/codex/usage`
// path style) in the real snake_case wire format, plus `/api/auth/session` for cookie sessions.
// It checks the credentials it receives exactly as the real one would reject bad ones: with a 401.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BACKEND_SCENARIOS = [
  'plus',
  'pro-spark-review',
  'free-weekly-only',
  'team-spend-control',
  'swapped-windows',
  'malformed-sibling',
  'float-percent',
  'nearly-out',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'server-error',
  'slow',
  'cloudflare-html',
  'not-json',
] as const;
export type BackendScenario = (typeof BACKEND_SCENARIOS)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface WebSession {
  /** Cookie that must be present, e.g. `__Secure-next-auth.session-token`. */
  cookieName: string;
  cookieValue: string;
  email: string;
  /** The access token `/api/auth/session` hands out; wham/usage then accepts it too. */
  accessToken: string;
  /** Serve an expired session (`{}`), as chatgpt.com does when the cookie is stale. */
  expired?: boolean;
}

export interface BackendDoubleOptions {
  scenario: BackendScenario;
  accessToken: string;
  accountId: string | null;
  /** How long `slow` waits before answering (default 10 s). */
  slowMs?: number;
  session?: WebSession;
  /** More signed-in browser sessions (e.g. another account in another browser), served like `session`. */
  sessions?: WebSession[];
  now?: () => number;
  /**
   * The workspace origin `wham/accounts/check` routes the Codex CLI to. Codex accepts only https
   * origins; the default is a loopback port nothing listens on, so the CLI never reaches a real host.
   */
  workspaceOrigin?: string;
  /** Delays the Codex CLI's routing discovery, which its start-up waits for: a slow Codex start. */
  accountsCheckDelayMs?: number;
  /** Usage requests whose User-Agent matches get a 401 (e.g. only QuotaBar's own, not the Codex CLI's). */
  rejectUserAgent?: RegExp;
  /** More signed-in accounts (e.g. a pool of other tools), each with its own token, account id and scenario. */
  accounts?: BackendAccount[];
  /** Reset credits of the signed-in account: counted in wham/usage, listed and consumed on their endpoints. */
  resetCredits?: ResetCreditsOptions;
}

/** A reset credit as the backend lists it (dates as unix seconds here; served as ISO strings, as the backend does). */
export interface DoubleResetCredit {
  id: string;
  status: 'available' | 'redeeming' | 'redeemed';
  grantedAt: number;
  expiresAt: number | null;
  title?: string | null;
}

export interface ResetCreditsOptions {
  credits: DoubleResetCredit[];
  /** What the list endpoint answers: the list (default), a status code, or a body that is not a list. */
  list?: 'ok' | 404 | 500 | 'garbage';
  /** Every consume answers `nothing_to_reset` (no window was used), spending nothing. */
  nothingToReset?: boolean;
  /** The first N consume requests get a 503 before the backend looks at them (a retry then goes through). */
  failFirstConsumes?: number;
}

/** One `POST …/rate-limit-reset-credits/consume` as it arrived, and what it was answered. */
export interface RecordedConsume {
  body: unknown;
  authorized: boolean;
  accountIdMatched: boolean;
  status: number;
  code: string | null;
}

export interface BackendAccount {
  accessToken: string;
  accountId: string;
  /** Default: the double's scenario. */
  scenario?: BackendScenario;
}

export const LOOPBACK_WORKSPACE_ORIGIN = 'https://127.0.0.1:9';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Which credentials arrived (never their values, so no test output can leak them). */
  authorized: boolean;
  accountIdMatched: boolean;
  userAgent: string | undefined;
  cookieMatched: boolean;
  /** The account id of the `accounts` entry whose token arrived, if any. */
  account?: string;
}

export interface BackendDouble {
  /** e.g. http://127.0.0.1:PORT/backend-api — the QUOTABAR_CHATGPT_BASE_URL to use. */
  baseUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** The last wham body served, to compute expected output from. */
  lastBody: Json | undefined;
  /** Every reset-credit consume request, in order. */
  consumes: RecordedConsume[];
  setScenario(scenario: BackendScenario): void;
  /** Changes what one of the `accounts` gets from now on (by its account id). */
  setAccountScenario(accountId: string, scenario: BackendScenario): void;
  close(): Promise<void>;
}

function window(usedPercent: number, seconds: number, resetAfter: number, nowSec: number): Json {
  return { used_percent: usedPercent, limit_window_seconds: seconds, reset_after_seconds: resetAfter, reset_at: nowSec + resetAfter };
}

const H5 = 18000;
const WEEK = 604800;

/** The wham/usage body of a scenario at a given time (unix seconds). Exported for tests' expectations. */
export function scenarioBody(scenario: BackendScenario, nowSec: number): Json {
  switch (scenario) {
    case 'plus':
      return {
        plan_type: 'plus',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(23, H5, 7500, nowSec), secondary_window: window(41, WEEK, 300000, nowSec) },
        credits: { has_credits: false, unlimited: false, balance: '0E-10' },
        additional_rate_limits: null,
      };
    case 'pro-spark-review':
      return {
        user_id: 'user-1',
        account_id: 'acc-123',
        email: 'pro@example.com',
        plan_type: 'pro',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(4, H5, 8657, nowSec), secondary_window: window(19, WEEK, 187681, nowSec) },
        credits: {
          has_credits: true,
          unlimited: false,
          overage_limit_reached: false,
          balance: '7.5',
          approx_local_messages: [1, 2],
          approx_cloud_messages: [0, 1],
        },
        code_review_rate_limit: { allowed: true, limit_reached: false, primary_window: window(12, WEEK, 400000, nowSec), secondary_window: null },
        additional_rate_limits: [
          {
            limit_name: 'GPT-5.3-Codex-Spark',
            metered_feature: 'gpt_5_3_codex_spark',
            rate_limit: { allowed: true, limit_reached: false, primary_window: window(3, H5, 9000, nowSec), secondary_window: window(9, WEEK, 200000, nowSec) },
          },
          {
            limit_name: 'codex_other',
            metered_feature: 'codex_other',
            rate_limit: { allowed: true, limit_reached: false, primary_window: window(88, 1800, 600, nowSec) },
          },
        ],
        rate_limit_reached_type: null,
      };
    case 'free-weekly-only':
      return {
        plan_type: 'free',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(62, WEEK, 250000, nowSec), secondary_window: null },
        credits: { has_credits: false, unlimited: false, balance: null },
      };
    case 'team-spend-control':
      return {
        plan_type: 'team',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(10, H5, 3600, nowSec), secondary_window: window(20, WEEK, 500000, nowSec) },
        credits: { has_credits: false, unlimited: false, balance: 0 },
        spend_control: {
          reached: false,
          individual_limit: {
            source: 'workspace_spend_controls',
            limit: '1000',
            used: '36.79',
            remaining: '963.2',
            used_percent: 4,
            remaining_percent: 96,
            reset_after_seconds: 2105558,
            reset_at: nowSec + 2105558,
          },
        },
      };
    case 'swapped-windows':
      return {
        plan_type: 'plus',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(41, WEEK, 300000, nowSec), secondary_window: window(23, H5, 7500, nowSec) },
      };
    case 'malformed-sibling':
      return {
        plan_type: 'pro',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(50, H5, 100, nowSec), secondary_window: window(60, WEEK, 1000, nowSec) },
        additional_rate_limits: [
          { limit_name: 'Broken', metered_feature: 'broken', rate_limit: { primary_window: { used_percent: 'lots', limit_window_seconds: 'soon' } } },
          'not an object',
          {
            limit_name: 'GPT-5.3-Codex-Spark',
            metered_feature: 'gpt_5_3_codex_spark',
            rate_limit: { allowed: true, limit_reached: false, primary_window: window(7, H5, 500, nowSec) },
          },
        ],
      };
    case 'nearly-out':
      return {
        plan_type: 'plus',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(97, H5, 1200, nowSec), secondary_window: window(90, WEEK, 90000, nowSec) },
      };
    case 'float-percent':
      return {
        plan_type: 'plus',
        rate_limit: {
          allowed: true,
          limit_reached: false,
          primary_window: { ...(window(0, H5, 60, nowSec) as { [k: string]: Json }), used_percent: 12.5 },
          secondary_window: window(40, WEEK, 1000, nowSec),
        },
        credits: { has_credits: true, unlimited: true, balance: null },
      };
    default:
      return null;
  }
}

const CLOUDFLARE_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><div id="cf-wrapper">' +
  '<h1>Checking if the site connection is secure</h1><p>chatgpt.com needs to review the security of your connection.</p>' +
  '<div class="cf-error-details">Ray ID: 8f00000000000000</div></div></body></html>';

export async function startBackendDouble(options: BackendDoubleOptions): Promise<BackendDouble> {
  let scenario = options.scenario;
  const requests: RecordedRequest[] = [];
  const now = options.now ?? (() => Date.now());
  const pending = new Set<ServerResponse>();
  const state: { lastBody: Json | undefined } = { lastBody: undefined };
  /** Scenarios changed during a test (setAccountScenario); an account's own scenario until then. */
  const accountScenarios = new Map<string, BackendScenario>();
  const allSessions = [...(options.session ? [options.session] : []), ...(options.sessions ?? [])];
  const resetCredits = options.resetCredits ? structuredClone(options.resetCredits) : undefined;
  const consumes: RecordedConsume[] = [];
  const redeemedByRequest = new Map<string, string>();
  const iso = (sec: number | null): string | null => (sec === null ? null : new Date(sec * 1000).toISOString());
  const availableCredits = () => (resetCredits?.credits ?? []).filter((c) => c.status === 'available');
  const creditJson = (c: DoubleResetCredit): Json => ({
    id: c.id,
    reset_type: 'codex_rate_limits',
    status: c.status,
    granted_at: iso(c.grantedAt),
    expires_at: iso(c.expiresAt),
    redeem_started_at: null,
    redeemed_at: null,
    title: c.title ?? null,
    description: null,
  });

  const send = (res: ServerResponse, status: number, body: string, type = 'application/json'): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

  const handleUsage = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void => {
    const tokens = [options.accessToken, ...allSessions.map((s) => s.accessToken)].filter((t): t is string => typeof t === 'string');
    const auth = req.headers.authorization ?? '';
    const accountHeader = req.headers['chatgpt-account-id'];
    const extra = options.accounts?.find((a) => auth === `Bearer ${a.accessToken}`);
    if (extra !== undefined) {
      record.authorized = true;
      record.account = extra.accountId;
      record.accountIdMatched = accountHeader === extra.accountId;
      if (!record.accountIdMatched) {
        send(res, 403, JSON.stringify({ detail: 'Account mismatch' }));
        return;
      }
      answerUsage(res, accountScenarios.get(extra.accountId) ?? extra.scenario ?? scenario);
      return;
    }
    record.authorized = tokens.some((t) => auth === `Bearer ${t}`);
    record.accountIdMatched = options.accountId === null ? accountHeader === undefined : accountHeader === options.accountId;
    if (!record.authorized || (options.rejectUserAgent?.test(req.headers['user-agent'] ?? '') ?? false)) {
      send(res, 401, JSON.stringify({ detail: 'Could not validate your credentials' }));
      return;
    }
    if (options.accountId !== null && !record.accountIdMatched && auth === `Bearer ${options.accessToken}`) {
      send(res, 403, JSON.stringify({ detail: 'Account mismatch' }));
      return;
    }
    answerUsage(res, scenario);
  };

  const answerUsage = (res: ServerResponse, scenario: BackendScenario): void => {
    switch (scenario) {
      case 'unauthorized':
        send(res, 401, JSON.stringify({ error: { message: 'Your authentication token has expired.', code: 'token_expired' } }));
        return;
      case 'forbidden':
        send(res, 403, JSON.stringify({ detail: 'Forbidden' }));
        return;
      case 'rate-limited':
        res.setHeader('retry-after', '30');
        send(res, 429, JSON.stringify({ detail: 'Too many requests' }));
        return;
      case 'server-error':
        send(res, 500, JSON.stringify({ detail: 'Internal server error' }));
        return;
      case 'cloudflare-html':
        send(res, 403, CLOUDFLARE_PAGE, 'text/html; charset=UTF-8');
        return;
      case 'not-json':
        send(res, 200, 'upstream connect error or disconnect/reset before headers', 'text/plain');
        return;
      case 'slow': {
        pending.add(res);
        const timer = setTimeout(() => {
          pending.delete(res);
          const body = scenarioBody('plus', Math.floor(now() / 1000));
          state.lastBody = body;
          send(res, 200, JSON.stringify(body));
        }, options.slowMs ?? 10_000);
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(res);
        });
        return;
      }
      default: {
        let body = scenarioBody(scenario, Math.floor(now() / 1000));
        if (resetCredits && body !== null && typeof body === 'object' && !Array.isArray(body)) {
          body = { ...body, rate_limit_reset_credits: { available_count: availableCredits().length } };
        }
        state.lastBody = body;
        send(res, 200, JSON.stringify(body));
      }
    }
  };

  const handleSession = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void => {
    const cookies = parseCookieHeader(req.headers.cookie ?? '');
    const session = allSessions.find((s) => cookies.get(s.cookieName) === s.cookieValue);
    record.cookieMatched = session !== undefined;
    if (session === undefined || !record.cookieMatched || session.expired === true) {
      // chatgpt.com answers an anonymous or expired session with an empty object.
      send(res, 200, '{}');
      return;
    }
    send(
      res,
      200,
      JSON.stringify({
        user: { id: 'user-web', name: 'Web User', email: session.email, image: null },
        expires: new Date(now() + 30 * 86400_000).toISOString(),
        accessToken: session.accessToken,
        authProvider: 'openai',
      }),
    );
  };

  /** The signed-in account's credentials, as wham/usage checks them; a 401/403 is sent when they do not match. */
  const checkAccount = (req: IncomingMessage, res: ServerResponse): { authorized: boolean; accountIdMatched: boolean; ok: boolean } => {
    const authorized = (req.headers.authorization ?? '') === `Bearer ${options.accessToken}`;
    const accountIdMatched =
      options.accountId === null ? req.headers['chatgpt-account-id'] === undefined : req.headers['chatgpt-account-id'] === options.accountId;
    if (!authorized) send(res, 401, JSON.stringify({ detail: 'Could not validate your credentials' }));
    else if (!accountIdMatched) send(res, 403, JSON.stringify({ detail: 'Account mismatch' }));
    return { authorized, accountIdMatched, ok: authorized && accountIdMatched };
  };

  const handleResetCreditList = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void => {
    const check = checkAccount(req, res);
    record.authorized = check.authorized;
    record.accountIdMatched = check.accountIdMatched;
    if (!check.ok) return;
    const list = resetCredits?.list ?? 'ok';
    if (resetCredits === undefined || list === 404) return send(res, 404, JSON.stringify({ detail: 'Not Found' }));
    if (list === 500) return send(res, 500, JSON.stringify({ detail: 'Internal server error' }));
    if (list === 'garbage') return send(res, 200, JSON.stringify({ credits: 'soon', available_count: -1 }));
    send(res, 200, JSON.stringify({ credits: resetCredits.credits.map(creditJson), available_count: availableCredits().length }));
  };

  const handleConsume = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest, text: string): void => {
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
    const entry: RecordedConsume = { body, authorized: false, accountIdMatched: false, status: 0, code: null };
    consumes.push(entry);
    const answer = (status: number, payload: Json): void => {
      entry.status = status;
      entry.code = typeof payload === 'object' && payload !== null && !Array.isArray(payload) && typeof payload.code === 'string' ? payload.code : null;
      send(res, status, JSON.stringify(payload));
    };
    const check = checkAccount(req, res);
    record.authorized = entry.authorized = check.authorized;
    record.accountIdMatched = entry.accountIdMatched = check.accountIdMatched;
    if (!check.ok) {
      entry.status = check.authorized ? 403 : 401;
      return;
    }
    if (resetCredits === undefined) return answer(404, { detail: 'Not Found' });
    if ((resetCredits.failFirstConsumes ?? 0) > 0) {
      resetCredits.failFirstConsumes = (resetCredits.failFirstConsumes ?? 0) - 1;
      return answer(503, { detail: 'Service temporarily unavailable' });
    }
    const fields = (typeof body === 'object' && body !== null ? body : {}) as { redeem_request_id?: unknown; credit_id?: unknown };
    if (typeof fields.redeem_request_id !== 'string' || fields.redeem_request_id === '') return answer(422, { detail: 'redeem_request_id is required' });
    const earlier = redeemedByRequest.get(fields.redeem_request_id);
    if (earlier !== undefined) return answer(200, { code: 'already_redeemed', credit: null, windows_reset: 0 });
    if (resetCredits.nothingToReset === true) return answer(200, { code: 'nothing_to_reset', credit: null, windows_reset: 0 });
    const credit = typeof fields.credit_id === 'string' ? availableCredits().find((c) => c.id === fields.credit_id) : availableCredits()[0];
    if (credit === undefined) return answer(200, { code: 'no_credit', credit: null, windows_reset: 0 });
    credit.status = 'redeemed';
    redeemedByRequest.set(fields.redeem_request_id, credit.id);
    answer(200, { code: 'reset', credit: creditJson(credit), windows_reset: 1 });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      authorized: false,
      accountIdMatched: false,
      userAgent: req.headers['user-agent'],
      cookieMatched: false,
    };
    requests.push(record);
    if (req.method === 'GET' && (url.pathname === '/backend-api/wham/usage' || url.pathname === '/api/codex/usage')) {
      handleUsage(req, res, record);
    } else if (
      req.method === 'GET' &&
      (url.pathname === '/backend-api/wham/rate-limit-reset-credits' || url.pathname === '/api/codex/rate-limit-reset-credits')
    ) {
      handleResetCreditList(req, res, record);
    } else if (
      req.method === 'POST' &&
      (url.pathname === '/backend-api/wham/rate-limit-reset-credits/consume' || url.pathname === '/api/codex/rate-limit-reset-credits/consume')
    ) {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        text += chunk;
      });
      req.on('end', () => handleConsume(req, res, record, text));
    } else if (req.method === 'GET' && url.pathname === '/api/auth/session') {
      handleSession(req, res, record);
    } else if (req.method === 'GET' && url.pathname === '/backend-api/wham/accounts/check') {
      // The Codex CLI's workspace routing discovery (the TUI and `account/read` need it).
      const accounts =
        options.accountId === null
          ? []
          : [
              {
                id: options.accountId,
                workspace_backend_origin: options.workspaceOrigin ?? LOOPBACK_WORKSPACE_ORIGIN,
                account_routing_override: 'NO_CONSTRAINT',
              },
            ];
      const answer = () => send(res, 200, JSON.stringify({ accounts }));
      if (options.accountsCheckDelayMs === undefined) answer();
      else {
        pending.add(res);
        const timer = setTimeout(() => {
          pending.delete(res);
          answer();
        }, options.accountsCheckDelayMs);
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(res);
        });
      }
    } else if (req.method === 'GET' && url.pathname === '/backend-api/codex/models') {
      // The model list the Codex CLI fetches at start-up; empty keeps its built-in defaults.
      send(res, 200, JSON.stringify({ models: [] }));
    } else {
      send(res, 404, JSON.stringify({ detail: 'Not Found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/backend-api`,
    origin,
    requests,
    get lastBody() {
      return state.lastBody;
    },
    consumes,
    setScenario(next) {
      scenario = next;
    },
    setAccountScenario(accountId, next) {
      accountScenarios.set(accountId, next);
    },
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseCookieHeader(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}
