// The main-side state holder behind the popover: it owns the latest usage and cost, runs refreshes
// (one at a time), saves settings, and tells subscribers what changed. The Electron shell and
// `quotabar serve` both drive one of these; neither the renderer nor any subscriber ever sees a secret.

import type { AccountEntry, AppState, ApiEvent, SaveSettingsResult, SettingsPatch } from '../../../shared/quotabar-api.js';
import type { AccountsReport } from '../../../shared/accounts-model.js';
import type { CostReport } from '../../../shared/cost-model.js';
import type { Settings } from '../../../shared/settings-model.js';
import { DEFAULT_HISTORY_DAYS, type HistoryReport } from '../../../shared/usage-history.js';
import { isUsageFailure, SCHEMA_VERSION, type UsageReport, type UsageResult } from '../../../shared/usage-model.js';
import { homeDir, resolveCodexHome, type Env } from '../paths/codex-home.js';
import { MAX_CONCURRENT_ACCOUNTS, POOL_TOOL_NAME, type Account, type PoolAccount } from '../accounts/account.js';
import { discoverAccounts, mergeAccounts, type Discovery, type DiscoveryRequest } from '../accounts/account-discovery.js';
import { afterFetch, emptyAccountMemory, isAccountDue, otherAccountGapMs, type AccountMemory } from '../accounts/account-refresh-plan.js';
import { findActiveAccount, isDefaultHome, normaliseActiveAccountId } from '../accounts/shown-account.js';
import { settingsEffects, type SettingsEffects } from '../desktop/settings-effects.js';
import { mapWithLimit } from '../util/concurrency-limit.js';
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
import { RefreshScheduler } from '../scheduler/refresh-scheduler.js';
import { retryAfterMsOf } from '../scheduler/retry-after-of.js';

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
  /** Usage of a Codex home (the usage chain); every home account goes through it. */
  fetchUsage?: FetchUsage;
  /** Usage of an imported pool account (oauth with its token). */
  fetchPoolUsage?: FetchPoolUsage;
  /** Finds every account (interface §7); the settings' homes and imports are read on each refresh. */
  discoverAccounts?: (request: DiscoveryRequest) => Promise<Discovery>;
  computeCost?: ComputeCost;
  /** Spends a reset credit for the shown account (the Codex app-server by default). */
  useResetCredit?: UseResetCredit;
  /** Where every successful refresh is recorded (interface §8); none, no history. */
  history?: HistoryStore;
  now?: () => Date;
  /** Timers of the refresh scheduler and the session-log watcher (the system clock unless a test passes a fake one). */
  clock?: SchedulerClock;
  /**
   * What a saved setting means for the host beyond refreshing (the login item, the tray's drawing):
   * called once per successful save, after the controller has applied its own part.
   */
  onSettingsSaved?: (effects: SettingsEffects, settings: Settings) => void;
  /** The file-system calls of the session-log watcher (real ones unless a test passes its own). */
  sessionWatchFs?: DirWatchApi;
  activityDebounceMs?: number;
}

export interface AppController {
  getState(): AppState;
  /**
   * Refreshes now, then on the settings' cadence, soon after Codex writes a session log, and after a
   * saved setting that changes what is read, until dispose(). The one owner of when to refresh.
   */
  start(): void;
  /** A refresh someone asked for (the Refresh button): joins one under way; waits out a 429's Retry-After. */
  requestRefresh(): Promise<boolean>;
  /**
   * A refresh anyone on the machine may ask for (`serve`'s `?refresh=1`): at most once per 30 s, never
   * during a Retry-After or the back-off. Null when it did not run: serve the latest result.
   */
  requestForcedRefresh(): Promise<boolean> | null;
  /** Someone looks (the popover opened, a page connected): refreshes data older than a minute. */
  popoverOpened(): void;
  /** The machine woke: refresh once the network had a moment to return. */
  systemResumed(): void;
  /** The network came back: a new chance after failures. */
  networkOnline(): void;
  /** Usage, then cost, right away (the scheduler's work, and tests'). Joins a refresh already under way. Resolves true when usage was fetched. */
  refresh(opts?: { interactive?: boolean }): Promise<boolean>;
  saveSettings(patch: SettingsPatch): SaveSettingsResult;
  setManualCookieHeader(header: string | null): SaveSettingsResult;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /**
   * Calls `listener` soon after Codex writes a session log in the active account's Codex home (at most
   * once per debounce period). The folders are watched only while someone listens.
   */
  onSessionActivity(listener: () => void): () => void;
  /**
   * The `quotabar usage --all-accounts --json` object from the latest refresh (every account, the default
   * home alone included), or null before the first refresh ends.
   */
  getAccountsReport(): AccountsReport | null;
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
type FetchPoolUsage = (account: PoolAccount, request: UsageRequest) => Promise<UsageResult>;
type ComputeCost = typeof computeCostReport;
type UseResetCredit = typeof runResetCreditAction;

// Loaded on first use: the tray starts faster, and the cost scanner is not loaded where it is not needed.
const defaultFetchUsage: FetchUsage = async (request) => (await import('../usage/usage-service.js')).fetchUsage(request);
const defaultFetchPoolUsage: FetchPoolUsage = async (account, request) => (await import('../accounts/account-usage.js')).fetchAccountUsage(account, request);
const defaultUseResetCredit: UseResetCredit = async (request, use) =>
  (await import('../reset-credits/reset-credit-action.js')).runResetCreditAction(request, use);
const defaultComputeCost: ComputeCost = async (options) => (await import('../cost/cost-service.js')).computeCostReport(options);

export function createAppController(options: AppControllerOptions): AppController {
  const fetchUsageImpl = options.fetchUsage ?? defaultFetchUsage;
  const fetchPoolUsageImpl = options.fetchPoolUsage ?? defaultFetchPoolUsage;
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

  const defaultHome = (): string => resolveCodexHome(options.codexHomeOverride, options.env);
  // `--codex-home` shows its home whatever the settings say, until the shown account is changed in this run.
  let flagPinsShown = options.codexHomeOverride !== undefined;
  /** The accounts found by the latest refresh, in interface §7 order (the default home first). */
  let discovered: Account[] = [];
  /** What each account's fetches left behind, by §7 id. */
  const memories = new Map<string, AccountMemory>();
  const reportedWarnings = new Set<string>();
  const memoryOf = (id: string): AccountMemory => memories.get(id) ?? emptyAccountMemory();

  const usageRequest = (interactive: boolean, codexHome: string | undefined): UsageRequest => {
    const settings = state.settings;
    const request: UsageRequest = {
      // A setting is a source choice with the command line's meaning (interface §2: "cli" is rpc, then pty).
      source: settings.usageSource,
      env: options.env,
      webExtras: settings.openaiCookies !== 'off',
      interactive,
      logger,
      now,
    };
    if (codexHome !== undefined) request.codexHome = codexHome;
    const codexBin = options.codexBinOverride ?? settings.codexBinaryPath ?? undefined;
    if (codexBin !== undefined) request.codexBin = codexBin;
    const cookieHeader = options.cookieHeader ?? (settings.openaiCookies === 'manual' ? (secretStore.get(MANUAL_COOKIE_HEADER_KEY) ?? undefined) : undefined);
    if (cookieHeader !== undefined) request.cookieHeader = cookieHeader;
    if (options.timeoutSeconds !== undefined) request.timeoutSeconds = options.timeoutSeconds;
    return request;
  };

  /** The shown account among `accounts`: the settings' choice, else (not found, or pinned by the flag) the default home. */
  const shownAmong = (accounts: readonly Account[], settings: Settings): Account | null => {
    const fallback = accounts.find(isDefaultHome) ?? null;
    return flagPinsShown ? fallback : (findActiveAccount(accounts, settings.activeAccountId) ?? fallback);
  };

  /** The Codex home whose session logs and cost belong to the shown account (a pool account has none: the default home's). */
  const activeCodexHome = (settings: Settings): string | undefined => {
    if (flagPinsShown) return options.codexHomeOverride;
    const shown = discovered.length > 0 ? shownAmong(discovered, settings) : null;
    if (shown !== null) return shown.origin === 'codex-home' ? shown.codexHome : options.codexHomeOverride;
    // Before the first discovery: the settings' own entry, as the app always read it.
    return settings.accounts.find((a) => a.id === settings.activeAccountId)?.codexHome ?? options.codexHomeOverride;
  };

  const discover = async (): Promise<Account[]> => {
    const settings = state.settings;
    const request: DiscoveryRequest = {
      defaultHome: defaultHome(),
      userHome: homeDir(options.env),
      accounts: settings.accounts,
      imports: settings.importAccounts,
      now: now(),
    };
    try {
      const discovery = await (options.discoverAccounts ?? discoverAccounts)(request);
      // The same unusable pool file is mentioned once per run, not at every refresh.
      for (const warning of discovery.warnings) {
        if (reportedWarnings.has(warning)) continue;
        reportedWarnings.add(warning);
        logger.warn(scrubSecrets(warning));
      }
      return discovery.accounts;
    } catch (error) {
      logger.warn(`Finding accounts failed: ${errorText(error)}`);
      const homes = [request.defaultHome, ...settings.accounts.map((a) => a.codexHome)];
      return mergeAccounts(
        homes.map((codexHome, i) => ({
          codexHome,
          settingsId: i === 0 ? null : (settings.accounts[i - 1]?.id ?? null),
          settingsLabel: i === 0 ? null : (settings.accounts[i - 1]?.label ?? null),
          email: null,
          accountId: null,
        })),
        [],
      ).accounts;
    }
  };

  /** One account's fetch, bounded in time; never throws. Only the shown account reads browser cookies or may prompt. */
  const fetchAccount = async (account: Account, shown: boolean, interactive: boolean): Promise<UsageResult> => {
    const homeForRequest =
      account.origin === 'codex-home' && !(account.isDefaultHome && options.codexHomeOverride === undefined) ? account.codexHome : options.codexHomeOverride;
    const request = usageRequest(shown && interactive, homeForRequest);
    if (!shown) {
      request.webExtras = false;
      delete request.cookieHeader;
    }
    const limitMs = options.usageTimeoutMs ?? refreshLimitMs({ timeoutMs: request.timeoutSeconds === undefined ? undefined : request.timeoutSeconds * 1000 });
    try {
      // Later refreshes join this one, so it must end: a fetch stuck past every source's limit is let go.
      return await withTimeout(
        account.origin === 'codex-home' ? fetchUsageImpl(request) : fetchPoolUsageImpl(account, request),
        limitMs,
        () => new SourceError('timeout', `it took longer than ${Math.round(limitMs / 1000)} s and was stopped; it is tried again at the next refresh.`),
      );
    } catch (error) {
      // The usage service reports failures as results; a throw is a bug, shown like any failure.
      return {
        schemaVersion: SCHEMA_VERSION,
        error: { code: isSourceError(error) ? error.code : 'bad_response', message: `Refreshing usage failed: ${errorText(error)}` },
        attempts: [],
      };
    }
  };

  /** The popover's list: empty while the default home is the only account, so one account looks as it always did. */
  const accountEntries = (accounts: readonly Account[]): AccountEntry[] =>
    accounts.length <= 1
      ? []
      : accounts.map((account) => {
          const memory = memoryOf(account.id);
          // Built field by field: an account's token never reaches the state.
          return {
            id: account.id,
            label: account.label,
            origin: account.origin,
            email: account.email,
            usage: memory.usage,
            lastGoodUsage: memory.lastGoodUsage,
          };
        });

  /** The state's shown-account fields for the shown account's memory. */
  const shownFields = (shown: Account | null): Pick<AppState, 'usage' | 'lastGoodUsage' | 'shownAccountId' | 'accounts'> => {
    const memory = shown === null ? emptyAccountMemory() : memoryOf(shown.id);
    return { usage: memory.usage, lastGoodUsage: memory.lastGoodUsage, shownAccountId: shown?.id ?? null, accounts: accountEntries(discovered) };
  };

  const refreshUsage = async (interactive: boolean): Promise<boolean> => {
    const accounts = await discover();
    if (disposed) return false;
    const settings = state.settings;
    const shown = shownAmong(accounts, settings);
    const gapMs = otherAccountGapMs(settings);
    const startedAt = now().getTime();
    // The shown account first, so it has a slot at once; each account at most once per refresh.
    const due = accounts.filter((a) => isAccountDue(memoryOf(a.id), a === shown, startedAt, gapMs)).sort((a, b) => Number(b === shown) - Number(a === shown));
    const fetched = await mapWithLimit(due, MAX_CONCURRENT_ACCOUNTS, async (account) => ({
      account,
      result: await fetchAccount(account, account === shown, interactive),
    }));
    if (disposed) return false;
    const ids = new Set(accounts.map((a) => a.id));
    for (const id of [...memories.keys()]) if (!ids.has(id)) memories.delete(id);
    for (const { account, result } of fetched) {
      if (isUsageFailure(result)) logger.warn(`Usage refresh failed for ${account.label} (${result.error.code}): ${result.error.message}`);
      memories.set(account.id, afterFetch(memoryOf(account.id), result, startedAt, gapMs));
    }
    discovered = accounts;

    // The account shown now: a switch while this refresh ran is kept (its own refresh is queued), not undone.
    const shownNow = shownAmong(accounts, state.settings);
    const fields = shownFields(shownNow);
    const result = fields.usage;
    const changed = result !== null && (state.usage === null || usageFingerprint(state.usage) !== usageFingerprint(result));
    state = { ...state, ...fields };
    if (changed && result !== null) emit({ type: 'usage', usage: result });
    if (options.history !== undefined) {
      let recorded = false;
      for (const { result: each } of fetched) if (!isUsageFailure(each) && options.history.record(each)) recorded = true;
      if (recorded) {
        const history = getHistory();
        if (fields.lastGoodUsage !== null) state = { ...state, history: shownAccountHistory(history, fields.lastGoodUsage) };
        emit({ type: 'history', history });
      }
    }
    syncSessionWatch();
    return result !== null && !isUsageFailure(result) && fetched.some((f) => f.account === shownNow);
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
    // Subscribers hear that a refresh began, the typed usage/cost/history events as each part is ready,
    // and one state change with everything at the end.
    const run = async (): Promise<boolean> => {
      state = { ...state, refreshing: true };
      emit({ type: 'refreshing' });
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

  const scheduler = new RefreshScheduler({
    getSettings: () => state.settings,
    refresh: (reason) => refresh({ interactive: reason === 'manual' }),
    retryAfterMs: () => retryAfterMsOf(state.usage),
    logger,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  let stopActivity: (() => void) | null = null;

  const onSessionActivity = (listener: () => void): (() => void) => {
    activityListeners.add(listener);
    syncSessionWatch();
    return () => {
      activityListeners.delete(listener);
      syncSessionWatch();
    };
  };

  const getAccountsReport = (): AccountsReport | null => {
    if (discovered.length === 0) return null;
    const accounts = discovered.flatMap((account) => {
      const usage = memoryOf(account.id).usage;
      return usage === null ? [] : [{ id: account.id, label: account.label, origin: account.origin, email: account.email, usage }];
    });
    return { schemaVersion: SCHEMA_VERSION, accounts };
  };

  return {
    getState: () => state,
    start() {
      if (disposed || stopActivity !== null) return;
      // Codex writing a session log refreshes soon after, so the numbers are fresh while Codex is in use.
      stopActivity = onSessionActivity(() => scheduler.sessionActivity());
      scheduler.start();
    },
    requestRefresh: () => scheduler.requestNow('manual'),
    requestForcedRefresh: () => scheduler.requestForced(),
    popoverOpened: () => scheduler.popoverOpened(),
    systemResumed: () => scheduler.systemResumed(),
    networkOnline: () => scheduler.networkOnline(),
    refresh,
    saveSettings(patch) {
      const before = state.settings;
      const choosing = typeof patch.activeAccountId === 'string' || patch.activeAccountId === null;
      // Any §7 id may be chosen; it is stored in the one form Preferences' radio knows (shown-account.ts).
      const checked: SettingsPatch =
        typeof patch.activeAccountId === 'string'
          ? {
              ...patch,
              activeAccountId: normaliseActiveAccountId(
                patch.activeAccountId,
                { accounts: Array.isArray(patch.accounts) ? patch.accounts : before.accounts },
                defaultHome(),
              ),
            }
          : patch;
      const result = settingsStore.save(checked);
      if (!result.ok) return result;
      if (choosing) flagPinsShown = false;
      // A switch shows the account's latest result at once; the refresh below brings a fresh one.
      const shown = discovered.length > 0 ? shownAmong(discovered, result.settings) : null;
      let switched: Partial<AppState> = {};
      if (shown !== null && shown.id !== state.shownAccountId) {
        const fields = shownFields(shown);
        switched = fields;
        if (options.history !== undefined) switched.history = fields.lastGoodUsage === null ? null : shownAccountHistory(getHistory(), fields.lastGoodUsage);
      }
      update({ settings: result.settings, ...switched });
      syncSessionWatch();
      const effects = settingsEffects(before, result.settings);
      if (effects.reschedule) scheduler.settingsChanged();
      // A refresh under way read the old settings: the scheduler runs one more after it.
      if (effects.refetch) void scheduler.requestNow('settings');
      options.onSettingsSaved?.(effects, result.settings);
      return result;
    },
    getAccountsReport,
    setManualCookieHeader(header) {
      if (header === null) {
        secretStore.set(MANUAL_COOKIE_HEADER_KEY, null);
      } else {
        const check = checkAndRegisterCookieHeader(header);
        if (!check.ok) return { ok: false, errors: [{ path: 'cookieHeader', message: check.error ?? 'Not a Cookie header.' }] };
        secretStore.set(MANUAL_COOKIE_HEADER_KEY, check.header);
      }
      update({ manualCookieHeaderSet: header !== null });
      if (state.settings.openaiCookies === 'manual' && options.cookieHeader === undefined) void scheduler.requestNow('settings');
      return { ok: true, settings: state.settings };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onSessionActivity,
    getHistory,
    useResetCredit(request) {
      const running = resetCreditActions.get(request.idempotencyKey);
      if (running !== undefined) return running;
      // A credit is spent through a Codex home's own Codex CLI; a pool account's belongs to its tool.
      const shown = discovered.length > 0 ? shownAmong(discovered, state.settings) : null;
      if (shown !== null && shown.origin !== 'codex-home') {
        const message = `${shown.label} comes from ${POOL_TOOL_NAME[shown.origin]}, which signs it in: QuotaBar spends reset credits only for a Codex home, through its Codex CLI. Use ${POOL_TOOL_NAME[shown.origin]} or sign in with \`codex login\` to use this account's credit.`;
        return Promise.resolve({ ok: false, error: { code: 'not_supported', message }, idempotencyKey: request.idempotencyKey });
      }
      const action = useResetCreditImpl(usageRequest(true, activeCodexHome(state.settings)), request)
        .then((result) => {
          // The limits changed: read them again, after a refresh under way if there is one.
          if (result.ok && (result.outcome === 'reset' || result.outcome === 'already_redeemed')) void scheduler.requestNow('settings');
          return result;
        })
        .finally(() => resetCreditActions.delete(request.idempotencyKey));
      resetCreditActions.set(request.idempotencyKey, action);
      return action;
    },
    dispose() {
      scheduler.stop();
      stopActivity?.();
      stopActivity = null;
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
