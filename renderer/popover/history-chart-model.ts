// Pure: a window's recent history as an SVG step line (24 h for the session, 7 days for the week),
// with its resets marked. Kept apart from the component so it is tested without a browser.

import { formatPercent } from '../../shared/format.js';
import { readingAt } from '../../shared/history-series.js';
import type { HistoryWindow } from '../../shared/usage-history.js';

export const CHART_WIDTH = 300;
export const CHART_HEIGHT = 36;
const HOUR = 3_600_000;

/** How much history each main window's chart shows (interface §8). */
export const CHART_SPAN_MS: Record<string, number> = { session: 24 * HOUR, weekly: 7 * 24 * HOUR };

export interface HistoryChartModel {
  /** "24 h" or "7 days". */
  spanLabel: string;
  /** SVG path of used % as a step line over the span, in a CHART_WIDTH × CHART_HEIGHT box; '' when empty. */
  linePath: string;
  /** x of each reset inside the span. */
  resetXs: number[];
  /** What a screen reader hears. */
  summary: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function historyChartModel(window: HistoryWindow, nowMs: number): HistoryChartModel | null {
  const spanMs = CHART_SPAN_MS[window.id];
  if (spanMs === undefined) return null;
  const from = nowMs - spanMs;
  const x = (t: number) => round(((Math.min(nowMs, Math.max(from, t)) - from) / spanMs) * CHART_WIDTH);
  const y = (used: number) => round(CHART_HEIGHT - (Math.min(100, Math.max(0, used)) / 100) * (CHART_HEIGHT - 2) - 1);

  const inSpan = window.samples.filter((s) => {
    const t = Date.parse(s.at);
    return t > from && t <= nowMs;
  });
  const start = readingAt(window.samples, from);
  const points: Array<{ t: number; used: number }> = [];
  if (start !== null) points.push({ t: from, used: start.usedPercent });
  for (const s of inSpan) points.push({ t: Date.parse(s.at), used: s.usedPercent });
  let linePath = '';
  points.forEach((p, i) => {
    if (i === 0) linePath = `M${x(p.t)} ${y(p.used)}`;
    else linePath += ` H${x(p.t)} V${y(p.used)}`;
  });
  if (points.length > 0) linePath += ` H${x(nowMs)}`;

  const resets = window.resets.filter((r) => Date.parse(r.at) > from && Date.parse(r.at) <= nowMs);
  const spanLabel = spanMs === 24 * HOUR ? '24 h' : '7 days';
  const peak = points.length === 0 ? null : Math.max(...points.map((p) => p.used));
  const summary =
    peak === null
      ? `Last ${spanLabel}: no history yet`
      : `Last ${spanLabel}: peak ${formatPercent(peak)} used, ${resets.length === 0 ? 'no resets' : resets.length === 1 ? '1 reset' : `${resets.length} resets`}`;
  return { spanLabel, linePath, resetXs: resets.map((r) => x(Date.parse(r.at))), summary };
}
