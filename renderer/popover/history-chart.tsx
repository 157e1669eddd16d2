import { CHART_HEIGHT, CHART_WIDTH, type HistoryChartModel } from './history-chart-model.js';

/** A window's used % over its recent history as a step line, resets as dashed lines with a dot on top. */
export function HistoryChart({ model }: { model: HistoryChartModel }) {
  return (
    <div className="history-chart" data-testid="history-chart">
      <svg viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={model.summary}>
        <line className="history-base" x1={0} x2={CHART_WIDTH} y1={CHART_HEIGHT - 0.5} y2={CHART_HEIGHT - 0.5} />
        {model.resetXs.map((x, i) => (
          <g key={i} className="history-reset" data-testid="history-reset">
            <line x1={x} x2={x} y1={0} y2={CHART_HEIGHT} />
            <circle cx={x} cy={2.5} r={2} />
          </g>
        ))}
        {model.linePath !== '' && <path className="history-line" d={model.linePath} />}
      </svg>
      <div className="chart-axis" aria-hidden="true">
        <span>{model.spanLabel} ago</span>
        <span>{model.resetXs.length > 0 ? '┆ reset' : ''}</span>
        <span>Now</span>
      </div>
    </div>
  );
}
