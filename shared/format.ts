// Pure text formatting shared by the CLI, the tray tooltip and the popover.

const MINUTE = 60_000;

/**
 * "in 2h 5m", "in 3d 4h", "in 12m", or "now" (CodexBar's rules): rounds up to whole minutes,
 * so "in 1m" shows until the reset has really passed.
 */
export function formatCountdown(resetsAt: string | Date | null, now: Date): string | null {
  if (resetsAt === null) return null;
  const target = typeof resetsAt === 'string' ? new Date(resetsAt) : resetsAt;
  const ms = target.getTime() - now.getTime();
  if (Number.isNaN(ms)) return null;
  if (ms < 1000) return 'now';
  const totalMinutes = Math.max(1, Math.ceil(ms / MINUTE));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `in ${days}d ${hours}h` : minutes > 0 ? `in ${days}d ${minutes}m` : `in ${days}d`;
  if (hours > 0) return minutes > 0 ? `in ${hours}h ${minutes}m` : `in ${hours}h`;
  return `in ${minutes}m`;
}

/** "resets in 2h 5m" / "resets now" / null when the window has no reset time. */
export function formatResetsIn(resetsAt: string | null, now: Date): string | null {
  const countdown = formatCountdown(resetsAt, now);
  return countdown === null ? null : `resets ${countdown}`;
}

/**
 * The clock form of a reset: "14:05" today, "tomorrow 09:00", "Fri 09:00" within a week, else "7 May 09:00".
 * `timeZone` defaults to the runtime's zone; tests pass one explicitly.
 */
export function formatResetClock(resetsAt: string | null, now: Date, timeZone?: string): string | null {
  if (resetsAt === null) return null;
  const target = new Date(resetsAt);
  if (Number.isNaN(target.getTime())) return null;
  const opts = timeZone === undefined ? {} : { timeZone };
  const time = new Intl.DateTimeFormat('en-GB', { ...opts, hour: '2-digit', minute: '2-digit', hour12: false }).format(target);
  const dayKey = (d: Date) => new Intl.DateTimeFormat('en-CA', { ...opts, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const days = Math.round((Date.parse(dayKey(target)) - Date.parse(dayKey(now))) / 86_400_000);
  if (days <= 0) return time;
  if (days === 1) return `tomorrow ${time}`;
  if (days < 7) return `${new Intl.DateTimeFormat('en-GB', { ...opts, weekday: 'short' }).format(target)} ${time}`;
  return `${new Intl.DateTimeFormat('en-GB', { ...opts, day: 'numeric', month: 'short' }).format(target)} ${time}`;
}

/** Whole percent, with "<1%" for a sliver so a nearly empty window never reads as 0 %. */
export function formatPercent(value: number): string {
  if (value > 0 && value < 1) return '<1%';
  if (value < 100 && value > 99) return '99%';
  return `${Math.round(value)}%`;
}

export function remainingPercent(usedPercent: number): number {
  return Math.min(100, Math.max(0, 100 - usedPercent));
}

/** "Updated just now", "Updated 2m ago", "Updated 3h ago", or the date for anything older than a day. */
export function formatUpdatedAgo(fetchedAt: string, now: Date): string {
  const ms = now.getTime() - new Date(fetchedAt).getTime();
  if (!Number.isFinite(ms) || ms < 60_000) return 'Updated just now';
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `Updated ${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Updated ${hours}h ago`;
  return `Updated ${new Date(fetchedAt).toISOString().slice(0, 10)}`;
}

/** A text bar of `width` cells, filled for the given percentage. */
export function textBar(percent: number, width = 20): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** "$1,234.56", "$0.0042" for small amounts, "—" for unknown (unpriced) costs. */
export function formatUsd(value: number | null): string {
  if (value === null) return '—';
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 1.4K, 12M, 3.2B for token counts. */
export function formatTokens(value: number): string {
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) {
      const scaled = value / size;
      return `${scaled >= 100 ? Math.round(scaled) : Number(scaled.toFixed(1))}${suffix}`;
    }
  }
  return String(value);
}
