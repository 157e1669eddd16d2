import type { SourceId, UsageSnapshot } from '../../../shared/usage-model.js';
import type { Env } from '../paths/codex-home.js';
import type { Logger } from '../util/logger.js';
import type { SourceError } from '../util/source-error.js';

/** Everything a source needs to run, resolved once per refresh (interface §1). */
export interface FetchContext {
  codexHome: string;
  /** `--codex-bin` or $CODEX_CLI_PATH as given; discovery happens in the sources that spawn codex. */
  codexBinOverride: string | undefined;
  /** The backend base URL, e.g. https://chatgpt.com/backend-api (see backend-url.ts). */
  baseUrl: string;
  env: Env;
  /** Upper bound for any single wait in milliseconds (`--timeout`); sources use their own defaults below it. */
  timeoutMs: number | undefined;
  /** A pasted `Cookie:` header for the web source (`--cookie-header` or the setting). */
  cookieHeader: string | undefined;
  /** True when a person asked for this refresh (may show an OS keychain prompt); false for background refreshes. */
  interactive: boolean;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

export type Availability = { ok: true } | { ok: false; error: SourceError };

/** One way of getting usage: the strategy the fallback chain walks through. */
export interface UsageSource {
  readonly id: SourceId;
  /** Cheap checks only (files present, binary found): no network, no child processes. */
  isAvailable(ctx: FetchContext): Promise<Availability>;
  fetch(ctx: FetchContext): Promise<UsageSnapshot>;
  /** Whether the auto chain may try the next source after this error (interface §2). */
  shouldFallback(error: SourceError): boolean;
}

/** A source's own default, capped by `--timeout`. */
export function cappedTimeout(defaultMs: number, ctx: Pick<FetchContext, 'timeoutMs'>): number {
  return ctx.timeoutMs === undefined ? defaultMs : Math.min(defaultMs, ctx.timeoutMs);
}
