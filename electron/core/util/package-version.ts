import { readFileSync } from 'node:fs';

let cached: string | null = null;

/**
 * QuotaBar's version from package.json (three levels above electron/core/util, four above
 * dist/electron/core/util), read once. The CLI prints it and it is sent as the client version to Codex.
 */
export function quotabarVersion(): string {
  cached ??= readVersion();
  return cached;
}

function readVersion(): string {
  for (const rel of ['../../../package.json', '../../../../package.json']) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
      if (
        typeof parsed === 'object' &&
        parsed !== null &&
        'name' in parsed &&
        parsed.name === 'quotabar' &&
        'version' in parsed &&
        typeof parsed.version === 'string'
      ) {
        return parsed.version;
      }
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
