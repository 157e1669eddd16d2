import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shiftedClockEnv } from './shifted-clock-env.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsxLoader = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const doubleEntry = join(repoRoot, 'test', 'doubles', 'codex-double.ts');

/**
 * Writes an executable `codex` into `dir` that runs the codex double with the given scenario
 * variables baked in. QuotaBar starts codex with a minimal environment, so scenarios cannot
 * travel in the caller's environment: they live in the script, as a real install's config would.
 */
export function writeCodexDouble(dir: string, scenario: Record<string, string>, name = 'codex'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  // QuotaBar gives codex a minimal environment, so a shifted test clock is baked in like the scenario.
  const exports = Object.entries({ ...shiftedClockEnv(), ...scenario })
    .map(([key, value]) => `export ${key}='${value.replace(/'/g, `'\\''`)}'`)
    .join('\n');
  const script = `#!/bin/sh\n${exports}\nexec '${process.execPath}' --import '${tsxLoader}' '${doubleEntry}' "$@"\n`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

/**
 * A codex double in `dir` that records what it was asked in `dir/transcript.jsonl`; `entries()` reads that
 * record (none before the double first ran).
 */
export function writeRecordingCodexDouble<Entry = Record<string, unknown>>(
  dir: string,
  scenario: Record<string, string>,
): { bin: string; transcript: string; entries(): Entry[] } {
  const transcript = join(dir, 'transcript.jsonl');
  const bin = writeCodexDouble(dir, { ...scenario, CODEX_DOUBLE_TRANSCRIPT: transcript });
  const entries = (): Entry[] =>
    existsSync(transcript)
      ? readFileSync(transcript, 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Entry)
      : [];
  return { bin, transcript, entries };
}
