// The usage model of interface §3: what `quotabar usage --json` prints and what the renderer shows.
// Pure types and constants only; this file is shared by the Node core and the browser renderer.

export const SCHEMA_VERSION = 1 as const;

export const SOURCE_IDS = ['oauth', 'rpc', 'pty', 'web'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/**
 * interface §2: what each `--source` choice runs, in order. `cli` is the Codex CLI alone (the
 * app-server, then the TUI); an id alone runs that source and nothing else.
 */
export const SOURCE_CHAINS = {
  auto: ['oauth', 'rpc', 'pty'],
  oauth: ['oauth'],
  cli: ['rpc', 'pty'],
  rpc: ['rpc'],
  pty: ['pty'],
  web: ['web'],
} as const satisfies Record<string, readonly SourceId[]>;
export type SourceChoice = keyof typeof SOURCE_CHAINS;

/** The command line's choices, in the order help texts list them. */
export const SOURCE_CHOICES = ['auto', 'oauth', 'cli', 'rpc', 'pty', 'web'] as const satisfies readonly SourceChoice[];

/** The choices the settings file and Preferences offer: the same meaning as on the command line. */
export const USAGE_SOURCE_SETTINGS = ['auto', 'oauth', 'cli', 'web'] as const satisfies readonly SourceChoice[];

export const ERROR_CODES = [
  'not_logged_in',
  'unauthorized',
  'token_stale',
  'codex_not_found',
  'timeout',
  'network',
  'server_error',
  'rate_limited',
  'bad_response',
  'not_supported',
  'cookies_missing',
  'account_mismatch',
  'bad_arguments',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** A 429's `Retry-After`, in seconds, when the backend sent one (added field): nothing asks again sooner. */
  retryAfterSeconds?: number;
}

/** One rate-limit window. `usedPercent` is always used, never remaining. */
export interface UsageWindow {
  usedPercent: number;
  windowMinutes: number | null;
  /** ISO-8601 UTC with milliseconds (Date.toISOString), or null. */
  resetsAt: string | null;
}

export interface ExtraWindow extends UsageWindow {
  id: string;
  label: string;
}

export interface Credits {
  balance: number | null;
  hasCredits: boolean;
  unlimited: boolean;
  /** The balance was read from a rounded display (the Codex TUI prints whole credits): about, not exactly. Added field. */
  approximate?: boolean;
}

export interface MonthlyLimit {
  limit: number;
  used: number;
  remainingPercent: number;
  resetsAt: string | null;
}

/** One reset credit the backend granted. Dates are ISO-8601 UTC (Date.toISOString) or null. */
export interface ResetCredit {
  id: string;
  /** `available`, `redeeming` or `redeemed` today; an unknown status is passed on as sent. */
  status: string;
  grantedAt: string | null;
  expiresAt: string | null;
  title: string | null;
}

/**
 * Reset credits: each one, when spent, resets the account's Codex rate limits at once. `credits` is
 * empty when the backend reported only the count. Added field (interface §3 allows added fields).
 */
export interface ResetCredits {
  available: number;
  credits: ResetCredit[];
}

export interface Account {
  email: string | null;
  plan: string | null;
  accountId: string | null;
}

export interface Attempt {
  source: SourceId;
  ok: boolean;
  ms: number;
  error: ErrorInfo | null;
  /** Web only: where the session came from, e.g. "Chrome (Default)" (added field). */
  from?: string;
}

/** What one source produces; the chain adds provenance and timing to make a UsageReport. */
export interface UsageSnapshot {
  account: Account;
  session: UsageWindow | null;
  weekly: UsageWindow | null;
  extraWindows: ExtraWindow[];
  codeReview: UsageWindow | null;
  credits: Credits | null;
  monthlyLimit: MonthlyLimit | null;
  /** Present when the backend reported reset credits (added field). */
  resetCredits?: ResetCredits | null;
  /** Human-readable caveats, e.g. "limits may be stale" from the TUI. Not part of interface §3 (added field). */
  warnings?: string[];
  /** Where the credentials came from, e.g. the browser profile of a web session. Internal: shown in attempts. */
  sessionFrom?: string;
  /**
   * The plan was read back from a display name (the TUI's "Pro 200"), which can be ambiguous: a plan id
   * from auth.json or another source replaces it. Internal: not part of the report.
   */
  planFromDisplay?: boolean;
}

export interface UsageReport extends UsageSnapshot {
  schemaVersion: typeof SCHEMA_VERSION;
  source: SourceId;
  sources: SourceId[];
  fetchedAt: string;
  attempts: Attempt[];
}

export interface UsageFailure {
  schemaVersion: typeof SCHEMA_VERSION;
  error: ErrorInfo;
  attempts: Attempt[];
}

export type UsageResult = UsageReport | UsageFailure;

export function isUsageFailure(result: UsageResult): result is UsageFailure {
  return 'error' in result;
}

/** Window lengths interface §3 classifies by (minutes). */
export const SESSION_MINUTES = 300;
export const WEEKLY_MINUTES = 10080;

export function emptyAccount(): Account {
  return { email: null, plan: null, accountId: null };
}
