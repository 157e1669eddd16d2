// settings.json in QuotaBar's home: read leniently (a damaged file keeps its valid fields and is set
// aside, never lost), written atomically, validated strictly on every save. Keys this version does not
// know (written by a newer one) are neither errors nor lost: they are carried through every rewrite.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SaveSettingsResult, SettingsPatch } from '../../../shared/quotabar-api.js';
import { defaultSettings, type Settings } from '../../../shared/settings-model.js';
import { mergePatch } from '../../../shared/settings-patch.js';
import { isBoundedFileError, readBoundedFileSync } from '../util/bounded-file.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { writeFileAtomic } from './atomic-file.js';
import { issuesToErrors, settingsFieldSchemas, settingsPatchSchema, settingsSchema, type FieldError } from './settings-schema.js';
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
  /**
   * For commands that only read settings (`quotabar usage`, `cost`, `doctor`): a damaged file is reported
   * and its valid fields used, but it is never set aside or rewritten (the app does that when it starts).
   */
  readOnly?: boolean;
}

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps every field of `raw` that validates and takes the default for the rest. A field absent from
 * the file (written by an older version) silently takes its default; a key this version does not know
 * (written by a newer one) is skipped here and kept by `withUnknownKeys`; anything else wrong is reported.
 */
function salvage(schema: z.ZodType, raw: Json, fallback: Json, path: PropertyKey[], problems: FieldError[]): Json {
  if (raw === undefined) return fallback;
  if (schema instanceof z.ZodObject && isPlainObject(raw) && isPlainObject(fallback)) {
    const out: Record<string, Json> = {};
    const shape = schema.shape as Record<string, z.ZodType>;
    for (const [key, fieldSchema] of Object.entries(shape)) out[key] = salvage(fieldSchema, raw[key], fallback[key], [...path, key], problems);
    return out;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  problems.push(...issuesToErrors(result.error.issues, path));
  return fallback;
}

/** `settings` with the keys of `raw` that the schema does not know put back, at every object level. */
function withUnknownKeys(schema: z.ZodType, raw: Json, settings: Json): Json {
  if (!(schema instanceof z.ZodObject) || !isPlainObject(raw) || !isPlainObject(settings)) return settings;
  const shape = schema.shape as Record<string, z.ZodType>;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(settings)) {
    const fieldSchema = shape[key];
    out[key] = fieldSchema === undefined ? value : withUnknownKeys(fieldSchema, raw[key], value);
  }
  for (const [key, value] of Object.entries(raw)) if (!(key in shape)) out[key] = value;
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function openSettingsStore(quotabarHome: string, logger: Logger = silentLogger, options: SettingsStoreOptions = {}): FileSettingsStore {
  const path = join(quotabarHome, SETTINGS_FILE_NAME);
  const now = options.now ?? (() => new Date());
  const readOnly = options.readOnly ?? false;
  let report: SettingsLoadReport | null = null;
  /** The file's JSON object as last read, for the keys this version does not know. */
  let lastRaw: Json;

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
    writeFileAtomic(path, `${JSON.stringify(withUnknownKeys(settingsFieldSchemas, lastRaw, settings), null, 2)}\n`);
  };

  const load = (): Settings => {
    report = null;
    lastRaw = undefined;
    let text: string;
    try {
      // Never a wait and never unbounded: a FIFO or /dev/zero in its place is refused at once.
      text = readBoundedFileSync(path);
    } catch (error) {
      if (isBoundedFileError(error) && error.problem === 'missing') return defaultSettings();
      // Unreadable (permissions, a folder or FIFO in the way, far too large): use defaults and leave it alone.
      const message = isBoundedFileError(error)
        ? `could not read ${path}: it ${error.detail}. The default settings are used until it is replaced by a regular file (or removed).`
        : `could not read ${path}: ${describe(error)}`;
      report = { problems: [{ path: '', message }], keptAsidePath: null };
      logger.error(message);
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
    if (isPlainObject(parsed)) lastRaw = parsed;
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

    const list = problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('; ');
    if (readOnly) {
      report = { problems, keptAsidePath: null };
      logger.warn(`${path} is invalid (${list}). The defaults are used for the bad fields; the file is left as it is.`);
      return settings;
    }
    const keptAsidePath = keepAside();
    report = { problems, keptAsidePath };
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
    if (readOnly) return { ok: false, errors: [{ path: '', message: `${path} was opened read-only` }] };
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
