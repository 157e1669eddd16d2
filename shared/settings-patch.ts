// How a settings patch applies, the same in the settings store and in a page that shows the change
// before the store answers.
import type { SettingsPatch } from './quotabar-api.js';
import type { Settings } from './settings-model.js';

/** Patch values replace, objects merge key by key, arrays are replaced whole, undefined leaves a field alone. */
export function mergePatch(settings: Settings, patch: SettingsPatch): Settings {
  return merge(settings, patch) as Settings;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = merge(out[key], value);
  return out;
}
