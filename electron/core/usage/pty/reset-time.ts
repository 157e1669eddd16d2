// Codex prints a reset as local wall-clock text (`helpers.rs::format_reset_timestamp`):
// `%H:%M` when the reset falls on the capture's date, else `%H:%M on %-d %b` ("07:08 on 7 May").
// Turning that back into an instant needs the local time zone and a guess at the missing date/year.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Codex truncates to the minute, so a reset shown as "09:25" may still be up to 59 s ahead at 09:25:30. */
const MINUTE_SLACK_MS = 60_000;
/**
 * A dated reset a little in the past comes from stale limits, not from next year: only roll the
 * year forward when the date is more than a day behind.
 */
const YEAR_ROLL_SLACK_MS = 86_400_000;

function monthIndex(name: string): number | null {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index === -1 ? null : index;
}

interface DayMonth {
  day: number;
  month: number;
  year: number | null;
}

function parseDate(text: string): DayMonth | null {
  const dayFirst = /^(\d{1,2})\.?\s+([A-Za-z]{3,})\.?,?(?:\s+(\d{4}))?$/.exec(text);
  if (dayFirst) {
    const month = monthIndex(dayFirst[2] ?? '');
    return month === null ? null : { day: Number(dayFirst[1]), month, year: dayFirst[3] ? Number(dayFirst[3]) : null };
  }
  const monthFirst = /^([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$/.exec(text);
  if (monthFirst) {
    const month = monthIndex(monthFirst[1] ?? '');
    return month === null ? null : { day: Number(monthFirst[2]), month, year: monthFirst[3] ? Number(monthFirst[3]) : null };
  }
  return null;
}

/**
 * "09:25", "9:25 PM", "07:08 on 7 May", "07:08 on May 7" → ISO-8601 UTC, read in the local time zone.
 * A time without a date that has already passed means tomorrow; a date without a year that has
 * already passed means next year. Unknown shapes give null (the window is still reported).
 *
 * `windowMinutes`, when the label names the window's length, bounds how far ahead a reset can be:
 * a 5 h window's "09:25" seen at 09:27 is a reset that just passed (stale limits), not one 24 h away.
 */
export function parseResetText(text: string, now: Date, windowMinutes?: number | null): string | null {
  const maxAheadMs = windowMinutes ? windowMinutes * 60_000 * 1.05 : Number.POSITIVE_INFINITY;
  const canRollTo = (date: Date) => date.getTime() - now.getTime() <= maxAheadMs;
  const match = /^(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?(?:\s+on\s+(.+?))?\s*$/i.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;

  const datePart = match[4];
  if (datePart === undefined) {
    const candidate = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, minute);
    if (candidate.getTime() < now.getTime() - MINUTE_SLACK_MS) {
      // setDate keeps the wall-clock time across a DST change, as Codex's local formatting does.
      const tomorrow = new Date(candidate);
      tomorrow.setDate(tomorrow.getDate() + 1);
      if (canRollTo(tomorrow)) return tomorrow.toISOString();
    }
    return candidate.toISOString();
  }

  const date = parseDate(datePart.trim());
  if (date === null || date.day < 1 || date.day > 31) return null;
  const build = (year: number) => new Date(year, date.month, date.day, hour, minute);
  let candidate = build(date.year ?? now.getFullYear());
  if (date.year === null && candidate.getTime() < now.getTime() - YEAR_ROLL_SLACK_MS) {
    const nextYear = build(now.getFullYear() + 1);
    if (canRollTo(nextYear)) candidate = nextYear;
  }
  // "31 Feb" (or 29 Feb in a common year) rolls into March: not a date Codex prints.
  if (candidate.getDate() !== date.day) return null;
  return candidate.toISOString();
}
