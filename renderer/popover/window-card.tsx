import { HistoryChart } from './history-chart.js';
import type { WindowCardModel } from './view-model.js';

/** The main windows, whose history is kept and charted. */
const HAS_HISTORY = new Set(['session', 'weekly']);

/** The chart's room while no history is recorded yet, so the card keeps its height when one arrives. */
function HistoryPending() {
  return (
    <div className="history-chart" data-testid="history-pending">
      <div className="history-pending" />
      <div className="chart-axis" aria-hidden="true">
        <span>History appears after a few refreshes</span>
      </div>
    </div>
  );
}

/** One limit: title, "% left", a bar with the even-pace marker, the reset and the pace. Null model = skeleton. */
export function WindowCard({ model, skeletonTitle }: { model: WindowCardModel | null; skeletonTitle?: string }) {
  if (model === null) {
    return (
      <div className="card" aria-hidden="true" data-testid="window-card-skeleton">
        <div className="card-top">
          <span className="card-title">{skeletonTitle ?? ''}</span>
          <span className="skeleton skeleton-text" style={{ width: '4.5em' }} />
        </div>
        <div className="bar skeleton-bar" />
        <div className="card-bottom">
          <span className="skeleton skeleton-text" style={{ width: '8em' }} />
          <span className="skeleton skeleton-text" style={{ width: '5em' }} />
        </div>
        {/* The main windows' history chart arrives with the data (the app and serve keep a history). */}
        <div className="history-chart">
          <div className="skeleton skeleton-chart" />
          <div className="chart-axis">
            <span>&nbsp;</span>
          </div>
        </div>
      </div>
    );
  }
  const titleId = `card-${model.key}-title`;
  const paceClass = model.paceStage === null ? '' : ` pace-${model.paceStage}`;
  const valueText = [model.percentLabel, model.resetLabel, model.paceLabel, model.runOutLabel].filter(Boolean).join(', ');
  return (
    <div className={`card tone-${model.tone}`} role="group" aria-labelledby={titleId} data-testid={`window-${model.key}`}>
      <div className="card-top">
        <span className="card-title" id={titleId}>
          {model.title}
          {model.lengthLabel !== null && <span className="card-length"> · {model.lengthLabel}</span>}
        </span>
        <span className="card-percent" data-testid="percent">
          {model.percentLabel}
        </span>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-labelledby={titleId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(model.fillPercent)}
        aria-valuetext={valueText}
      >
        <div className="bar-fill" style={{ width: `${model.fillPercent}%` }} />
        {model.paceMarkerPercent !== null && (
          <div className="pace-marker" style={{ left: `${model.paceMarkerPercent}%` }} title="Where usage would be at an even pace" />
        )}
      </div>
      <div className="card-bottom">
        <span className="card-reset" data-testid="reset">
          {model.exhausted && model.resetLabel !== null
            ? `Limit reached · ${model.resetLabel}`
            : (model.resetLabel ?? (model.exhausted ? 'Limit reached' : ''))}
        </span>
        {model.paceLabel !== null && (
          <span className={`card-pace${paceClass}`} data-testid="pace">
            {model.paceLabel}
          </span>
        )}
      </div>
      {model.chart != null ? <HistoryChart model={model.chart} /> : HAS_HISTORY.has(model.key) && <HistoryPending />}
      {model.runOutLabel !== null && (
        <div className={`card-runout${paceClass}`} data-testid="runout">
          {model.runOutLabel}
        </div>
      )}
    </div>
  );
}
