import type { SaveSettingsResult, SettingsPatch } from '../../../shared/quotabar-api.js';
import type { Settings } from '../../../shared/settings-model.js';

/** The settings file in QuotaBar's home, shared by the app, `quotabar serve` and the CLI. */
export interface SettingsStore {
  readonly path: string;
  /** The current settings; an invalid file is reported, set aside (never lost) and replaced by defaults. */
  load(): Settings;
  /** Validates the patch against the current settings and writes the result atomically. */
  save(patch: SettingsPatch): SaveSettingsResult;
}
