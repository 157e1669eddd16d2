import { useState } from 'react';
import type { CostReport } from '../../shared/cost-model.js';
import { formatTokens, formatUsd } from '../../shared/format.js';
import { Segmented } from '../preferences/controls.js';
import { COST_VIEWS, projectRows, type CostView } from './cost-views.js';
import { DailyCostChart } from './daily-cost-chart.js';
import { costModel, topModels } from './view-model.js';

/**
 * Today and the whole range, then one of three views of the range, from the local session logs: by day (a
 * daily chart and the top models), by model (every model) or by project (the folders sessions ran in).
 */
export function CostSection({ cost, error, now, initialView = 'day' }: { cost: CostReport | null; error: string | null; now: Date; initialView?: CostView }) {
  const [view, setView] = useState<CostView>(initialView);
  const model = cost === null ? null : costModel(cost, now);
  return (
    <section className="section cost" aria-labelledby="cost-title" data-testid="cost" data-view={view}>
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
            <Stat
              label="Today"
              value={model && formatUsd(model.today.costUSD)}
              sub={model && `${formatTokens(model.today.totalTokens)} tokens`}
              testId="cost-today"
            />
            <Stat
              label={model ? `Last ${model.period.days} days` : 'Last 30 days'}
              value={model && formatUsd(model.period.costUSD)}
              sub={model && `${formatTokens(model.period.totalTokens)} tokens`}
              testId="cost-period"
            />
          </div>
          <div className="cost-view-switch">
            <Segmented name="cost-view" label="Show local cost by" value={view} options={[...COST_VIEWS]} onChange={setView} />
          </div>
          {model === null || cost === null ? (
            <div aria-hidden="true">
              <div className="cost-chart skeleton" />
              <div className="chart-axis">
                <span>&nbsp;</span>
              </div>
              <ul className="models">
                {[0, 1].map((i) => (
                  <li key={i} className="model">
                    <span className="skeleton skeleton-text" style={{ width: '7em' }} />
                    <span className="skeleton skeleton-text" style={{ width: '3em' }} />
                  </li>
                ))}
              </ul>
            </div>
          ) : view === 'day' ? (
            <>
              <DailyCostChart days={model.days} todayDate={model.todayDate} label={`Daily cost, last ${model.period.days} days`} />
              <ModelList models={model.topModels} label="Top models by cost" />
            </>
          ) : view === 'model' ? (
            <ModelList models={topModels(cost, Number.POSITIVE_INFINITY)} label="Models by cost" />
          ) : (
            <ProjectList report={cost} />
          )}
          {model !== null && model.unpricedModels.length > 0 && (
            <p className="cost-note">No price known for {model.unpricedModels.join(', ')}: shown as —, never as free.</p>
          )}
          {model !== null && error !== null && <p className="cost-note cost-note-error">{error}</p>}
        </>
      )}
    </section>
  );
}

function ModelList({ models, label }: { models: ReturnType<typeof topModels>; label: string }) {
  return (
    <ul className="models" aria-label={label}>
      {models.map((m) => (
        <li key={m.model} className="model" data-testid="model-row">
          <span className="model-name">{m.model}</span>
          <span className="model-tokens">{formatTokens(m.totalTokens)} tok</span>
          <span className="model-cost">{formatUsd(m.costUSD)}</span>
        </li>
      ))}
      {models.length === 0 && <li className="model model-empty">No Codex sessions in this period</li>}
    </ul>
  );
}

function ProjectList({ report }: { report: CostReport }) {
  const rows = projectRows(report);
  return (
    <ul className="models" aria-label="Projects by cost">
      {rows === null && <li className="model model-empty">This report has no per-project figures</li>}
      {rows?.map((p) => (
        <li key={p.key} className="model" data-testid="project-row" title={p.path ?? 'Sessions that did not log their folder'}>
          <span className="model-name">{p.name}</span>
          <span className="model-tokens">
            {p.sessions} {p.sessions === 1 ? 'session' : 'sessions'} · {formatTokens(p.totalTokens)} tok
          </span>
          <span className="model-cost">{formatUsd(p.costUSD)}</span>
        </li>
      ))}
      {rows !== null && rows.length === 0 && <li className="model model-empty">No Codex sessions in this period</li>}
    </ul>
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
