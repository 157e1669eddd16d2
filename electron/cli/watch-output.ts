// What `quotabar watch` prints (interface §9): one line per change of what the reader would see.

import { statusText, waybarOutput } from '../../shared/status-line.js';
import { isUsageFailure, type UsageResult } from '../../shared/usage-model.js';

export type WatchFormat = 'json' | 'waybar' | 'line';

export interface WatchLine {
  /** Two results with the same key look the same to the reader: the second is not printed. */
  key: string;
  line: string;
}

export function watchLine(result: UsageResult, format: WatchFormat, now: Date, timeZone?: string): WatchLine {
  if (format === 'json') return { key: usageKey(result), line: JSON.stringify(result) };
  const line = format === 'waybar' ? JSON.stringify(waybarOutput(result, now, timeZone)) : statusText(result);
  return { key: line, line };
}

/** The usage without what changes on every fetch (the fetch time, how long each source took). */
function usageKey(result: UsageResult): string {
  const attempts = result.attempts.map((a) => ({ ...a, ms: 0 }));
  if (isUsageFailure(result)) return JSON.stringify({ ...result, attempts });
  const { fetchedAt: _fetchedAt, ...rest } = result;
  return JSON.stringify({ ...rest, attempts });
}

/** Prints the first result and then each one that differs from the last printed. */
export function createChangePrinter(format: WatchFormat, print: (line: string) => void, now: () => Date): (result: UsageResult) => boolean {
  let lastKey: string | null = null;
  return (result) => {
    const { key, line } = watchLine(result, format, now());
    if (key === lastKey) return false;
    lastKey = key;
    print(line);
    return true;
  };
}
