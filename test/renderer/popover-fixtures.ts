// Usage and cost data for the popover's tests: shaped exactly like interface §3/§4 output,
// with times relative to a chosen "now" so countdowns and pace come out as the tests expect.

import type { CostReport, DailyUsage, ModelUsage, ProjectUsage } from '../../shared/cost-model.js';
import type { AccountOrigin } from '../../shared/accounts-model.js';
import type { AccountEntry, AppState } from '../../shared/quotabar-api.js';
import { defaultSettings, type Settings } from '../../shared/settings-model.js';
import type { UsageFailure, UsageReport } from '../../shared/usage-model.js';

export const FIXTURE_NOW = new Date('2026-11-21T12:00:00.000Z');

const at = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

/** A Plus account: session 23 % used resetting in 2h 5m, weekly 41 % used resetting in 4d 21h. */
export function plusReport(now: Date = FIXTURE_NOW, overrides: Partial<UsageReport> = {}): UsageReport {
  return {
    schemaVersion: 1,
    source: 'oauth',
    sources: ['oauth'],
    fetchedAt: at(now, -2),
    account: { email: 'a@example.com', plan: 'plus', accountId: 'acc-123' },
    session: { usedPercent: 23, windowMinutes: 300, resetsAt: at(now, 125) },
    weekly: { usedPercent: 41, windowMinutes: 10080, resetsAt: at(now, 4 * 1440 + 21 * 60) },
    extraWindows: [],
    codeReview: null,
    credits: { balance: 7.5, hasCredits: true, unlimited: false },
    monthlyLimit: null,
    attempts: [{ source: 'oauth', ok: true, ms: 84, error: null }],
    ...overrides,
  };
}

/** A Pro account with everything: Spark windows, code review, credits, a monthly limit, and a session ahead of pace. */
export function proEverythingReport(now: Date = FIXTURE_NOW): UsageReport {
  return plusReport(now, {
    sources: ['oauth', 'web'],
    account: { email: 'pro.user@example.com', plan: 'pro', accountId: 'acc-pro' },
    session: { usedPercent: 62, windowMinutes: 300, resetsAt: at(now, 150) },
    weekly: { usedPercent: 88, windowMinutes: 10080, resetsAt: at(now, 2 * 1440 + 3 * 60) },
    extraWindows: [
      { id: 'codex-spark-session', label: 'Codex Spark 5h', usedPercent: 3, windowMinutes: 300, resetsAt: at(now, 200) },
      { id: 'codex-spark-weekly', label: 'Codex Spark weekly', usedPercent: 12, windowMinutes: 10080, resetsAt: at(now, 6 * 1440) },
    ],
    codeReview: { usedPercent: 30, windowMinutes: 10080, resetsAt: at(now, 3 * 1440) },
    credits: { balance: 112.4, hasCredits: true, unlimited: false },
    monthlyLimit: { limit: 1000, used: 36.79, remainingPercent: 96, resetsAt: at(now, 9 * 1440) },
  });
}

export function failure(
  code: UsageFailure['error']['code'] = 'server_error',
  message = 'ChatGPT answered 502 Bad Gateway. Try again in a few minutes.',
): UsageFailure {
  return { schemaVersion: 1, error: { code, message }, attempts: [{ source: 'oauth', ok: false, ms: 120, error: { code, message } }] };
}

function model(name: string, input: number, cached: number, output: number, reasoning: number, costUSD: number | null): ModelUsage {
  return {
    model: name,
    inputTokens: input,
    cachedInputTokens: cached,
    outputTokens: output,
    reasoningOutputTokens: reasoning,
    totalTokens: input + output,
    costUSD,
  };
}

function day(date: string, models: ModelUsage[]): DailyUsage {
  const sum = (k: 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'reasoningOutputTokens' | 'totalTokens') => models.reduce((s, m) => s + m[k], 0);
  const costs = models.map((m) => m.costUSD);
  return {
    date,
    inputTokens: sum('inputTokens'),
    cachedInputTokens: sum('cachedInputTokens'),
    outputTokens: sum('outputTokens'),
    reasoningOutputTokens: sum('reasoningOutputTokens'),
    totalTokens: sum('totalTokens'),
    costUSD: costs.includes(null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
    models,
  };
}

/** The days' usage as three projects (one session per day): every third day without a cwd, the rest split by parity. */
function projectsOf(daily: DailyUsage[]): ProjectUsage[] {
  const cwds = ['/home/someone/src/quotabar', '/home/someone/src/website', null];
  const projects = cwds.map((cwd, k) => {
    const days = daily.filter((_, i) => (i % 3 === 2 ? 2 : i % 2) === k);
    const models = [...new Set(days.flatMap((d) => d.models.map((m) => m.model)))].map((name) => {
      const rows = days.flatMap((d) => d.models.filter((m) => m.model === name));
      const sum = (key: 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'reasoningOutputTokens') => rows.reduce((a, m) => a + m[key], 0);
      return model(
        name,
        sum('inputTokens'),
        sum('cachedInputTokens'),
        sum('outputTokens'),
        sum('reasoningOutputTokens'),
        Math.round(rows.reduce((a, m) => a + (m.costUSD ?? 0), 0) * 100) / 100,
      );
    });
    const { models: _, date: __, ...totals } = day('', models);
    return { cwd, sessions: days.length, ...totals, models };
  });
  return projects.filter((p) => p.sessions > 0).sort((a, b) => (b.costUSD ?? -1) - (a.costUSD ?? -1));
}

/** 30 days ending on `now`'s UTC date, with usage on some days and the most on today. */
export function costReport(now: Date = FIXTURE_NOW): CostReport {
  const dates: string[] = [];
  for (let i = 29; i >= 0; i--) dates.push(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  const pattern = [0, 1.2, 0, 3.4, 2.1, 0, 0, 4.8, 1.1, 0.6, 0, 2.2, 5.1, 3.3, 0, 0, 1.9, 2.7, 0.4, 0, 6.2, 3.1, 0, 1.4, 2.8, 0, 0.9, 3.6, 4.4, 2.5];
  const daily = dates
    .map((date, i) => {
      const scale = pattern[i] ?? 0;
      if (scale === 0) return null;
      const models = [
        model(
          'gpt-5.4',
          Math.round(scale * 900_000),
          Math.round(scale * 700_000),
          Math.round(scale * 40_000),
          Math.round(scale * 15_000),
          Math.round(scale * 0.82 * 100) / 100,
        ),
      ];
      if (i % 3 === 0)
        models.push(
          model('gpt-5.4-mini', Math.round(scale * 400_000), Math.round(scale * 300_000), Math.round(scale * 20_000), 0, Math.round(scale * 0.11 * 100) / 100),
        );
      return day(date, models);
    })
    .filter((d): d is DailyUsage => d !== null);
  const totals = daily.reduce(
    (t, d) => ({
      inputTokens: t.inputTokens + d.inputTokens,
      cachedInputTokens: t.cachedInputTokens + d.cachedInputTokens,
      outputTokens: t.outputTokens + d.outputTokens,
      reasoningOutputTokens: t.reasoningOutputTokens + d.reasoningOutputTokens,
      totalTokens: t.totalTokens + d.totalTokens,
      costUSD: t.costUSD === null || d.costUSD === null ? null : t.costUSD + d.costUSD,
    }),
    { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0, costUSD: 0 as number | null },
  );
  return {
    schemaVersion: 1,
    timezone: 'UTC',
    range: { since: dates[0] ?? '', until: dates[dates.length - 1] ?? '' },
    daily,
    projects: projectsOf(daily),
    totals,
    unpricedModels: [],
    scan: { files: 42, bytes: 1_234_567, filesFromCache: 40, ms: 12 },
  };
}

export function appState(overrides: Partial<AppState> = {}, settings: Partial<Settings> = {}): AppState {
  const usage = plusReport();
  return {
    version: '0.1.0',
    usage,
    lastGoodUsage: usage,
    cost: costReport(),
    costError: null,
    refreshing: false,
    settings: { ...defaultSettings(), ...settings },
    manualCookieHeaderSet: false,
    manualCookieHeaderPersistent: true,
    host: 'web',
    ...overrides,
  };
}

const CCS_STALE_MESSAGE = (label: string, now: Date) =>
  `The CCS access token for ${label} expired at ${at(now, -90)}. QuotaBar never refreshes it: run CCS to refresh it, then refresh.`;

/**
 * `count` accounts in interface §7 order, the first (the default home, shown) being `plusReport`'s:
 * another home, then CCS pool accounts, then codex-proxy ones. With 5 or more, one CCS account's
 * token is stale (older numbers kept) and one codex-proxy account has never been read; with 20, one
 * is still loading. Usage varies by position so bars and tones differ.
 */
export function accountEntries(count: number, now: Date = FIXTURE_NOW): AccountEntry[] {
  const entries: AccountEntry[] = [];
  const shown = plusReport(now);
  entries.push({ id: 'codex-home:0a1b2c', label: 'a@example.com', origin: 'codex-home', email: 'a@example.com', usage: shown, lastGoodUsage: shown });
  for (let i = 1; i < count; i++) {
    const origin: AccountOrigin = i === 1 ? 'codex-home' : i <= Math.ceil((count - 1) * 0.6) ? 'ccs' : 'codex-proxy';
    const email = origin === 'codex-home' ? 'work.person@company.example' : `pool${String(i).padStart(2, '0')}@mail.example`;
    const label = origin === 'codex-home' ? 'Work' : email;
    const id = origin === 'codex-home' ? 'codex-home:9f8e7d' : `${origin}:acct-${i}`;
    const report = plusReport(now, {
      fetchedAt: at(now, -3),
      account: { email, plan: i % 4 === 0 ? 'pro' : 'plus', accountId: `acct-${i}` },
      session: { usedPercent: (i * 37) % 101, windowMinutes: 300, resetsAt: at(now, 20 + ((i * 53) % 280)) },
      weekly: { usedPercent: (i * 23 + 11) % 96, windowMinutes: 10080, resetsAt: at(now, 1440 + ((i * 977) % 8000)) },
    });
    let usage: AccountEntry['usage'] = report;
    let lastGoodUsage: AccountEntry['lastGoodUsage'] = report;
    if (count >= 5 && i === 2) usage = failure('token_stale', CCS_STALE_MESSAGE(label, now));
    if (count >= 5 && i === count - 1) {
      usage = failure('unauthorized', `ChatGPT rejected the codex-proxy access token for ${label}. Run codex-proxy to refresh or sign in again, then refresh.`);
      lastGoodUsage = null;
    }
    if (count >= 20 && i === 7) {
      usage = null;
      lastGoodUsage = null;
    }
    entries.push({ id, label, origin, email, usage, lastGoodUsage });
  }
  return entries;
}

/** An app state listing `count` accounts, the first shown. */
export function accountsAppState(count: number, now: Date = FIXTURE_NOW, settings: Partial<Settings> = {}): AppState {
  const accounts = accountEntries(count, now);
  const base = appState({}, settings);
  const shown = plusReport(now);
  return { ...base, usage: shown, lastGoodUsage: shown, cost: costReport(now), accounts, shownAccountId: accounts[0]?.id ?? null };
}
