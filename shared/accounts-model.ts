// interface §7: one account is one ChatGPT sign-in QuotaBar can read usage for.
import type { SCHEMA_VERSION, UsageResult } from './usage-model.js';

export const ACCOUNT_ORIGINS = ['codex-home', 'ccs', 'codex-proxy'] as const;
export type AccountOrigin = (typeof ACCOUNT_ORIGINS)[number];

/** One entry of `quotabar usage --all-accounts --json`, in the contract's key order. */
export interface AccountUsage {
  id: string;
  label: string;
  origin: AccountOrigin;
  email: string | null;
  usage: UsageResult;
}

export interface AccountsReport {
  schemaVersion: typeof SCHEMA_VERSION;
  accounts: AccountUsage[];
}

/** The names `--import` accepts, and the settings key each one stands for. */
export const IMPORT_NAMES = ['ccs', 'codex-proxy'] as const;
export type ImportName = (typeof IMPORT_NAMES)[number];
