// `quotabar serve` (interface §5): the built popover at `/`, the JSON routes, and Server-Sent Events,
// all in front of one AppController. Loopback by default; anywhere else only with a bearer token.
// On loopback without a token, reads are open and every write needs this launch's secret
// (launch-secret.ts); docs/serve-security.md explains the model.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiEvent } from '../../shared/quotabar-api.js';
import type { AppController } from '../core/app/app-controller.js';
import type { AccountsReport } from '../../shared/accounts-model.js';
import { accountsFingerprint } from '../core/accounts/account-usage.js';
import type { Logger } from '../core/util/logger.js';
import { scrubSecrets } from '../core/util/secret-registry.js';
import { cookieHeaderBodySchema, MAX_BODY_BYTES, refreshBodySchema, settingsPatchSchema } from './api-schemas.js';
import { resetCreditUseSchema } from '../core/reset-credits/reset-credit-schema.js';
import {
  BASE_SECURITY_HEADERS,
  bearerMatches,
  hostHeaderAllowed,
  isLoopbackHost,
  sameOriginRequest,
  SETTINGS_FIXED_OVER_HTTP as SETTINGS_FIXED,
  settingsFixedOverHttp,
} from './http-security.js';
import { carriesLaunchSecret, createLaunchSecret, launchCookieHeader, newSecretValue, sameSecret } from './launch-secret.js';
import { BODY_TIMEOUT_MS, HttpError, parseBody, readJson, readJsonBody } from './request-body.js';
import { createSseHub } from './sse-hub.js';
import { defaultRendererDir, resolveStaticPath, sendStaticFile } from './static-files.js';

export interface QuotabarServerOptions {
  controller: AppController;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Required unless `host` is loopback; then every API request must carry `Authorization: Bearer <token>`. */
  token?: string;
  version: string;
  rendererDir?: string;
  logger: Logger;
  /** SSE keep-alive comment interval. */
  heartbeatMs?: number;
  /** This launch's secret (default: a random one); see launch-secret.ts. */
  launchSecret?: string;
  /** Named in the refusal of settings HTTP may not change. */
  settingsPath?: string;
  /** How long a request body may take to arrive (default 10 s). */
  bodyTimeoutMs?: number;
}

/** `GET /api/access`: what this request may do, so the page can show read-only controls. */
export interface ServeAccess {
  /** This request may change settings and start refreshes (it carries the secret or the token). */
  canWrite: boolean;
  /** Settings the page never changes over HTTP (interface §5). */
  fixedSettings: string[];
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8719/ */
  url: string;
  /** The page with this launch's secret, `<url>?token=…`: printed once at start, never logged elsewhere. */
  secretUrl: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export class ServeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeConfigError';
  }
}

export async function startQuotabarServer(options: QuotabarServerOptions): Promise<RunningServer> {
  const { controller, logger } = options;
  const token = options.token === undefined || options.token === '' ? null : options.token;
  const loopback = isLoopbackHost(options.host);
  if (!loopback && token === null) {
    throw new ServeConfigError(`Binding to ${options.host} exposes your usage to the network: pass --token TOKEN (and send it as a bearer token).`);
  }
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  const hub = createSseHub(options.heartbeatMs);
  // interface §7: every account comes from the controller's own refreshes; an `accounts` event only when
  // more than fetch times changed.
  let accountsSent: string | null = null;
  const accountsChanged = (): AccountsReport | null => {
    const report = controller.getAccountsReport();
    if (report === null) return null;
    const fingerprint = accountsFingerprint(report);
    if (fingerprint === accountsSent) return null;
    accountsSent = fingerprint;
    return report;
  };
  accountsChanged();
  const unsubscribe = controller.subscribe((event: ApiEvent) => {
    if (event.type === 'state') {
      hub.broadcast('state', event.state);
      const accounts = accountsChanged();
      if (accounts !== null) hub.broadcast('accounts', accounts);
    } else if (event.type === 'refreshing') hub.broadcast('refreshing', { refreshing: true });
    else if (event.type === 'usage') hub.broadcast('usage', event.usage);
    else if (event.type === 'history') hub.broadcast('history', event.history);
    else hub.broadcast('cost', event.cost);
  });

  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...BASE_SECURITY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(text);
  };
  const secretValue = options.launchSecret ?? newSecretValue();
  // Named once the port is known (the cookie name carries it), before any request is served.
  let secret = createLaunchSecret(options.port, secretValue);
  const fail = (res: ServerResponse, error: HttpError) => json(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);

  // `?refresh=1` is open to anyone on the machine: the scheduler asks the backend at most once per
  // 30 s and never during a Retry-After or the back-off; otherwise the latest result is served.
  const usageBody = async (force: boolean) => {
    if (controller.getState().usage === null) await controller.requestRefresh();
    else if (force) await controller.requestForcedRefresh();
    return controller.getState().usage;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, canWrite: boolean): Promise<void> => {
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    if (method !== 'GET' && method !== 'HEAD' && !canWrite) {
      throw new HttpError(
        401,
        'secret_required',
        'This page is read-only. Open the link `quotabar serve` printed when it started (http://127.0.0.1:PORT/?token=…) to change anything.',
      );
    }
    switch (route) {
      case 'GET /api/health':
        return json(res, 200, { ok: true, version: options.version });
      case 'GET /api/access':
        return json(res, 200, { canWrite, fixedSettings: [...SETTINGS_FIXED] } satisfies ServeAccess);
      case 'GET /api/usage': {
        const usage = await usageBody(url.searchParams.get('refresh') === '1');
        if (usage === null) throw new HttpError(503, 'unavailable', 'Usage is not available yet.');
        // A failed refresh is still the latest `quotabar usage --json` object (interface §5): its own error
        // envelope says what went wrong, so it is served as is.
        return json(res, 200, usage);
      }
      case 'GET /api/cost': {
        let state = controller.getState();
        if (state.cost === null && state.costError === null) {
          await controller.requestRefresh();
          state = controller.getState();
        }
        if (state.cost !== null) return json(res, 200, state.cost);
        return json(res, 503, { schemaVersion: 1, error: { code: 'cost_failed', message: state.costError ?? 'Local cost is not available yet.' } });
      }
      case 'GET /api/history': {
        // interface §5/§8: the `quotabar history --json` object; `?days=N` and `?account=` as on the command line.
        const days = Number(url.searchParams.get('days') ?? '7');
        if (!Number.isFinite(days) || days <= 0) throw new HttpError(400, 'bad_request', 'days must be a positive number.');
        const account = url.searchParams.get('account');
        return json(res, 200, controller.getHistory({ days, ...(account !== null ? { account } : {}) }));
      }
      case 'GET /api/accounts': {
        // Like /api/usage: open on loopback, and `?refresh=1` asks the backend at most once per 30 s.
        if (controller.getAccountsReport() === null) await controller.requestRefresh();
        else if (url.searchParams.get('refresh') === '1') await controller.requestForcedRefresh();
        const report: AccountsReport = controller.getAccountsReport() ?? { schemaVersion: 1, accounts: [] };
        return json(res, 200, report);
      }
      case 'GET /api/state':
        return json(res, 200, controller.getState());
      case 'GET /api/events': {
        res.writeHead(200, {
          ...BASE_SECURITY_HEADERS,
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        const state = controller.getState();
        const initial: Array<{ event: string; data: unknown }> = [{ event: 'state', data: state }];
        if (state.usage !== null) initial.push({ event: 'usage', data: state.usage });
        if (state.cost !== null) initial.push({ event: 'cost', data: state.cost });
        const accounts = controller.getAccountsReport();
        if (accounts !== null) initial.push({ event: 'accounts', data: accounts });
        hub.add(res, initial);
        controller.popoverOpened();
        return;
      }
      case 'POST /api/refresh': {
        const body = await readJsonBody(req, refreshBodySchema, MAX_BODY_BYTES, bodyTimeoutMs);
        const interactive = body.interactive ?? true;
        const ok = interactive ? await controller.requestRefresh() : await controller.refresh({ interactive });
        return json(res, 200, { ok, state: controller.getState() });
      }
      case 'POST /api/settings': {
        const raw = await readJson(req, MAX_BODY_BYTES, bodyTimeoutMs);
        const fixed = settingsFixedOverHttp(raw);
        if (fixed.length > 0) {
          const where = options.settingsPath !== undefined ? `in ${options.settingsPath}` : 'in the settings file';
          throw new HttpError(
            403,
            'setting_fixed',
            `${fixed.join(', ')} name${fixed.length === 1 ? 's' : ''} a program or folder on this computer, so ${fixed.length === 1 ? 'it is' : 'they are'} never changed over HTTP. Change ${fixed.length === 1 ? 'it' : 'them'} in the QuotaBar app's Preferences or ${where}.`,
          );
        }
        const patch = parseBody(raw, settingsPatchSchema);
        const result = controller.saveSettings(patch);
        return json(res, result.ok ? 200 : 422, result);
      }
      case 'POST /api/reset-credit': {
        // Spends a credit: only with this launch's secret or the token (checked above), and never from another site.
        const body = await readJsonBody(req, resetCreditUseSchema, MAX_BODY_BYTES, bodyTimeoutMs);
        return json(res, 200, await controller.useResetCredit(body));
      }
      case 'POST /api/cookie-header': {
        const body = await readJsonBody(req, cookieHeaderBodySchema, MAX_BODY_BYTES, bodyTimeoutMs);
        const result = controller.setManualCookieHeader(body.header);
        return json(res, result.ok ? 200 : 422, result);
      }
      default: {
        const known = [
          '/api/health',
          '/api/access',
          '/api/usage',
          '/api/accounts',
          '/api/cost',
          '/api/history',
          '/api/state',
          '/api/events',
          '/api/refresh',
          '/api/settings',
          '/api/cookie-header',
          '/api/reset-credit',
        ];
        if (known.includes(url.pathname)) {
          const allow = ['/api/refresh', '/api/settings', '/api/cookie-header', '/api/reset-credit'].includes(url.pathname) ? 'POST' : 'GET';
          throw new HttpError(405, 'method_not_allowed', `Use ${allow} for ${url.pathname}.`, { Allow: allow });
        }
        throw new HttpError(404, 'not_found', `No route ${url.pathname}.`);
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (loopback && !hostHeaderAllowed(req.headers.host)) {
      return fail(res, new HttpError(421, 'misdirected', 'This server answers to loopback names only (127.0.0.1, localhost).'));
    }
    // Every route: a page on another site may neither change nor read anything here.
    if (!sameOriginRequest(req.headers)) {
      return fail(res, new HttpError(403, 'forbidden', 'Requests from other sites are refused.'));
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return fail(res, new HttpError(400, 'bad_request', 'Malformed request target.'));
    }
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    // interface §5: with a token, every request carries it, the page's own files included (a browser
    // reaches them through a proxy or extension that adds the header to every request).
    if (token !== null && !bearerMatches(req.headers.authorization, token)) {
      return fail(
        res,
        new HttpError(401, 'unauthorized', 'This QuotaBar server requires Authorization: Bearer <the --token value> on every request.', {
          'WWW-Authenticate': 'Bearer',
        }),
      );
    }
    const method = req.method ?? 'GET';
    const given = url.searchParams.get('token');
    if (!isApi && given !== null && (method === 'GET' || method === 'HEAD')) {
      // The printed link: trade the secret for the cookie, and take it out of the address bar.
      if (!sameSecret(given, secret.value)) {
        return fail(
          res,
          new HttpError(
            401,
            'secret_mismatch',
            'This link is not from the running `quotabar serve` (it prints a new one at every start). Open the link it printed.',
          ),
        );
      }
      res.writeHead(303, {
        ...BASE_SECURITY_HEADERS,
        Location: '/',
        'Set-Cookie': launchCookieHeader(secret),
        'Cache-Control': 'no-store',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    const canWrite = token !== null || carriesLaunchSecret(req.headers, secret);
    if (isApi) return handleApi(req, res, url, canWrite);
    if (method !== 'GET' && method !== 'HEAD') {
      return fail(res, new HttpError(405, 'method_not_allowed', 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' }));
    }
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (file === null) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        return fail(res, new HttpError(503, 'not_built', 'The popover is not built: run `npm run build`.'));
      }
      return fail(res, new HttpError(404, 'not_found', 'Not found.'));
    }
    sendStaticFile(res, file, method === 'HEAD', BASE_SECURITY_HEADERS);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        fail(res, error);
        return;
      }
      logger.error(`serve: ${scrubSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
      fail(res, new HttpError(500, 'internal', 'QuotaBar hit an internal error; see its log.'));
    });
  });
  server.headersTimeout = 15_000;
  // The whole request (not the response: SSE streams live as long as the page) within 30 s, so a
  // client trickling a body the server never reads cannot hold a connection either.
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  secret = createLaunchSecret(address.port, secretValue);
  const hostForUrl = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  let closed = false;
  const url = `http://${hostForUrl}:${address.port}/`;
  return {
    url,
    secretUrl: `${url}?token=${encodeURIComponent(secret.value)}`,
    host: address.address,
    port: address.port,
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      hub.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
