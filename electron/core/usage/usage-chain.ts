import type { Attempt, SourceId, UsageSnapshot } from '../../../shared/usage-model.js';
import { SourceError } from '../util/source-error.js';
import type { FetchContext, UsageSource } from './usage-source.js';

export type ChainOutcome =
  { ok: true; source: SourceId; snapshot: UsageSnapshot; attempts: Attempt[] } | { ok: false; error: SourceError; attempts: Attempt[] };

/**
 * Every attempt ends: a source that has not answered by its limit is cancelled (its signal aborts,
 * so children are killed) and recorded as a timeout. The sources' own timeouts sit at `--timeout`;
 * the grace lets them report their more precise error first, so this catches only what waits on
 * nothing it can time out (a stuck file read, a promise that never settles).
 */
const ATTEMPT_GRACE_MS = 1_000;
/**
 * Without `--timeout` (the app, `serve`): above the longest a source may take by its own defaults (web,
 * interactively: a keychain prompt of up to 60 s, then the session and usage requests).
 */
const DEFAULT_ATTEMPT_LIMIT_MS = 120_000;

/** How long one source may take, file reads included, before the chain stops waiting for it. */
export function attemptLimitMs(ctx: Pick<FetchContext, 'timeoutMs'>): number {
  return (ctx.timeoutMs ?? DEFAULT_ATTEMPT_LIMIT_MS) + ATTEMPT_GRACE_MS;
}

/** The longest chain is auto's oauth → rpc → pty (interface §2); web runs beside it, not after. */
const LONGEST_CHAIN = 3;
const REFRESH_MARGIN_MS = 5_000;

/** An upper bound for a whole refresh: callers that must never wait forever stop waiting after it. */
export function refreshLimitMs(ctx: Pick<FetchContext, 'timeoutMs'>): number {
  return LONGEST_CHAIN * attemptLimitMs(ctx) + REFRESH_MARGIN_MS;
}

async function attempt(source: UsageSource, ctx: FetchContext): Promise<UsageSnapshot> {
  const stop = new AbortController();
  const attemptCtx: FetchContext = { ...ctx, signal: ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal };
  const limitMs = attemptLimitMs(ctx);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop.abort();
      const seconds = Math.round(limitMs / 100) / 10;
      reject(
        new SourceError(
          'timeout',
          `The ${source.id} source did not finish within ${seconds} s and was stopped. Check that the Codex home's files (auth.json, config.toml) are regular files and the network is reachable, then refresh${ctx.timeoutMs !== undefined ? ' (or raise --timeout)' : ''}.`,
        ),
      );
    }, limitMs);
  });
  const run = async (): Promise<UsageSnapshot> => {
    const availability = await source.isAvailable(attemptCtx);
    if (!availability.ok) throw availability.error;
    return source.fetch(attemptCtx);
  };
  try {
    return await Promise.race([run(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function asSourceError(error: unknown, source: SourceId): SourceError {
  if (error instanceof SourceError) return error;
  // An unexpected exception is a bug, but it must still end as an answer, not a crash.
  const detail = error instanceof Error ? error.message : String(error);
  return new SourceError('bad_response', `The ${source} source failed unexpectedly (${detail}). Please report this.`);
}

/**
 * Walks the sources in order and returns the first success (interface §2). A failure moves on
 * only when its source's `shouldFallback` allows it; every try is recorded in `attempts`. Each try
 * is bounded by attemptLimitMs, so the whole refresh is too.
 */
export async function runChain(sources: readonly UsageSource[], ctx: FetchContext): Promise<ChainOutcome> {
  const attempts: Attempt[] = [];
  let lastError: SourceError | null = null;
  for (const source of sources) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let error: SourceError;
    try {
      const snapshot = await attempt(source, ctx);
      const from = snapshot.sessionFrom;
      attempts.push({ source: source.id, ok: true, ms: elapsed(), error: null, ...(from !== undefined ? { from } : {}) });
      return { ok: true, source: source.id, snapshot, attempts };
    } catch (thrown) {
      error = asSourceError(thrown, source.id);
    }
    attempts.push({ source: source.id, ok: false, ms: elapsed(), error: error.toInfo() });
    lastError = error;
    ctx.logger.info(`${source.id}: ${error.code}: ${error.message}`);
    if (!source.shouldFallback(error) || ctx.signal?.aborted) break;
  }
  return {
    ok: false,
    error: lastError ?? new SourceError('bad_arguments', 'No usage source was selected.'),
    attempts,
  };
}
