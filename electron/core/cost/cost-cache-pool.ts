import type { Logger } from '../util/logger.js';
import { CostCache, costCachePath } from './cost-cache.js';

// One open cache per file for the life of the thread: a refresh then reuses what it already knows.

const openCaches = new Map<string, CostCache>();

export function cacheFor(quotabarHome: string, logger: Logger): { cache: CostCache | null; notice: string | null } {
  const path = costCachePath(quotabarHome);
  const open = openCaches.get(path);
  if (open !== undefined) return { cache: open, notice: null };
  const result = CostCache.open(path, { logger });
  if (result.cache !== null) openCaches.set(path, result.cache);
  return result;
}

/** Drops a damaged cache's connection, so the next scan reopens (and rebuilds) it. */
export function forgetCache(quotabarHome: string): void {
  const path = costCachePath(quotabarHome);
  openCaches.get(path)?.close();
  openCaches.delete(path);
}

export function closeOpenCaches(): void {
  for (const cache of openCaches.values()) cache.close();
  openCaches.clear();
}
