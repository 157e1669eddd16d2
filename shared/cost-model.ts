// The cost model of interface §4: what `quotabar cost --json` prints.

export interface TokenTotals {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  totalTokens: number;
  /** null when any model counted here has no price: unknown is never reported as free. */
  costUSD: number | null;
}

export interface ModelUsage extends TokenTotals {
  model: string;
}

export interface DailyUsage extends TokenTotals {
  date: string;
  models: ModelUsage[];
}

/** `--by`: the grouping added beside `daily` (`day` adds nothing). */
export type CostGrouping = 'day' | 'month' | 'session' | 'project';
export const COST_GROUPINGS: readonly CostGrouping[] = ['day', 'month', 'session', 'project'];

export interface MonthlyUsage extends TokenTotals {
  /** YYYY-MM in the report's zone. */
  month: string;
  models: ModelUsage[];
}

export interface SessionUsage extends TokenTotals {
  sessionId: string | null;
  /** The session file, relative to the Codex home. */
  file: string;
  /** session_meta.payload.cwd, null when the log does not say. */
  cwd: string | null;
  /** The session's first and last counted event in the range (ISO 8601, UTC). */
  firstAt: string;
  lastAt: string;
  models: ModelUsage[];
}

export interface ProjectUsage extends TokenTotals {
  cwd: string | null;
  /** Sessions with usage in the range. */
  sessions: number;
  models: ModelUsage[];
}

export interface CostScanStats {
  files: number;
  bytes: number;
  filesFromCache: number;
  ms: number;
}

export interface CostReport {
  schemaVersion: 1;
  timezone: string;
  range: { since: string; until: string };
  daily: DailyUsage[];
  totals: TokenTotals;
  unpricedModels: string[];
  /** `--by month`, oldest first. */
  monthly?: MonthlyUsage[];
  /** `--by session`, oldest first. */
  sessions?: SessionUsage[];
  /** `--by project`, by cost descending. */
  projects?: ProjectUsage[];
  scan: CostScanStats;
  /** Notices such as skipped `.jsonl.zst` files (added field, not in interface §4). */
  notices?: string[];
}
