// A SettingsStore kept in memory, for controller tests that are about the controller, not the file.
// It merges patches like the real store and rejects what the tests need rejected.

import type { SaveSettingsResult, SettingsPatch } from '../../shared/quotabar-api.js';
import { defaultSettings, FIXED_REFRESH_CHOICES, type Settings } from '../../shared/settings-model.js';
import type { SettingsStore } from '../../electron/core/settings/settings-store-types.js';

export function memorySettingsStore(initial: Settings = defaultSettings()): SettingsStore & { saves: SettingsPatch[] } {
  let current = structuredClone(initial);
  const saves: SettingsPatch[] = [];
  return {
    path: ':memory:',
    saves,
    load: () => structuredClone(current),
    save(patch: SettingsPatch): SaveSettingsResult {
      saves.push(patch);
      const next = merge(current, patch) as Settings;
      if (!(FIXED_REFRESH_CHOICES as readonly number[]).includes(next.refresh.fixedMinutes)) {
        return { ok: false, errors: [{ path: 'refresh.fixedMinutes', message: `Pick one of ${FIXED_REFRESH_CHOICES.join(', ')} minutes.` }] };
      }
      current = next;
      return { ok: true, settings: structuredClone(current) };
    },
  };
}

function merge(base: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = merge(out[key], value);
  return out;
}
