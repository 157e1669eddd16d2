import type { CostReport } from '../../shared/cost-model.js';
import { formatTokens, formatUsd } from '../../shared/format.js';
import { DailyCostChart } from './daily-cost-chart.js';
import { costModel } from './view-model.js';

/** Today, the whole range, a daily chart and the top models, from the local session logs. */
export function CostSection({ cost, error, now }: { cost: CostReport | null; error: string | null; now: Date }) {
  const model = cost === null ? null : costModel(cost, now);
  return (
    <section className="section cost" aria-labelledby="cost-title" data-testid="cost">
      <div className="section-head">
        <h2 id="cost-title">Local cost</h2>
        <span className="section-aside">at API prices</span>
      </div>
      {model === null && error !== null ? (
        <p className="cost-error" role="status" data-testid="cost-error">
          {error}
        </p>
      ) : (
        <>
          <div className="stats">
            <Stat label="Today" value={model && formatUsd(model.today.costUSD)} sub={model && `${formatTokens(model.today.totalTokens)} tokens`} testId="cost-today" />
            <Stat
              label={model ? `Last ${model.period.days} days` : 'Last 30 days'}
              value={model && formatUsd(model.period.costUSD)}
              sub={model && `${formatTokens(model.period.totalTokens)} tokens`}
              testId="cost-period"
            />
          </div>
          {model === null ? (
            <div aria-hidden="true">
              <div className="cost-chart skeleton" />
              <div className="chart-axis">
                <span>&nbsp;</span>
              </div>
            </div>
          ) : (
            <DailyCostChart days={model.days} todayDate={model.todayDate} label={`Daily cost, last ${model.period.days} days`} />
          )}
          <ul className="models" aria-label="Top models by cost">
            {model === null
              ? [0, 1].map((i) => (
                  <li key={i} className="model" aria-hidden="true">
                    <span className="skeleton skeleton-text" style={{ width: '7em' }} />
                    <span className="skeleton skeleton-text" style={{ width: '3em' }} />
                  </li>
                ))
              : model.topModels.map((m) => (
                  <li key={m.model} className="model" data-testid="model-row">
                    <span className="model-name">{m.model}</span>
                    <span className="model-tokens">{formatTokens(m.totalTokens)} tok</span>
                    <span className="model-cost">{formatUsd(m.costUSD)}</span>
                  </li>
                ))}
            {model !== null && model.topModels.length === 0 && <li className="model model-empty">No Codex sessions in this period</li>}
          </ul>
          {model !== null && model.unpricedModels.length > 0 && (
            <p className="cost-note">No price known for {model.unpricedModels.join(', ')}: shown as —, never as free.</p>
          )}
          {model !== null && error !== null && <p className="cost-note cost-note-error">{error}</p>}
        </>
      )}
    </section>
  );
}

function Stat({ label, value, sub, testId }: { label: string; value: string | null; sub: string | null; testId: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value ?? <span className="skeleton skeleton-text" style={{ width: '4em' }} />}</div>
      <div className="stat-sub">{sub ?? <span className="skeleton skeleton-text" style={{ width: '6em' }} />}</div>
    </div>
  );
}
