import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (two levels above dist/electron/cli or electron/cli). */
export function quotabarVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'quotabar' && 'version' in parsed && typeof parsed.version === 'string') {
        return parsed.version;
      }
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
