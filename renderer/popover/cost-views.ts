import type { CostReport, ProjectUsage } from '../../shared/cost-model.js';

// What the cost section's by-project view lists: the report's projects (interface §4 `--by project`), named
// by their last folders so that a row stays one line in the popover.

export type CostView = 'day' | 'model' | 'project';

export const COST_VIEWS: ReadonlyArray<{ value: CostView; label: string }> = [
  { value: 'day', label: 'Day' },
  { value: 'model', label: 'Model' },
  { value: 'project', label: 'Project' },
];

export interface ProjectRow {
  key: string;
  /** The last two folders of the cwd, or a word for a session that did not log one. */
  name: string;
  /** The whole cwd, for the tooltip. */
  path: string | null;
  sessions: number;
  totalTokens: number;
  costUSD: number | null;
}

export function shortProjectName(cwd: string | null): string {
  if (cwd === null) return 'Unknown folder';
  const parts = cwd.split(/[\\/]+/).filter((p) => p !== '');
  if (parts.length === 0) return cwd;
  return parts.slice(-2).join('/');
}

/** The report's projects in its order (cost descending), or null when the report has no per-project figures. */
export function projectRows(report: CostReport): ProjectRow[] | null {
  if (report.projects === undefined) return null;
  return report.projects.map((p: ProjectUsage) => ({
    key: p.cwd ?? '\u0000unknown',
    name: shortProjectName(p.cwd),
    path: p.cwd,
    sessions: p.sessions,
    totalTokens: p.totalTokens,
    costUSD: p.costUSD,
  }));
}
