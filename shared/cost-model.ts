// The cost model of CONTRACT §4: what `quotabar cost --json` prints.

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
  scan: CostScanStats;
  /** Notices such as skipped `.jsonl.zst` files (added field, not in CONTRACT §4). */
  notices?: string[];
}
