// For end-to-end tests whose child processes and browser read the real clock, where no clock can be
// injected: day arithmetic that holds at any instant, including the minutes around midnight.

import { setTimeout as sleep } from 'node:timers/promises';

const DAY_MS = 86_400_000;

/** The first millisecond of the UTC day that holds `t`. */
export function startOfUtcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** An instant up to `agoMs` before `now` that is still on `now`'s UTC day (its first millisecond if need be). */
export function earlierTodayUtc(now: number, agoMs: number): Date {
  return new Date(Math.max(startOfUtcDay(now), now - agoMs));
}

/**
 * When fewer than `marginMs` are left before the next UTC midnight, waits until just past it, so what a
 * test writes as "today" is still today when it reads it back. Returns the time after any wait.
 */
export async function clearOfMidnight(marginMs: number): Promise<number> {
  const now = Date.now();
  const left = startOfUtcDay(now) + DAY_MS - now;
  if (left < marginMs) await sleep(left + 1000);
  return Date.now();
}
