import type { Attempt, SourceId, UsageSnapshot } from '../../../shared/usage-model.js';
import { SourceError } from '../util/source-error.js';
import type { FetchContext, UsageSource } from './usage-source.js';

export type ChainOutcome =
  | { ok: true; source: SourceId; snapshot: UsageSnapshot; attempts: Attempt[] }
  | { ok: false; error: SourceError; attempts: Attempt[] };

function asSourceError(error: unknown, source: SourceId): SourceError {
  if (error instanceof SourceError) return error;
  // An unexpected exception is a bug, but it must still end as an answer, not a crash.
  const detail = error instanceof Error ? error.message : String(error);
  return new SourceError('bad_response', `The ${source} source failed unexpectedly (${detail}). Please report this.`);
}

/**
 * Walks the sources in order and returns the first success (CONTRACT §2). A failure moves on
 * only when its source's `shouldFallback` allows it; every try is recorded in `attempts`.
 */
export async function runChain(sources: readonly UsageSource[], ctx: FetchContext): Promise<ChainOutcome> {
  const attempts: Attempt[] = [];
  let lastError: SourceError | null = null;
  for (const source of sources) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let error: SourceError;
    try {
      const availability = await source.isAvailable(ctx);
      if (!availability.ok) throw availability.error;
      const snapshot = await source.fetch(ctx);
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
