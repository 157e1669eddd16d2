// The latest `quotabar usage --all-accounts --json` object for `quotabar serve` (interface §5, §7).
// `quotabar serve` reads the app controller's accounts (controllerAccountsFeed); createAccountsFeed is
// the same interface over any loader, refreshed on request at most once per interval.
import type { AccountsReport } from '../../../shared/accounts-model.js';

export interface AccountsFeedOptions {
  /** Discovers the accounts and fetches their usage (fetchAccountsReport). */
  load: () => Promise<AccountsReport>;
  now?: () => number;
  /** A refresh asked for sooner than this after the last one serves the latest (default 30 s). */
  minIntervalMs?: number;
}

export interface AccountsFeed {
  latest(): AccountsReport | null;
  /** Refreshes unless one ran within the interval (or is running: then waits for it); returns the latest. */
  refresh(): Promise<AccountsReport>;
  /** Called with each report that differs from the previous one in more than fetch times. */
  subscribe(listener: (report: AccountsReport) => void): () => void;
}

/** What counts as a change: everything but when it was fetched and how long it took. */
export function accountsFingerprint(report: AccountsReport): string {
  return JSON.stringify(report, (key, value: unknown) => (key === 'fetchedAt' || key === 'ms' ? undefined : value));
}

export function createAccountsFeed(options: AccountsFeedOptions): AccountsFeed {
  const now = options.now ?? Date.now;
  const minIntervalMs = options.minIntervalMs ?? 30_000;
  const listeners = new Set<(report: AccountsReport) => void>();
  let latest: AccountsReport | null = null;
  let fingerprint: string | null = null;
  let lastStarted: number | null = null;
  let running: Promise<AccountsReport> | null = null;

  const run = async (): Promise<AccountsReport> => {
    lastStarted = now();
    const report = await options.load();
    latest = report;
    const next = accountsFingerprint(report);
    if (next !== fingerprint) {
      fingerprint = next;
      for (const listener of listeners) listener(report);
    }
    return report;
  };

  return {
    latest: () => latest,
    refresh() {
      if (running !== null) return running;
      if (latest !== null && lastStarted !== null && now() - lastStarted < minIntervalMs) return Promise.resolve(latest);
      running = run().finally(() => {
        running = null;
      });
      return running;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface AccountsSource {
  /** The latest report, null before the first refresh ends (the app controller's). */
  getAccountsReport(): AccountsReport | null;
  /** Called on every state change; returns an unsubscribe function. */
  subscribe(listener: (event: { type: string }) => void): () => void;
}

/**
 * The feed over the app controller's accounts: one owner fetches every account, and this only reads
 * its result. `refresh` asks `refreshNow` (the scheduler, which allows one forced refresh per 30 s).
 */
export function controllerAccountsFeed(source: AccountsSource, refreshNow: (first: boolean) => Promise<unknown>): AccountsFeed {
  const empty = (): AccountsReport => ({ schemaVersion: 1, accounts: [] });
  return {
    latest: () => source.getAccountsReport(),
    async refresh() {
      await refreshNow(source.getAccountsReport() === null);
      return source.getAccountsReport() ?? empty();
    },
    subscribe(listener) {
      let fingerprint: string | null = null;
      const current = source.getAccountsReport();
      if (current !== null) fingerprint = accountsFingerprint(current);
      return source.subscribe((event) => {
        if (event.type !== 'state') return;
        const report = source.getAccountsReport();
        if (report === null) return;
        const next = accountsFingerprint(report);
        if (next === fingerprint) return;
        fingerprint = next;
        listener(report);
      });
    },
  };
}
