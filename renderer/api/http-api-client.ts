// QuotaBarApi over `quotabar serve`'s HTTP routes, with pushed events read from /api/events.
// Used when the page is not inside Electron (no preload bridge).

import type { ApiAccess, ApiEvent, AppState, QuotaBarApi, SaveSettingsResult, SettingsPatch } from '../../shared/quotabar-api.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from '../../shared/reset-credits.js';
import { SseParser } from './sse-parser.js';

export interface HttpApiOptions {
  /** Origin and path prefix of the server, e.g. "http://127.0.0.1:8719"; "" for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Where Preferences/close navigate in a browser tab. */
  navigate?: (view: 'popover' | 'preferences') => void;
  /** Reconnect delays for the event stream, in milliseconds. */
  retryDelaysMs?: number[];
}

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

const EVENT_TYPES = new Set(['state', 'refreshing', 'usage', 'cost']);

export function createHttpApiClient(options: HttpApiOptions = {}): QuotaBarApi {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const retryDelays = options.retryDelaysMs ?? [500, 1000, 2000, 5000, 10000];
  const listeners = new Set<(event: ApiEvent) => void>();
  let stream: AbortController | null = null;
  let access: ApiAccess | null = null;

  const headers = (json: boolean): Record<string, string> => {
    const h: Record<string, string> = { Accept: json ? 'application/json' : 'text/event-stream' };
    return h;
  };

  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, okStatuses: number[] = [200]): Promise<T> => {
    let response: Response;
    try {
      // same-origin: the HttpOnly cookie that the printed `?token=` link set goes with every request.
      const init: RequestInit = { method, headers: headers(true), cache: 'no-store', credentials: 'same-origin' };
      if (body !== undefined) {
        init.headers = { ...headers(true), 'Content-Type': 'application/json' };
        init.body = JSON.stringify(body);
      }
      response = await doFetch(`${base}${path}`, init);
    } catch {
      throw new ApiRequestError('QuotaBar is not reachable. Is `quotabar serve` still running?', null);
    }
    if (!okStatuses.includes(response.status)) {
      const detail = await response.json().then(
        (j: unknown) => (isObject(j) && isObject(j.error) && typeof j.error.message === 'string' ? j.error.message : null),
        () => null,
      );
      const hint = response.status === 401 ? 'This QuotaBar server requires Authorization: Bearer <token> on every request.' : null;
      throw new ApiRequestError(detail ?? hint ?? `QuotaBar answered ${response.status}.`, response.status);
    }
    return (await response.json()) as T;
  };

  const dispatch = (event: ApiEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  const runStream = async (controller: AbortController): Promise<void> => {
    let attempt = 0;
    while (!controller.signal.aborted) {
      try {
        const response = await doFetch(`${base}/api/events`, {
          headers: headers(false),
          cache: 'no-store',
          credentials: 'same-origin',
          signal: controller.signal,
        });
        if (!response.ok || response.body === null) throw new Error(`events answered ${response.status}`);
        attempt = 0;
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            const event = toApiEvent(message.event, message.data);
            if (event !== null) dispatch(event);
          }
        }
      } catch {
        // Reconnect below; the server sends the whole state again on connect.
      }
      if (controller.signal.aborted) return;
      const delay = retryDelays[Math.min(attempt, retryDelays.length - 1)] ?? 5000;
      attempt += 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        controller.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  return {
    getState: () => request<AppState>('GET', '/api/state'),
    async getAccess() {
      access = await request<ApiAccess>('GET', '/api/access');
      return access;
    },
    async refresh() {
      // A read-only page cannot POST; it may still ask for a refresh the way status bars do (rate-limited).
      if (access !== null && !access.canWrite) await request<unknown>('GET', '/api/usage?refresh=1', undefined, [200, 503]);
      else await request<{ ok: boolean }>('POST', '/api/refresh', { interactive: true });
    },
    saveSettings: (patch: SettingsPatch) => request<SaveSettingsResult>('POST', '/api/settings', patch, [200, 422]),
    setManualCookieHeader: (header: string | null) => request<SaveSettingsResult>('POST', '/api/cookie-header', { header }, [200, 422]),
    useResetCredit: (use: ResetCreditUseRequest) => request<ResetCreditUseResult>('POST', '/api/reset-credit', use),
    subscribe(listener) {
      listeners.add(listener);
      if (stream === null) {
        const controller = new AbortController();
        stream = controller;
        void runStream(controller);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream !== null) {
          stream.abort();
          stream = null;
        }
      };
    },
    async openPreferences() {
      options.navigate?.('preferences');
    },
    async closeWindow() {
      options.navigate?.('popover');
    },
    async quit() {
      // A browser tab has nothing to quit; the host is 'web', so the popover hides the button.
    },
  };
}

function toApiEvent(type: string, data: string): ApiEvent | null {
  if (!EVENT_TYPES.has(type)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(payload)) return null;
  if (type === 'state') return { type: 'state', state: payload as unknown as AppState };
  if (type === 'refreshing') return { type: 'refreshing' };
  if (type === 'usage') return { type: 'usage', usage: payload as unknown as Extract<ApiEvent, { type: 'usage' }>['usage'] };
  return { type: 'cost', cost: payload as unknown as Extract<ApiEvent, { type: 'cost' }>['cost'] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
