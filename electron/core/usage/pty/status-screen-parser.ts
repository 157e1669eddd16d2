import type { Account, Credits, MonthlyLimit } from '../../../../shared/usage-model.js';
import { planFromDisplayName } from '../plan-ids.js';
import { parseResetText } from './reset-time.js';

// Reads the `/status` card from the rendered screen text (codex-protocol.md §5), never from the
// raw byte stream: the input is what a person would see, one terminal row per line.

export type WindowLength = '5h' | 'daily' | 'weekly' | 'monthly' | 'annual';

const LENGTH_MINUTES: Record<WindowLength, number> = { '5h': 300, daily: 1440, weekly: 10080, monthly: 43200, annual: 525600 };

export interface StatusLimitRow {
  /** The label as printed, without the colon: "5h limit", "Secondary usage limit", "codex-other 5h limit". */
  label: string;
  /** null for the main `codex` limit; the bucket's name for an additional one (e.g. "GPT-5.3-Codex-Spark"). */
  bucket: string | null;
  /** The length the label names; null for the generic "Usage limit" / "Secondary usage limit". */
  length: WindowLength | null;
  /** True for "Secondary usage limit", the generic label of a bucket's second window. */
  secondary: boolean;
  windowMinutes: number | null;
  usedPercent: number;
  resetsAt: string | null;
}

export interface StatusAccount {
  account: Account;
  /** "API key configured (run codex login to use ChatGPT)": no ChatGPT limits exist for this login. */
  apiKey: boolean;
}

export type StatusScreen =
  /** No `/status` card on the screen (yet). */
  | { kind: 'none' }
  /** `Limits: data not available yet` or `refresh requested…`: ask again shortly. */
  | { kind: 'not_ready'; message: string }
  /** `Limits: not available for this account`. */
  | { kind: 'unavailable'; account: StatusAccount }
  /** A card is there but no limit, credits or monthly row could be read. */
  | { kind: 'unreadable'; complete: boolean; lines: string[] }
  | {
      kind: 'status';
      /** The card's bottom border has been drawn. */
      complete: boolean;
      rows: StatusLimitRow[];
      credits: Credits | null;
      monthlyLimit: MonthlyLimit | null;
      account: StatusAccount;
      /** Codex's own caveats, e.g. "limits may be stale - start new turn to refresh." */
      warnings: string[];
      /** Limit rows that were there but could not be read (a narrow terminal drops "% left"). */
      unreadableRows: string[];
    };

interface Card {
  lines: string[];
  complete: boolean;
}

interface Entry {
  label: string;
  value: string;
  continuation: string[];
}

/** `<Label>:` then the value; a colon not followed by a space (a URL) is not a label. */
const LABEL_ROW = /^\s*([A-Za-z0-9][\w .'-]*?):(?:\s+(.*))?$/;
const STATUS_LABEL = /^(limits|credits|token usage|context window|monthly credit limit)$|\blimit$/i;
/** Rows only a `/status` card has: enough to read a screen without a recognisable card block. */
const LIMIT_LABEL = /^(limits|credits)$|\blimit$/i;
const WINDOW_LABEL = /^(.*?)\s*\b(5h|5-hour|daily|weekly|monthly|annual|secondary usage|usage)\s+limit$/i;

/** The text between a box's side borders; lines without a border are not part of a boxed card. */
function insideBorders(line: string): string | null {
  const first = line.indexOf('│');
  if (first === -1) return null;
  const last = line.lastIndexOf('│');
  return last > first ? line.slice(first + 1, last) : line.slice(first + 1);
}

/** The heading Codex draws at the top of the start-up screen and of every `/status` card. */
const CARD_HEADING = /^\s*>_\s+OpenAI Codex\b/;
/** The composer (or a choice pointer) below the history: whatever is above it is complete. */
const BELOW_HISTORY = /^\s*›/;

/**
 * Splits the screen into the blocks a `/status` card can be: a rounded box (Codex up to 0.16x)
 * or, since the card lost its border (0.171), the lines from a `>_ OpenAI Codex` heading to the
 * composer, the next heading or box. A borderless card counts as complete once something is
 * drawn below it; a boxed one once its bottom border is.
 */
function extractCards(lines: readonly string[]): Card[] {
  const cards: Card[] = [];
  let box: Card | null = null;
  let open: Card | null = null;
  for (const line of lines) {
    if (box !== null) {
      if (line.includes('╰')) {
        box.complete = true;
        box = null;
        continue;
      }
      const inner = insideBorders(line);
      if (inner !== null) box.lines.push(inner);
      continue;
    }
    if (line.includes('╭')) {
      if (open !== null) open.complete = true;
      open = null;
      box = { lines: [], complete: false };
      cards.push(box);
      continue;
    }
    if (CARD_HEADING.test(line)) {
      if (open !== null) open.complete = true;
      open = { lines: [], complete: false };
      cards.push(open);
      continue;
    }
    if (open === null) continue;
    if (BELOW_HISTORY.test(line)) {
      open.complete = true;
      open = null;
      continue;
    }
    open.lines.push(line);
  }
  return cards;
}

function toEntries(lines: readonly string[]): Entry[] {
  const entries: Entry[] = [];
  let last: Entry | null = null;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      last = null;
      continue;
    }
    const label = LABEL_ROW.exec(line);
    if (label) {
      last = { label: (label[1] ?? '').trim(), value: (label[2] ?? '').trim(), continuation: [] };
      entries.push(last);
    } else if (last !== null && /^\s{3,}/.test(line)) {
      // Codex wraps a long value onto a line indented to the value column.
      last.continuation.push(line.trim());
    } else {
      last = null;
    }
  }
  return entries;
}

function hasStatusRows(entries: readonly Entry[]): boolean {
  return entries.some((e) => STATUS_LABEL.test(e.label));
}

/** Locale-tolerant amount: "8,000", "25 000", "1.234,5", "37.5". */
export function parseAmount(text: string): number | null {
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma !== -1 && lastDot !== -1) {
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma !== -1) {
    s = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3}){2,}$/.test(s)) {
    s = s.replace(/\./g, '');
  }
  const value = Number(s);
  return Number.isFinite(value) ? value : null;
}

interface WindowValue {
  usedPercent: number;
  resetsAt: string | null;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

/** `[████░░] 55% left (resets 09:25)`; older Codex printed "% used". */
function parseWindowValue(text: string, now: Date, windowMinutes?: number | null): WindowValue | null {
  const percent = /(\d{1,3}(?:[.,]\d+)?)\s*%\s*(left|used)\b/i.exec(text);
  if (!percent) return null;
  const value = Number((percent[1] ?? '').replace(',', '.'));
  if (!Number.isFinite(value)) return null;
  const usedPercent = clampPercent((percent[2] ?? '').toLowerCase() === 'left' ? 100 - value : value);
  const reset = /\bresets?\s+([^)]*?)\s*(?:\)|$)/i.exec(text);
  return { usedPercent, resetsAt: reset ? parseResetText(reset[1] ?? '', now, windowMinutes) : null };
}

function parseCreditsValue(text: string): Credits | null {
  if (/^unlimited\b/i.test(text)) return { balance: null, hasCredits: true, unlimited: true };
  const match = /^([\d][\d.,\s\u00a0]*?)\s*credits?\b/i.exec(text);
  if (!match) return null;
  const balance = parseAmount(match[1] ?? '');
  return balance === null ? null : { balance, hasCredits: true, unlimited: false };
}

function parseMonthlyValue(text: string, now: Date): MonthlyLimit | null {
  const counts = /(\d[\d.,\s\u00a0]*?)\s+of\s+(\d[\d.,\s\u00a0]*?)\s+credits\s+used/i.exec(text);
  if (!counts) return null;
  const used = parseAmount(counts[1] ?? '');
  const limit = parseAmount(counts[2] ?? '');
  if (used === null || limit === null) return null;
  const window = parseWindowValue(text, now);
  const remainingPercent = window !== null ? 100 - window.usedPercent : limit > 0 ? clampPercent(((limit - used) / limit) * 100) : 0;
  return { limit, used, remainingPercent: Math.round(remainingPercent * 100) / 100, resetsAt: window?.resetsAt ?? null };
}

function parseAccount(text: string): StatusAccount {
  const none = { email: null, plan: null, accountId: null };
  if (/^api key\b/i.test(text)) return { account: none, apiKey: true };
  const email = /[^\s()<>]+@[^\s()<>]+\.[^\s()<>]+/.exec(text)?.[0] ?? null;
  const planText = email !== null ? (/\(([^)]+)\)\s*$/.exec(text)?.[1] ?? '') : text;
  return { account: { email, plan: planFromDisplayName(planText), accountId: null }, apiKey: false };
}

function parseWindowLabel(label: string): { prefix: string; length: WindowLength | null; secondary: boolean } | null {
  const match = WINDOW_LABEL.exec(label);
  if (!match) return null;
  const word = (match[2] ?? '').toLowerCase();
  const length: WindowLength | null = word === '5-hour' ? '5h' : word === 'usage' || word === 'secondary usage' ? null : (word as WindowLength);
  return { prefix: (match[1] ?? '').trim(), length, secondary: word === 'secondary usage' };
}

function parseEntries(entries: readonly Entry[], complete: boolean, now: Date): StatusScreen {
  const rows: StatusLimitRow[] = [];
  const warnings: string[] = [];
  const unreadableRows: string[] = [];
  let credits: Credits | null = null;
  let monthlyLimit: MonthlyLimit | null = null;
  let account: StatusAccount = { account: { email: null, plan: null, accountId: null }, apiKey: false };
  let limitsState: StatusScreen | null = null;
  // Rows after a "<name> limit:" header (or a combined "<name> 5h limit:" row) belong to that bucket.
  let bucket: string | null = null;

  for (const entry of entries) {
    const label = entry.label;
    const full = [entry.value, ...entry.continuation].join(' ').replace(/\s+/g, ' ').trim();
    if (/^limits$/i.test(label)) {
      if (/not available for this account/i.test(full)) limitsState = { kind: 'unavailable', account };
      else if (/data not available yet|refresh requested|run \/status again/i.test(full)) limitsState = { kind: 'not_ready', message: full };
    } else if (/^warning$/i.test(label)) {
      if (full !== '') warnings.push(full);
    } else if (/^account$/i.test(label)) {
      account = parseAccount(full);
    } else if (/^credits$/i.test(label)) {
      // Each additional bucket may carry its own credits row; only the main one is the account's.
      if (bucket === null && credits === null) credits = parseCreditsValue(full);
    } else if (/^monthly credit limit$/i.test(label)) {
      monthlyLimit = parseMonthlyValue(full, now);
      if (monthlyLimit === null) unreadableRows.push(`${label}: ${full}`);
    } else if (/\blimit$/i.test(label)) {
      if (full === '') {
        bucket = label.replace(/\s*limit$/i, '').trim() || null;
        continue;
      }
      const window = parseWindowLabel(label);
      const length = window?.length ?? null;
      const windowMinutes = length === null ? null : LENGTH_MINUTES[length];
      const value = parseWindowValue(full, now, windowMinutes);
      if (value === null) {
        unreadableRows.push(`${label}: ${full}`);
        continue;
      }
      // "<name> limit: …" with no length word is a one-window bucket of its own.
      if (window === null) bucket = label.replace(/\s*limit$/i, '').trim() || null;
      else if (window.prefix !== '') bucket = window.prefix;
      rows.push({ label, bucket, length, secondary: window?.secondary ?? false, windowMinutes, ...value });
    }
  }

  if (limitsState !== null) {
    return limitsState.kind === 'unavailable' ? { kind: 'unavailable', account } : limitsState;
  }
  if (rows.length === 0 && credits === null && monthlyLimit === null) {
    return { kind: 'unreadable', complete, lines: unreadableRows };
  }
  return { kind: 'status', complete, rows, credits, monthlyLimit, account, warnings, unreadableRows };
}

/**
 * Finds the last `/status` card on the screen (a block holding limit, credits or token rows, boxed
 * or not) and reads it by its labels, wherever it sits: lines printed before the TUI, the start-up
 * screen, earlier cards and the composer around it are not part of it. Without any recognisable
 * block, the label rows of the whole screen are read, in case a future Codex drops the heading.
 */
export function parseStatusScreen(screenText: string, now: Date): StatusScreen {
  const lines = screenText.split('\n');
  const cards = extractCards(lines);
  for (let i = cards.length - 1; i >= 0; i--) {
    const card = cards[i];
    if (card === undefined) continue;
    const entries = toEntries(card.lines);
    if (hasStatusRows(entries)) return parseEntries(entries, card.complete, now);
  }
  const entries = toEntries(lines.map((l) => insideBorders(l) ?? l));
  if (entries.some((e) => LIMIT_LABEL.test(e.label))) return parseEntries(entries, true, now);
  return { kind: 'none' };
}
