import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { LineKind } from './rollout-line-classifier.js';

// The scan's hot loops in C (native/rollout-scan.c), built by `npm install` with node-gyp: the line walk and
// the token_count and turn_context readers. A first scan spends most of its time in them while V8 is still
// warming up; the C runs at full speed from the first line. It is an accelerator only: without a build (no
// compiler, another platform), or with QUOTABAR_NATIVE_SCAN=0, the TypeScript paths do the same work with the
// same results.

/** `=0` turns the accelerator off for a whole process (to measure what it brings); tests use ScanOptions.native. */
const NATIVE_SCAN_ENV = 'QUOTABAR_NATIVE_SCAN';

export interface NativeRolloutScan {
  /**
   * Walks the complete lines of bytes[from, to) to the first one the scan needs. Returns its start, with
   * out[0] = its kind code and out[1] = the index of its newline; or, when there is none, -1 - (the index
   * after the last complete line).
   */
  nextRelevantLine(bytes: Uint8Array, from: number, to: number, out: Float64Array): number;
  /**
   * A token_count line in Codex's own layout: out = [timestamp ms, then input, cached, output, reasoning and
   * total of the cumulative total and of last_token_usage]. Returns 2 with last (read only when needLast),
   * 1 without it, 0 for any other layout.
   */
  readTokenCount(bytes: Uint8Array, start: number, end: number, needLast: boolean, out: Float64Array): number;
  /** A turn_context line in Codex's own layout naming its model: 1 with out = [timestamp ms, the model's start and end], else 0. */
  readTurnContext(bytes: Uint8Array, start: number, end: number, out: Float64Array): number;
}

/** nextRelevantLine's kind codes (0, a line the scan skips, is never returned). */
export const NATIVE_KINDS: ReadonlyArray<Exclude<LineKind, 'other'> | null> = [null, 'token_count', 'turn_context', 'session_meta', 'unknown'];

// dist/electron/core/cost (built) or electron/core/cost (run from source): the build folder is at the root.
const CANDIDATES = ['../../../../build/Release/rollout_scan.node', '../../../build/Release/rollout_scan.node'];

function isNativeRolloutScan(value: unknown): value is NativeRolloutScan {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.nextRelevantLine === 'function' && typeof v.readTokenCount === 'function' && typeof v.readTurnContext === 'function';
}

let loaded: NativeRolloutScan | null | undefined;

function load(): NativeRolloutScan | null {
  const require = createRequire(import.meta.url);
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      const binding: unknown = require(path);
      if (isNativeRolloutScan(binding)) return binding;
    } catch {
      // Built for another platform or damaged: the TypeScript paths take over.
    }
  }
  return null;
}

/** The accelerator, or null when it is not built or is turned off (by the option or the environment). */
export function nativeRolloutScan(wanted = true): NativeRolloutScan | null {
  if (!wanted || process.env[NATIVE_SCAN_ENV] === '0') return null;
  if (loaded === undefined) loaded = load();
  return loaded;
}
