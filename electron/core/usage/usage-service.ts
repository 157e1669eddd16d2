import {
  SCHEMA_VERSION,
  SOURCE_CHAINS,
  type Attempt,
  type SourceChoice,
  type SourceId,
  type UsageFailure,
  type UsageReport,
  type UsageResult,
  type UsageSnapshot,
} from '../../../shared/usage-model.js';
import { readCodexAuth } from '../auth/codex-auth.js';
import { resolveCodexHome } from '../paths/codex-home.js';
import { silentLogger } from '../util/logger.js';
import type { SourceError } from '../util/source-error.js';
import { resolveBackendBaseUrl } from './backend-url.js';
import { normalizePlan } from './plan-ids.js';
import { runChain, type ChainOutcome } from './usage-chain.js';
import type { UsageRequest } from './usage-request.js';
import type { FetchContext, UsageSource } from './usage-source.js';
import { SOURCES } from './source-registry.js';
import { mergeWebExtras } from './web/merge-web-extras.js';

/** interface §2: auto tries oauth, then rpc, then pty; cli tries rpc, then pty; a source id runs alone. */
export function sourcesFor(choice: SourceChoice): UsageSource[] {
  return SOURCE_CHAINS[choice].map((id) => SOURCES[id]);
}

export function buildContext(request: UsageRequest): FetchContext {
  const logger = request.logger ?? silentLogger;
  const codexHome = resolveCodexHome(request.codexHome, request.env);
  return {
    codexHome,
    codexBinOverride: request.codexBin,
    baseUrl: resolveBackendBaseUrl(codexHome, request.env, logger),
    env: request.env,
    timeoutMs: request.timeoutSeconds === undefined ? undefined : Math.round(request.timeoutSeconds * 1000),
    cookieHeader: request.cookieHeader,
    interactive: request.interactive ?? true,
    logger,
    now: request.now ?? (() => new Date()),
    ...(request.signal !== undefined ? { signal: request.signal } : {}),
  };
}

/** The report in interface §3's key order; `warnings` only when there are some (an added field). */
export function toReport(source: SourceId, sources: SourceId[], snapshot: UsageSnapshot, attempts: Attempt[], fetchedAt: Date): UsageReport {
  const report: UsageReport = {
    schemaVersion: SCHEMA_VERSION,
    source,
    sources,
    fetchedAt: fetchedAt.toISOString(),
    account: snapshot.account,
    session: snapshot.session,
    weekly: snapshot.weekly,
    extraWindows: snapshot.extraWindows,
    codeReview: snapshot.codeReview,
    credits: snapshot.credits,
    monthlyLimit: snapshot.monthlyLimit,
    attempts,
  };
  if (snapshot.resetCredits != null) report.resetCredits = snapshot.resetCredits;
  if (snapshot.warnings !== undefined && snapshot.warnings.length > 0) report.warnings = snapshot.warnings;
  return report;
}

export function toFailure(error: SourceError, attempts: Attempt[]): UsageFailure {
  return { schemaVersion: SCHEMA_VERSION, error: error.toInfo(), attempts };
}

/**
 * Fills identity a source did not report from auth.json's token claims (read-only). A plan read back
 * from a TUI display name gives way to the plan id in the claims.
 */
async function withAuthIdentity(snapshot: UsageSnapshot, ctx: FetchContext): Promise<UsageSnapshot> {
  const { email, plan, accountId } = snapshot.account;
  if (email !== null && plan !== null && accountId !== null && snapshot.planFromDisplay !== true) return snapshot;
  const auth = await readCodexAuth(ctx.codexHome, ctx.now());
  if (auth.kind !== 'chatgpt') return snapshot;
  const authPlan = normalizePlan(auth.plan);
  return {
    ...snapshot,
    account: {
      email: email ?? auth.email,
      plan: snapshot.planFromDisplay === true ? (authPlan ?? plan) : (plan ?? authPlan),
      accountId: accountId ?? auth.accountId,
    },
  };
}

/** One usage refresh: the chain (or one source), web extras beside it when enabled, as a contract result. */
export async function fetchUsage(request: UsageRequest): Promise<UsageResult> {
  const ctx = buildContext(request);
  const runWebBeside = request.source === 'auto' && request.webExtras === true;
  const [main, web] = await Promise.all([runChain(sourcesFor(request.source), ctx), runWebBeside ? runChain([SOURCES.web], ctx) : Promise.resolve(null)]);
  return combine(main, web, ctx);
}

async function combine(main: ChainOutcome, web: ChainOutcome | null, ctx: FetchContext): Promise<UsageResult> {
  const attempts = [...main.attempts, ...(web?.attempts ?? [])];
  const fetchedAt = ctx.now();
  if (main.ok) {
    if (web?.ok) {
      const merged = mergeWebExtras(main.snapshot, web.snapshot);
      return toReport(main.source, [main.source, 'web'], await withAuthIdentity(merged, ctx), attempts, fetchedAt);
    }
    return toReport(main.source, [main.source], await withAuthIdentity(main.snapshot, ctx), attempts, fetchedAt);
  }
  // Web backfills usage only when the chain produced none.
  if (web?.ok) return toReport('web', ['web'], await withAuthIdentity(web.snapshot, ctx), attempts, fetchedAt);
  return toFailure(main.error, attempts);
}
