// Pure: what the popover shows, computed from the app state, the settings and the time.
// Kept apart from the components so it is tested without a browser.

import type { CostReport, ModelUsage } from '../../shared/cost-model.js';
import { formatCountdown, formatPercent, formatResetClock, formatUpdatedAgo, remainingPercent } from '../../shared/format.js';
import { forecastRunOut } from '../../shared/burn-rate.js';
import { computePace, describePaceDelta, describeRunOut, type PaceStage } from '../../shared/pace.js';
import type { HistoryAccount } from '../../shared/usage-history.js';
import { historyChartModel, type HistoryChartModel } from './history-chart-model.js';
import type { Settings } from '../../shared/settings-model.js';
import type { Credits, MonthlyLimit, SourceId, UsageReport, UsageWindow } from '../../shared/usage-model.js';

export type Tone = 'ok' | 'warn' | 'critical';

export interface WindowCardModel {
  key: string;
  title: string;
  /** "5 hours", "7 days"… when the window's length is known. */
  lengthLabel: string | null;
  /** "77% left" or "23% used". */
  percentLabel: string;
  /** How much of the bar is filled (remaining or used, per settings). */
  fillPercent: number;
  tone: Tone;
  /** "Resets in 2h 5m", "Resets tomorrow 09:00", or null without a reset time. */
  resetLabel: string | null;
  /** Where the even-pace line falls on the bar (same scale as fillPercent), or null. */
  paceMarkerPercent: number | null;
  paceStage: PaceStage | null;
  /** "12% in deficit" / "8% in reserve" / "On pace". */
  paceLabel: string | null;
  /** "Runs out in 1h 20m": from the history's burn rate when there is one, else when ahead of the even pace. */
  runOutLabel: string | null;
  exhausted: boolean;
  /** The main windows' recent history (interface §8), when a history is kept. */
  chart?: HistoryChartModel | null;
}

export function windowCards(report: UsageReport, settings: Settings, now: Date, timeZone?: string, history: HistoryAccount | null = null): WindowCardModel[] {
  const cards: WindowCardModel[] = [];
  if (report.session)
    cards.push(withHistory(windowCard('session', 'Session', report.session, settings, now, timeZone), 'session', report.session, history, now));
  if (report.weekly) cards.push(withHistory(windowCard('weekly', 'Weekly', report.weekly, settings, now, timeZone), 'weekly', report.weekly, history, now));
  for (const extra of report.extraWindows) cards.push(windowCard(`extra-${extra.id}`, extra.label, extra, settings, now, timeZone));
  if (report.codeReview) cards.push(windowCard('code-review', 'Code review', report.codeReview, settings, now, timeZone));
  return cards;
}

export function windowCard(key: string, title: string, window: UsageWindow, settings: Settings, now: Date, timeZone?: string): WindowCardModel {
  const showUsed = settings.display.barsShow === 'used';
  const left = remainingPercent(window.usedPercent);
  const used = 100 - left;
  const pace = computePace(window, now);
  return {
    key,
    title,
    lengthLabel: windowLengthLabel(window.windowMinutes),
    percentLabel: showUsed ? `${formatPercent(used)} used` : `${formatPercent(left)} left`,
    fillPercent: showUsed ? used : left,
    tone: left <= 10 ? 'critical' : left <= 25 ? 'warn' : 'ok',
    resetLabel: resetLabel(window.resetsAt, settings, now, timeZone),
    paceMarkerPercent: pace === null ? null : showUsed ? pace.expectedUsedPercent : 100 - pace.expectedUsedPercent,
    paceStage: pace?.stage ?? null,
    paceLabel: pace === null ? null : describePaceDelta(pace),
    runOutLabel: pace === null || pace.runsOutInMs === null ? null : describeRunOut(pace, now),
    exhausted: left <= 0,
  };
}

/** Adds a main window's chart and lets the history's burn rate decide "Runs out" (shared/pace.ts owns the wording). */
function withHistory(card: WindowCardModel, id: 'session' | 'weekly', window: UsageWindow, history: HistoryAccount | null, now: Date): WindowCardModel {
  const recorded = history?.windows.find((w) => w.id === id);
  if (recorded === undefined) return card;
  const burn = forecastRunOut(window, recorded.samples, now);
  return {
    ...card,
    chart: historyChartModel(recorded, now.getTime()),
    runOutLabel: burn === null ? card.runOutLabel : describeRunOut(null, now, burn),
  };
}

export function resetLabel(resetsAt: string | null, settings: Settings, now: Date, timeZone?: string): string | null {
  if (settings.display.resetStyle === 'clock') {
    const clock = formatResetClock(resetsAt, now, timeZone);
    if (clock === null) return null;
    return Date.parse(resetsAt ?? '') <= now.getTime() ? 'Resets now' : `Resets ${clock}`;
  }
  const countdown = formatCountdown(resetsAt, now);
  return countdown === null ? null : `Resets ${countdown}`;
}

export function windowLengthLabel(minutes: number | null): string | null {
  if (minutes === null || minutes <= 0) return null;
  if (minutes % 1440 === 0) {
    const days = minutes / 1440;
    return days === 1 ? '1 day' : `${days} days`;
  }
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  return `${minutes} min`;
}

/** CodexBar's plan names: pro → "Pro 20x", prolite → "Pro 5x", others title-cased. */
export function planLabel(plan: string | null): string | null {
  if (plan === null || plan.trim() === '') return null;
  const p = plan.trim().toLowerCase();
  if (p === 'pro') return 'Pro 20x';
  if (p === 'prolite' || p === 'pro_lite') return 'Pro 5x';
  return p
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

const SOURCE_NAMES: Record<SourceId, string> = { oauth: 'OAuth', rpc: 'Codex CLI', pty: 'Codex /status', web: 'chatgpt.com' };

export function sourceLabel(report: UsageReport): string {
  const ids = report.sources.length > 0 ? report.sources : [report.source];
  return ids.map((id) => SOURCE_NAMES[id] ?? id).join(' + ');
}

/** "Updated 2m ago via OAuth". */
export function updatedLabel(report: UsageReport, now: Date): string {
  return `${formatUpdatedAgo(report.fetchedAt, now)} via ${sourceLabel(report)}`;
}

/** "7.5 left", "≈ 8 left" (a rounded balance), "Unlimited", or null when the account has no credits at all. */
export function creditsLabel(credits: Credits): string | null {
  if (credits.unlimited) return 'Unlimited';
  if (!credits.hasCredits && (credits.balance === null || credits.balance === 0)) return null;
  if (credits.balance !== null) return `${credits.approximate === true ? '≈ ' : ''}${formatNumber(credits.balance)} left`;
  return null;
}

export interface MonthlyLimitModel {
  percentLabel: string;
  fillPercent: number;
  tone: Tone;
  detail: string;
  resetLabel: string | null;
}

export function monthlyLimitModel(limit: MonthlyLimit, settings: Settings, now: Date, timeZone?: string): MonthlyLimitModel {
  const left = Math.min(100, Math.max(0, limit.remainingPercent));
  const showUsed = settings.display.barsShow === 'used';
  return {
    percentLabel: showUsed ? `${formatPercent(100 - left)} used` : `${formatPercent(left)} left`,
    fillPercent: showUsed ? 100 - left : left,
    tone: left <= 10 ? 'critical' : left <= 25 ? 'warn' : 'ok',
    detail: `${formatNumber(limit.used)} of ${formatNumber(limit.limit)} used`,
    resetLabel: resetLabel(limit.resetsAt, settings, now, timeZone),
  };
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

// ---- cost ----

export interface CostDay {
  date: string;
  costUSD: number | null;
  totalTokens: number;
}

export interface CostModel {
  /** Today's date in the report's zone (YYYY-MM-DD). */
  todayDate: string;
  today: { costUSD: number | null; totalTokens: number };
  period: { days: number; costUSD: number | null; totalTokens: number };
  /** One entry per day of the range, zero-filled, oldest first. */
  days: CostDay[];
  topModels: ModelUsage[];
  unpricedModels: string[];
}

export function costModel(report: CostReport, now: Date, topN = 3): CostModel {
  const today = dateInZone(now, report.timezone);
  const byDate = new Map(report.daily.map((d) => [d.date, d]));
  const days: CostDay[] = [];
  for (const date of dateRange(report.range.since, report.range.until)) {
    const day = byDate.get(date);
    days.push({ date, costUSD: day ? day.costUSD : 0, totalTokens: day?.totalTokens ?? 0 });
  }
  const todayEntry = byDate.get(today);
  return {
    todayDate: today,
    today: { costUSD: todayEntry ? todayEntry.costUSD : 0, totalTokens: todayEntry?.totalTokens ?? 0 },
    period: { days: days.length, costUSD: report.totals.costUSD, totalTokens: report.totals.totalTokens },
    days,
    topModels: topModels(report, topN),
    unpricedModels: report.unpricedModels,
  };
}

export function topModels(report: CostReport, topN: number): ModelUsage[] {
  const sums = new Map<string, ModelUsage>();
  for (const day of report.daily) {
    for (const m of day.models) {
      const prev = sums.get(m.model);
      if (prev === undefined) {
        sums.set(m.model, { ...m });
        continue;
      }
      prev.inputTokens += m.inputTokens;
      prev.cachedInputTokens += m.cachedInputTokens;
      prev.outputTokens += m.outputTokens;
      prev.reasoningOutputTokens += m.reasoningOutputTokens;
      prev.totalTokens += m.totalTokens;
      prev.costUSD = prev.costUSD === null || m.costUSD === null ? null : prev.costUSD + m.costUSD;
    }
  }
  return [...sums.values()]
    .sort((a, b) => (b.costUSD ?? -1) - (a.costUSD ?? -1) || b.totalTokens - a.totalTokens || a.model.localeCompare(b.model))
    .slice(0, topN);
}

/** YYYY-MM-DD of `now` in an IANA zone (the cost report's own zone). */
export function dateInZone(now: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export function dateRange(since: string, until: string, maxDays = 366): string[] {
  const start = Date.parse(`${since}T00:00:00Z`);
  const end = Date.parse(`${until}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return [];
  const out: string[] = [];
  for (let t = start; t <= end && out.length < maxDays; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
