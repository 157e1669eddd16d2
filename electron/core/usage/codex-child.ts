// What the two sources that run Codex (rpc, pty) share: finding its binary, and pointing the child
// at the backend QuotaBar was told to use.
import { resolveCodexBinary } from '../codex/codex-binary.js';
import { SourceError } from '../util/source-error.js';
import { baseUrlFromEnv } from './backend-url.js';
import type { Availability, FetchContext } from './usage-source.js';

/** The codex binary this fetch runs (interface §1's order); a SourceError when there is none. */
export function codexBinaryFor(ctx: FetchContext): string {
  return resolveCodexBinary({ override: ctx.codexBinOverride, env: ctx.env });
}

/** Available when a codex binary is found; its absence is the source's error. */
export async function codexAvailability(ctx: FetchContext): Promise<Availability> {
  try {
    codexBinaryFor(ctx);
    return { ok: true };
  } catch (error) {
    if (error instanceof SourceError) return { ok: false, error };
    throw error;
  }
}

/**
 * `-c chatgpt_base_url=…` when `$QUOTABAR_CHATGPT_BASE_URL` moves the backend. A `chatgpt_base_url`
 * of config.toml is Codex's own setting already, so it is not repeated.
 */
export function baseUrlOverrideArgs(ctx: FetchContext): string[] {
  return baseUrlFromEnv(ctx.env) !== null ? ['-c', `chatgpt_base_url=${JSON.stringify(ctx.baseUrl)}`] : [];
}
