// Calendar days in a chosen IANA time zone: the report's window and the day each usage slot falls on.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// Building an Intl.DateTimeFormat costs about a millisecond; a refresh needs the same few every time.
const canonical = new Map<string, string | null>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows the zone; returns its canonical name, or null. */
export function canonicalTimeZone(zone: string): string | null {
  // The first Intl call with a zone loads ICU's zone data (tens of milliseconds): UTC does not need it.
  if (zone === 'UTC') return 'UTC';
  let name = canonical.get(zone);
  if (name === undefined) {
    try {
      name = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      name = null;
    }
    canonical.set(zone, name);
  }
  return name;
}

export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Returns a function from epoch ms to the YYYY-MM-DD date in the zone. */
export function dateKeyFormatter(timeZone: string): (ms: number) => string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return (ms) => new Date(ms).toISOString().slice(0, 10);
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const f = format;
  return (ms) => {
    const parts = f.formatToParts(ms);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
}

/** date + n days, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

export interface DayRange {
  since: string;
  until: string;
}

/**
 * interface §4's window: `--since`/`--until` when given; otherwise the last `days` days (default 30)
 * including today in the zone, ending at `--until` when only that is given.
 */
export function resolveDayRange(options: { days?: number; since?: string; until?: string; timeZone: string; now: Date }): DayRange {
  const until = options.until ?? dateKeyFormatter(options.timeZone)(options.now.getTime());
  const since = options.since ?? addDays(until, -((options.days ?? 30) - 1));
  return { since, until };
}

/** Epoch ms before which no event can fall inside the range, whatever the zone (a day of margin either side). */
export function rangeStartBoundMs(range: DayRange): number {
  return Date.parse(`${addDays(range.since, -1)}T00:00:00Z`) - 14 * 3_600_000;
}
