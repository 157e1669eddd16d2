// settings.json in QuotaBar's home: read leniently (a damaged file keeps its valid fields and is set
// aside, never lost), written atomically, validated strictly on every save.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SaveSettingsResult, SettingsPatch } from '../../../shared/quotabar-api.js';
import { defaultSettings, type Settings } from '../../../shared/settings-model.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { writeFileAtomic } from './atomic-file.js';
import { formatPath, issuesToErrors, settingsFieldSchemas, settingsPatchSchema, settingsSchema, type FieldError } from './settings-schema.js';
import type { SettingsStore } from './settings-store-types.js';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface SettingsLoadReport {
  /** What was wrong with the file, one entry per bad field ('' for the file as a whole). */
  problems: FieldError[];
  /** Where the original file was moved, or null when it could not be (then it was left in place). */
  keptAsidePath: string | null;
}

export interface FileSettingsStore extends SettingsStore {
  /** The problems the last load() found, or null when the file was valid (or absent). */
  lastLoadReport(): SettingsLoadReport | null;
}

export interface SettingsStoreOptions {
  now?: () => Date;
}

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps every field of `raw` that validates and takes the default for the rest. A field absent from
 * the file (written by an older version) silently takes its default; anything else wrong is reported.
 */
function salvage(schema: z.ZodType, raw: Json, fallback: Json, path: PropertyKey[], problems: FieldError[]): Json {
  if (raw === undefined) return fallback;
  if (schema instanceof z.ZodObject && isPlainObject(raw) && isPlainObject(fallback)) {
    const out: Record<string, Json> = {};
    const shape = schema.shape as Record<string, z.ZodType>;
    for (const [key, fieldSchema] of Object.entries(shape)) out[key] = salvage(fieldSchema, raw[key], fallback[key], [...path, key], problems);
    for (const key of Object.keys(raw)) if (!(key in shape)) problems.push({ path: formatPath([...path, key]), message: 'unknown setting' });
    return out;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  problems.push(...issuesToErrors(result.error.issues, path));
  return fallback;
}

/** Patch values replace, objects merge key by key, arrays are replaced whole, undefined leaves a field alone. */
function mergePatch(base: Json, patch: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = key in base ? mergePatch(base[key], value) : value;
  }
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function openSettingsStore(quotabarHome: string, logger: Logger = silentLogger, options: SettingsStoreOptions = {}): FileSettingsStore {
  const path = join(quotabarHome, SETTINGS_FILE_NAME);
  const now = options.now ?? (() => new Date());
  let report: SettingsLoadReport | null = null;

  const keepAside = (): string | null => {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    let target = `${path}.invalid-${stamp}`;
    for (let n = 1; existsSync(target); n++) target = `${path}.invalid-${stamp}-${n}`;
    try {
      renameSync(path, target);
      return target;
    } catch (error) {
      logger.error(`could not move the invalid ${path} aside: ${describe(error)}`);
      return null;
    }
  };

  const write = (settings: Settings): void => {
    writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`);
  };

  const load = (): Settings => {
    report = null;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
      // Unreadable (permissions, a folder in the way): use defaults and leave the file alone.
      report = { problems: [{ path: '', message: `could not read ${path}: ${describe(error)}` }], keptAsidePath: null };
      logger.error(report.problems[0]!.message);
      return defaultSettings();
    }

    const problems: FieldError[] = [];
    let settings: Settings;
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch (error) {
      parsed = undefined;
      problems.push({ path: '', message: `not valid JSON (${describe(error)})` });
    }
    if (parsed !== undefined && !isPlainObject(parsed)) problems.push({ path: '', message: 'expected a JSON object' });
    if (problems.length > 0) {
      settings = defaultSettings();
    } else {
      settings = salvage(settingsFieldSchemas, parsed, defaultSettings(), [], problems) as Settings;
      // Cross-field rules: a dangling active account falls back to the default Codex home.
      const whole = settingsSchema.safeParse(settings);
      if (!whole.success) {
        const errors = issuesToErrors(whole.error.issues);
        problems.push(...errors);
        if (errors.some((e) => e.path === 'activeAccountId')) settings = { ...settings, activeAccountId: null };
      }
    }
    if (problems.length === 0) return settings;

    const keptAsidePath = keepAside();
    report = { problems, keptAsidePath };
    const list = problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('; ');
    logger.warn(
      `${path} is invalid (${list}). ` +
        (keptAsidePath === null ? 'It was left in place; ' : `The original was kept as ${keptAsidePath}; `) +
        'the bad fields were reset to their defaults.',
    );
    if (keptAsidePath !== null) {
      try {
        write(settings);
      } catch (error) {
        logger.error(`could not write repaired settings to ${path}: ${describe(error)}`);
      }
    }
    return settings;
  };

  const save = (patch: SettingsPatch): SaveSettingsResult => {
    const checkedPatch = settingsPatchSchema.safeParse(patch);
    if (!checkedPatch.success) return { ok: false, errors: issuesToErrors(checkedPatch.error.issues) };
    const merged = mergePatch(load(), checkedPatch.data);
    const result = settingsSchema.safeParse(merged);
    if (!result.success) return { ok: false, errors: issuesToErrors(result.error.issues) };
    try {
      write(result.data);
    } catch (error) {
      return { ok: false, errors: [{ path: '', message: `could not save settings to ${path}: ${describe(error)}` }] };
    }
    return { ok: true, settings: result.data };
  };

  return { path, load, save, lastLoadReport: () => report };
}
