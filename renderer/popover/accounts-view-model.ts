// Pure: the popover's account list (interface §7) — the shown account's name, and one compact row per
// other account, grouped by origin. Kept apart from the components so it is tested without a browser.

import type { AccountOrigin } from '../../shared/accounts-model.js';
import { nextReset } from '../../shared/accounts-text.js';
import { formatPercent, remainingPercent } from '../../shared/format.js';
import type { AccountEntry } from '../../shared/quotabar-api.js';
import type { Settings } from '../../shared/settings-model.js';
import { isUsageFailure, type ErrorCode, type UsageFailure, type UsageReport, type UsageWindow } from '../../shared/usage-model.js';
import { resetLabel, type Tone } from './view-model.js';

/** ok: fresh numbers; stale: the last fetch failed, older numbers shown; failed: nothing to show; loading: not fetched yet. */
export type AccountRowStatus = 'ok' | 'stale' | 'failed' | 'loading';

export interface MiniBarModel {
  /** "5h" / "Wk": the column's caption. */
  caption: string;
  /** "77%": remaining or used, per settings (the list's heading says which). */
  percentLabel: string;
  fillPercent: number;
  tone: Tone;
}

export interface AccountRowModel {
  id: string;
  /** The label, or a neutral name when emails are hidden and the label is one. */
  label: string;
  origin: AccountOrigin;
  status: AccountRowStatus;
  session: MiniBarModel | null;
  weekly: MiniBarModel | null;
  /** The next reset of the session and weekly windows: "Resets in 2h 5m" / "Resets 14:05". */
  resetLabel: string | null;
  /** A few words on why the last fetch failed: "Token stale — refreshed by CCS". */
  reason: string | null;
  /** Fewer words for a stale row, whose reason shares a line with its label: "Token stale — run CCS". */
  staleLabel: string | null;
  /** The whole failure message (emails masked when they are hidden), for the tooltip. */
  detail: string | null;
  /** Everything the row says, as one sentence for screen readers. */
  summary: string;
}

export interface AccountGroupModel {
  origin: AccountOrigin;
  /** "Codex homes", "CCS pool", "codex-proxy"; null when the homes are the only group. */
  heading: string | null;
  rows: AccountRowModel[];
}

export interface AccountListModel {
  shownId: string | null;
  /** The shown account's name (masked like a row's), or null when the list does not know it. */
  shownLabel: string | null;
  /** "% left" / "% used": what the rows' percentages are. */
  unitLabel: string;
  groups: AccountGroupModel[];
  /** Every row in display order (the groups' rows, concatenated). */
  rowCount: number;
}

const ORIGIN_ORDER: AccountOrigin[] = ['codex-home', 'ccs', 'codex-proxy'];

export const ORIGIN_HEADINGS: Record<AccountOrigin, string> = { 'codex-home': 'Codex homes', ccs: 'CCS pool', 'codex-proxy': 'codex-proxy' };

const SHORT_REASONS: Record<ErrorCode, string> = {
  not_logged_in: 'Not signed in',
  unauthorized: 'Sign-in rejected',
  token_stale: 'Sign-in needs renewing',
  codex_not_found: 'Codex CLI not found',
  timeout: 'Timed out',
  network: 'Can’t reach ChatGPT',
  server_error: 'ChatGPT is having trouble',
  rate_limited: 'Too many requests',
  bad_response: 'Unexpected answer',
  not_supported: 'Not supported',
  cookies_missing: 'No ChatGPT cookies',
  account_mismatch: 'Different account',
  bad_arguments: 'Check the settings',
};

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:.]+/g;

export function isEmailLike(text: string): boolean {
  return new RegExp(`^${EMAIL.source}$`).test(text.trim());
}

/**
 * The name a row shows. With emails hidden, a label that is an email is left out the way the header
 * leaves the email out, and a neutral "Account N" (its place in the list) names the row instead.
 */
export function accountDisplayLabel(entry: Pick<AccountEntry, 'label' | 'email'>, position: number, hideEmail: boolean): string {
  const neutral = `Account ${position + 1}`;
  if (!hideEmail) return entry.label;
  if (isEmailLike(entry.label) || (entry.email !== null && entry.label.trim() === entry.email)) return neutral;
  const masked = maskEmails(entry.label, entry.email).trim();
  return masked === '' || masked === '…' ? neutral : masked;
}

/** Every email in `text` (and the account's own, however it is written) replaced by "…". */
export function maskEmails(text: string, email: string | null = null): string {
  const own = email === null || email === '' ? text : text.split(email).join('…');
  return own.replace(EMAIL, '…');
}

/**
 * A few words for a failed fetch. A pool account's token is refreshed by its own tool, which the
 * failure message names ("run CCS to refresh it"): the reason says which.
 */
export function shortFailureReason(failure: UsageFailure): string {
  const { code, message } = failure.error;
  const tool = poolTool(message);
  if (code === 'token_stale' && tool !== undefined) return `Token stale — refreshed by ${tool}`;
  if (code === 'unauthorized' && tool !== undefined) return `Sign-in rejected — ${tool} signs in`;
  return SHORT_REASONS[code] ?? 'Refresh failed';
}

/** The stale row's words: its own tool to run, when the message names one, else the short reason. */
export function shortStaleLabel(failure: UsageFailure): string {
  const tool = poolTool(failure.error.message);
  if (failure.error.code === 'token_stale' && tool !== undefined) return `Token stale — run ${tool}`;
  if (failure.error.code === 'unauthorized' && tool !== undefined) return `Rejected — run ${tool}`;
  return shortFailureReason(failure);
}

function poolTool(message: string): string | undefined {
  return /\brun (.+?) to refresh\b/i.exec(message)?.[1]?.replace(/`/g, '');
}

function miniBar(caption: string, window: UsageWindow | null, settings: Settings): MiniBarModel | null {
  if (window === null) return null;
  const left = remainingPercent(window.usedPercent);
  const shown = settings.display.barsShow === 'used' ? 100 - left : left;
  return { caption, percentLabel: formatPercent(shown), fillPercent: shown, tone: left <= 10 ? 'critical' : left <= 25 ? 'warn' : 'ok' };
}

export function accountRow(entry: AccountEntry, position: number, settings: Settings, now: Date, timeZone?: string): AccountRowModel {
  const hideEmail = settings.display.hideEmail;
  const label = accountDisplayLabel(entry, position, hideEmail);
  const failure = entry.usage !== null && isUsageFailure(entry.usage) ? entry.usage : null;
  const report: UsageReport | null = entry.usage !== null && !isUsageFailure(entry.usage) ? entry.usage : entry.lastGoodUsage;
  const status: AccountRowStatus = failure !== null ? (report === null ? 'failed' : 'stale') : report === null ? 'loading' : 'ok';
  const session = report === null ? null : miniBar('5h', report.session, settings);
  const weekly = report === null ? null : miniBar('Wk', report.weekly, settings);
  const reset = report === null ? null : resetLabel(nextReset([report.session, report.weekly], now), settings, now, timeZone);
  const reason = failure === null ? null : shortFailureReason(failure);
  const staleLabel = failure === null || report === null ? null : shortStaleLabel(failure);
  let detail: string | null = null;
  if (failure !== null) {
    const message = hideEmail ? maskEmails(failure.error.message.split(entry.label).join(label), entry.email) : failure.error.message;
    detail = `${failure.error.code}: ${message}`;
  }
  const unit = settings.display.barsShow === 'used' ? 'used' : 'left';
  const parts = [label];
  if (status === 'loading') parts.push('loading');
  if (session !== null) parts.push(`session ${session.percentLabel} ${unit}`);
  if (weekly !== null) parts.push(`weekly ${weekly.percentLabel} ${unit}`);
  if (report !== null && session === null && weekly === null) parts.push('no limits reported');
  if (reset !== null) parts.push(reset.toLowerCase());
  if (status === 'stale') parts.push(`older numbers: ${reason ?? ''}`);
  if (status === 'failed') parts.push(`failed: ${reason ?? ''}`);
  return { id: entry.id, label, origin: entry.origin, status, session, weekly, resetLabel: reset, reason, staleLabel, detail, summary: parts.join(', ') };
}

/**
 * The list below the shown account, or null with fewer than two accounts (the popover then looks as
 * it always has). The shown account is the one `shownId` names, else the first (the default home).
 */
export function accountListModel(
  accounts: AccountEntry[] | undefined,
  shownAccountId: string | null | undefined,
  settings: Settings,
  now: Date,
  timeZone?: string,
): AccountListModel | null {
  if (accounts === undefined || accounts.length < 2) return null;
  const shownIndex = Math.max(
    0,
    accounts.findIndex((a) => a.id === shownAccountId),
  );
  const shown = accounts[shownIndex];
  const rows = accounts
    .map((entry, i) => (i === shownIndex ? null : accountRow(entry, i, settings, now, timeZone)))
    .filter((r): r is AccountRowModel => r !== null);
  const present = ORIGIN_ORDER.filter((origin) => rows.some((r) => r.origin === origin));
  const onlyHomes = present.length === 1 && present[0] === 'codex-home';
  const groups = present.map((origin) => ({
    origin,
    heading: onlyHomes ? null : ORIGIN_HEADINGS[origin],
    rows: rows.filter((r) => r.origin === origin),
  }));
  return {
    shownId: shown?.id ?? null,
    shownLabel: shown === undefined ? null : accountDisplayLabel(shown, shownIndex, settings.display.hideEmail),
    unitLabel: settings.display.barsShow === 'used' ? '% used' : '% left',
    groups,
    rowCount: rows.length,
  };
}

/** Whether two row models show the same thing: a row re-renders only when it would look different. */
export function sameAccountRow(a: AccountRowModel, b: AccountRowModel): boolean {
  return (
    a.id === b.id &&
    a.label === b.label &&
    a.origin === b.origin &&
    a.status === b.status &&
    a.resetLabel === b.resetLabel &&
    a.reason === b.reason &&
    a.staleLabel === b.staleLabel &&
    a.detail === b.detail &&
    a.summary === b.summary &&
    sameBar(a.session, b.session) &&
    sameBar(a.weekly, b.weekly)
  );
}

function sameBar(a: MiniBarModel | null, b: MiniBarModel | null): boolean {
  if (a === null || b === null) return a === b;
  return a.caption === b.caption && a.percentLabel === b.percentLabel && a.fillPercent === b.fillPercent && a.tone === b.tone;
}
