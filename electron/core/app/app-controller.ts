// The main-side state holder behind the popover: it owns the latest usage and cost, runs refreshes
// (one at a time), saves settings, and tells subscribers what changed. The Electron shell and
// `quotabar serve` both drive one of these; neither the renderer nor any subscriber ever sees a secret.

import type { AppState, ApiEvent, SaveSettingsResult, SettingsPatch } from '../../../shared/quotabar-api.js';
import type { CostReport } from '../../../shared/cost-model.js';
import type { Settings } from '../../../shared/settings-model.js';
import { DEFAULT_HISTORY_DAYS, type HistoryReport } from '../../../shared/usage-history.js';
import { isUsageFailure, SCHEMA_VERSION, type UsageReport, type UsageResult } from '../../../shared/usage-model.js';
import { resolveCodexHome, type Env } from '../paths/codex-home.js';
import { MANUAL_COOKIE_HEADER_KEY, type SecretStore } from '../secrets/secret-store.js';
import type { SettingsStore } from '../settings/settings-store-types.js';
import type { computeCostReport } from '../cost/cost-service.js';
import type { HistoryStore } from '../history/history-store.js';
import type { UsageRequest } from '../usage/usage-request.js';
import type { runResetCreditAction } from '../reset-credits/reset-credit-action.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from '../../../shared/reset-credits.js';
import type { fetchUsage } from '../usage/usage-service.js';
import { refreshLimitMs } from '../usage/usage-chain.js';
import type { Logger } from '../util/logger.js';
import { scrubSecrets } from '../util/secret-registry.js';
import { checkAndRegisterCookieHeader } from '../web/cookie-header.js';
import { isSourceError, SourceError } from '../util/source-error.js';
import { SessionActivityWatcher, type DirWatchApi } from '../scheduler/session-activity-watcher.js';
import type { SchedulerClock } from '../scheduler/scheduler-clock.js';

export interface AppControllerOptions {
  quotabarHome: string;
  env: Env;
  host: 'electron' | 'web';
  version: string;
  /** `--codex-home`: beats the active account of the settings. */
  codexHomeOverride?: string;
  /** `--codex-bin`: beats the codexBinaryPath setting. */
  codexBinOverride?: string;
  /** `--cookie-header`: beats the stored manual header. */
  cookieHeader?: string;
  /** `--timeout` in seconds, passed to every usage refresh. */
  timeoutSeconds?: number;
  /** A cost scan taking longer than this is reported and no longer waited for (default 2 minutes). */
  costTimeoutMs?: number;
  /** A usage refresh taking longer than this is reported as a timeout and no longer waited for (default refreshLimitMs). */
  usageTimeoutMs?: number;
  secretStore: SecretStore;
  settingsStore: SettingsStore;
  logger: Logger;
  fetchUsage?: FetchUsage;
  computeCost?: ComputeCost;
  /** Spends a reset credit for the shown account (the Codex app-server by default). */
  useResetCredit?: UseResetCredit;
  /** Where every successful refresh is recorded (CONTRACT §8); none, no history. */
  history?: HistoryStore;
  now?: () => Date;
  /** Timers of the session-log watcher (the system clock unless a test passes a fake one). */
  clock?: SchedulerClock;
  /** The file-system calls of the session-log watcher (real ones unless a test passes its own). */
  sessionWatchFs?: DirWatchApi;
  activityDebounceMs?: number;
}

export interface AppController {
  getState(): AppState;
  /** Usage, then cost. Joins a refresh already under way. Resolves true when usage was fetched. */
  refresh(opts?: { interactive?: boolean }): Promise<boolean>;
  saveSettings(patch: SettingsPatch): SaveSettingsResult;
  setManualCookieHeader(header: string | null): SaveSettingsResult;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /**
   * Calls `listener` soon after Codex writes a session log in the active account's Codex home (at most
   * once per debounce period). The folders are watched only while someone listens.
   */
  onSessionActivity(listener: () => void): () => void;
  /** The `quotabar history --json` object: the last `days` (default 7), all accounts or one by id or email. */
  getHistory(query?: { days?: number; account?: string }): HistoryReport;
  /**
   * Spends one reset credit of the shown account after the person confirmed it. The same key while its
   * action runs joins it; a usage refresh follows a reset so the popover shows the new limits.
   */
  useResetCredit(request: ResetCreditUseRequest): Promise<ResetCreditUseResult>;
  dispose(): void;
}

type FetchUsage = typeof fetchUsage;
type ComputeCost = typeof computeCostReport;
type UseResetCredit = typeof runResetCreditAction;

// Loaded on first use: the tray starts faster, and the cost scanner is not loaded where it is not needed.
const defaultFetchUsage: FetchUsage = async (request) => (await import('../usage/usage-service.js')).fetchUsage(request);
const defaultUseResetCredit: UseResetCredit = async (request, use) => (await import('../reset-credits/reset-credit-action.js')).runResetCreditAction(request, use);
const defaultComputeCost: ComputeCost = async (options) => (await import('../cost/cost-service.js')).computeCostReport(options);

export function createAppController(options: AppControllerOptions): AppController {
  const fetchUsageImpl = options.fetchUsage ?? defaultFetchUsage;
  const computeCostImpl = options.computeCost ?? defaultComputeCost;
  const useResetCreditImpl = options.useResetCredit ?? defaultUseResetCredit;
  const resetCreditActions = new Map<string, Promise<ResetCreditUseResult>>();
  const now = options.now ?? (() => new Date());
  const { secretStore, settingsStore, logger } = options;
  // Both headers are secrets from the moment they are known, before any refresh uses them.
  const stored = secretStore.get(MANUAL_COOKIE_HEADER_KEY);
  for (const header of [options.cookieHeader, stored]) {
    if (header) checkAndRegisterCookieHeader(header);
  }

  let state: AppState = {
    version: options.version,
    usage: null,
    lastGoodUsage: null,
    cost: null,
    costError: null,
    refreshing: false,
    settings: settingsStore.load(),
    manualCookieHeaderSet: stored !== null,
    manualCookieHeaderPersistent: secretStore.persistent,
    host: options.host,
  };
  const listeners = new Set<(event: ApiEvent) => void>();
  const activityListeners = new Set<() => void>();
  let sessionWatch: { codexHome: string; watcher: SessionActivityWatcher } | null = null;
  let inFlight: Promise<boolean> | null = null;
  let disposed = false;

  const emit = (event: ApiEvent): void => {
    if (disposed) return;
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        logger.warn(`A state listener failed: ${errorText(error)}`);
      }
    }
  };
  const update = (patch: Partial<AppState>): void => {
    state = { ...state, ...patch };
    emit({ type: 'state', state });
  };

  const usageRequest = (interactive: boolean): UsageRequest => {
    const settings = state.settings;
    const request: UsageRequest = {
      // A setting is a source choice with the command line's meaning (CONTRACT §2: "cli" is rpc, then pty).
      source: settings.usageSource,
      env: options.env,
      webExtras: settings.openaiCookies !== 'off',
      interactive,
      logger,
      now,
    };
    const codexHome = activeCodexHome(settings);
    if (codexHome !== undefined) request.codexHome = codexHome;
    const codexBin = options.codexBinOverride ?? settings.codexBinaryPath ?? undefined;
    if (codexBin !== undefined) request.codexBin = codexBin;
    const cookieHeader = options.cookieHeader ?? (settings.openaiCookies === 'manual' ? secretStore.get(MANUAL_COOKIE_HEADER_KEY) ?? undefined : undefined);
    if (cookieHeader !== undefined) request.cookieHeader = cookieHeader;
    if (options.timeoutSeconds !== undefined) request.timeoutSeconds = options.timeoutSeconds;
    return request;
  };

  const activeCodexHome = (settings: Settings): string | undefined => {
    if (options.codexHomeOverride !== undefined) return options.codexHomeOverride;
    const account = settings.accounts.find((a) => a.id === settings.activeAccountId);
    return account?.codexHome;
  };

  const refreshUsage = async (interactive: boolean): Promise<boolean> => {
    let result: UsageResult;
    const request = usageRequest(interactive);
    const limitMs = options.usageTimeoutMs ?? refreshLimitMs({ timeoutMs: request.timeoutSeconds === undefined ? undefined : request.timeoutSeconds * 1000 });
    try {
      // Later refreshes join this one, so it must end: a refresh stuck past every source's limit is let go.
      result = await withTimeout(
        fetchUsageImpl(request),
        limitMs,
        () => new SourceError('timeout', `it took longer than ${Math.round(limitMs / 1000)} s and was stopped; it is tried again at the next refresh.`),
      );
    } catch (error) {
      // The usage service reports failures as results; a throw is a bug, shown like any failure.
      result = {
        schemaVersion: SCHEMA_VERSION,
        error: { code: isSourceError(error) ? error.code : 'bad_response', message: `Refreshing usage failed: ${errorText(error)}` },
        attempts: [],
      };
    }
    if (disposed) return false;
    const changed = state.usage === null || usageFingerprint(state.usage) !== usageFingerprint(result);
    const failed = isUsageFailure(result);
    if (isUsageFailure(result)) logger.warn(`Usage refresh failed (${result.error.code}): ${result.error.message}`);
    state = { ...state, usage: result, lastGoodUsage: isUsageFailure(result) ? state.lastGoodUsage : result };
    if (changed) emit({ type: 'usage', usage: result });
    if (!isUsageFailure(result) && options.history !== undefined && options.history.record(result)) {
      const history = getHistory();
      state = { ...state, history: shownAccountHistory(history, result) };
      emit({ type: 'history', history });
    }
    emit({ type: 'state', state });
    return !failed;
  };

  const refreshCost = async (): Promise<void> => {
    const codexHome = resolveCodexHome(activeCodexHome(state.settings), options.env);
    try {
      const report = await withTimeout(
        // The popover's by-project view: summed from the same cached rows, so it costs no extra reading.
        computeCostImpl({ codexHome, quotabarHome: options.quotabarHome, logger, now: now(), groupBy: 'project' }),
        options.costTimeoutMs ?? 120_000,
        () => new Error('the scan of the session logs is taking too long; it is tried again at the next refresh'),
      );
      if (disposed) return;
      const changed = state.cost === null || costFingerprint(state.cost) !== costFingerprint(report);
      state = { ...state, cost: report, costError: null };
      if (changed) emit({ type: 'cost', cost: report });
    } catch (error) {
      if (disposed) return;
      const message = `Local cost could not be computed: ${errorText(error)}`;
      logger.warn(message);
      state = { ...state, costError: message };
    }
  };

  const getHistory = (query: { days?: number; account?: string } = {}): HistoryReport => {
    if (options.history === undefined) return { schemaVersion: 1, accounts: [] };
    const days = query.days ?? DEFAULT_HISTORY_DAYS;
    return options.history.read({ since: new Date(now().getTime() - days * 86_400_000), ...(query.account !== undefined ? { account: query.account } : {}) });
  };

  const refresh = (opts: { interactive?: boolean } = {}): Promise<boolean> => {
    if (disposed) return Promise.resolve(false);
    if (inFlight !== null) return inFlight;
    const run = async (): Promise<boolean> => {
      update({ refreshing: true });
      const ok = await refreshUsage(opts.interactive ?? false);
      await refreshCost();
      if (!disposed) update({ refreshing: false });
      return ok;
    };
    inFlight = run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  /** Watches the active account's Codex home while anyone listens; follows account changes. */
  const syncSessionWatch = (): void => {
    const codexHome = disposed || activityListeners.size === 0 ? null : resolveCodexHome(activeCodexHome(state.settings), options.env);
    if (sessionWatch !== null && sessionWatch.codexHome === codexHome) return;
    sessionWatch?.watcher.stop();
    sessionWatch = null;
    if (codexHome === null) return;
    const watcher = new SessionActivityWatcher({
      codexHome,
      onActivity: () => {
        for (const listener of [...activityListeners]) listener();
      },
      logger,
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      ...(options.sessionWatchFs !== undefined ? { fs: options.sessionWatchFs } : {}),
      ...(options.activityDebounceMs !== undefined ? { debounceMs: options.activityDebounceMs } : {}),
    });
    watcher.start();
    sessionWatch = { codexHome, watcher };
  };

  const refreshInBackground = (): void => {
    refresh().catch((error: unknown) => logger.error(`Refresh failed: ${errorText(error)}`));
  };

  return {
    getState: () => state,
    refresh,
    saveSettings(patch) {
      const before = state.settings;
      const result = settingsStore.save(patch);
      if (!result.ok) return result;
      update({ settings: result.settings });
      syncSessionWatch();
      if (affectsUsage(before, result.settings)) refreshInBackground();
      return result;
    },
    setManualCookieHeader(header) {
      if (header === null) {
        secretStore.set(MANUAL_COOKIE_HEADER_KEY, null);
      } else {
        const check = checkAndRegisterCookieHeader(header);
        if (!check.ok) return { ok: false, errors: [{ path: 'cookieHeader', message: check.error ?? 'Not a Cookie header.' }] };
        secretStore.set(MANUAL_COOKIE_HEADER_KEY, check.header);
      }
      update({ manualCookieHeaderSet: header !== null });
      if (state.settings.openaiCookies === 'manual' && options.cookieHeader === undefined) refreshInBackground();
      return { ok: true, settings: state.settings };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onSessionActivity(listener) {
      activityListeners.add(listener);
      syncSessionWatch();
      return () => {
        activityListeners.delete(listener);
        syncSessionWatch();
      };
    },
    getHistory,
    useResetCredit(request) {
      const running = resetCreditActions.get(request.idempotencyKey);
      if (running !== undefined) return running;
      const action = useResetCreditImpl(usageRequest(true), request)
        .then((result) => {
          if (result.ok && (result.outcome === 'reset' || result.outcome === 'already_redeemed')) refreshInBackground();
          return result;
        })
        .finally(() => resetCreditActions.delete(request.idempotencyKey));
      resetCreditActions.set(request.idempotencyKey, action);
      return action;
    },
    dispose() {
      disposed = true;
      listeners.clear();
      activityListeners.clear();
      syncSessionWatch();
    },
  };
}

/** The popover's part of the history: the account the report is about. */
function shownAccountHistory(history: HistoryReport, report: UsageReport): HistoryReport {
  const { accountId, email } = report.account;
  const match = history.accounts.find((a) => (accountId !== null ? a.accountId === accountId : a.accountId === null && a.email === email));
  return { schemaVersion: 1, accounts: match === undefined ? [] : [match] };
}

/** Settings whose change makes the shown usage wrong until the next refresh. */
function affectsUsage(before: Settings, after: Settings): boolean {
  const account = (s: Settings) => s.accounts.find((a) => a.id === s.activeAccountId)?.codexHome ?? null;
  return (
    before.usageSource !== after.usageSource ||
    before.openaiCookies !== after.openaiCookies ||
    before.codexBinaryPath !== after.codexBinaryPath ||
    account(before) !== account(after)
  );
}

/** What makes two usage results different for a subscriber: not the fetch time, not the timings. */
function usageFingerprint(result: UsageResult): string {
  const attempts = result.attempts.map((a) => ({ ...a, ms: 0 }));
  if (isUsageFailure(result)) return JSON.stringify({ ...result, attempts });
  const { fetchedAt: _fetchedAt, ...rest } = result satisfies UsageReport;
  return JSON.stringify({ ...rest, attempts });
}

function costFingerprint(report: CostReport): string {
  const { scan: _scan, ...rest } = report;
  return JSON.stringify(rest);
}

/** Stops waiting (not the work itself) after `ms`, so one stuck scan or fetch cannot hold every later refresh. */
function withTimeout<T>(work: Promise<T>, ms: number, failure: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failure()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function errorText(error: unknown): string {
  return scrubSecrets(error instanceof Error ? error.message : String(error));
}
