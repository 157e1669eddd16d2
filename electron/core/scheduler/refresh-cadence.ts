import type { Settings } from '../../../shared/settings-model.js';

const MINUTE = 60_000;

export type RefreshSettings = Pick<Settings, 'refresh'>;

/**
 * CodexBar's adaptive policy (docs/refresh-loop.md): the more recently someone looked, the fresher
 * the data is kept. Popover opened (or Codex used) under 5 min ago → 2 min; under an hour → 5 min;
 * under 4 h → 15 min; otherwise (or never) 30 min.
 */
export function adaptiveIntervalMs(lastInUseAt: number | null, now: number): number {
  if (lastInUseAt === null) return 30 * MINUTE;
  const since = now - lastInUseAt;
  if (since < 5 * MINUTE) return 2 * MINUTE;
  if (since < 60 * MINUTE) return 5 * MINUTE;
  if (since < 4 * 60 * MINUTE) return 15 * MINUTE;
  return 30 * MINUTE;
}

/** The normal gap between refreshes under the current settings. A bad fixed value falls back to 5 min (CodexBar's rule). */
export function refreshIntervalMs(settings: RefreshSettings, lastInUseAt: number | null, now: number): number {
  if (settings.refresh.mode === 'fixed') {
    const minutes = settings.refresh.fixedMinutes;
    return Number.isFinite(minutes) && minutes >= 1 ? minutes * MINUTE : 5 * MINUTE;
  }
  return adaptiveIntervalMs(lastInUseAt, now);
}

/** The longest wait after repeated failures. */
export const MAX_BACKOFF_MS = 60 * MINUTE;

/**
 * After `failures` failed refreshes in a row the next try waits the normal interval doubled per failure,
 * capped at an hour: a backend that is down or rate-limiting is not hammered, and a single blip costs
 * one interval.
 */
export function backoffDelayMs(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(MAX_BACKOFF_MS, Math.max(intervalMs, intervalMs * 2 ** Math.min(failures, 20)));
}
