import { formatTokens, formatUsd } from '../../shared/format.js';
import type { CostDay } from './view-model.js';

const WIDTH = 328;
const HEIGHT = 44;
const GAP = 2;

/** A bar per day of the range (oldest left, today right), scaled to the most expensive day. */
export function DailyCostChart({ days, label, todayDate }: { days: CostDay[]; label: string; todayDate: string }) {
  const max = Math.max(0, ...days.map((d) => d.costUSD ?? 0));
  const barWidth = days.length === 0 ? 0 : Math.max(1, (WIDTH - GAP * (days.length - 1)) / days.length);
  const peak = days.reduce<CostDay | null>((best, d) => ((d.costUSD ?? 0) > (best?.costUSD ?? 0) ? d : best), null);
  const summary = peak === null ? `${label}: no cost recorded` : `${label}: highest ${formatUsd(peak.costUSD)} on ${peak.date}`;
  return (
    <div>
      <svg className="cost-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary} data-testid="cost-chart">
        <line className="cost-chart-base" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        {days.map((day, i) => {
          const value = day.costUSD ?? 0;
          const h = max === 0 ? 0 : Math.max(value > 0 ? 2 : 0, (value / max) * (HEIGHT - 2));
          const x = i * (barWidth + GAP);
          return (
            <rect
              key={day.date}
              className={day.date === todayDate ? 'cost-bar cost-bar-today' : 'cost-bar'}
              x={x}
              y={HEIGHT - h}
              width={barWidth}
              height={h}
              rx={1}
            >
              <title>{`${day.date}: ${formatUsd(day.costUSD)} · ${formatTokens(day.totalTokens)} tokens`}</title>
            </rect>
          );
        })}
      </svg>
      {days.length > 0 && (
        <div className="chart-axis" aria-hidden="true">
          <span>{shortDate(days[0]?.date ?? '')}</span>
          <span>{days.at(-1)?.date === todayDate ? 'Today' : shortDate(days.at(-1)?.date ?? '')}</span>
        </div>
      )}
    </div>
  );
}

/** "Oct 23" from "2026-10-23". */
function shortDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
