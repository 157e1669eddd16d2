// The settings file's validation: one strict zod schema for the whole file and one for a patch
// (what the preferences window sends over IPC or HTTP). Errors name the bad field's path.
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import { FIXED_REFRESH_CHOICES, type Settings } from '../../../shared/settings-model.js';
import { USAGE_SOURCE_SETTINGS } from '../../../shared/usage-model.js';

const isAbsolutePath = (p: string) => posix.isAbsolute(p) || win32.isAbsolute(p);

export const usageSourceSchema = z.enum(USAGE_SOURCE_SETTINGS);
export const cookieModeSchema = z.enum(['off', 'automatic', 'manual']);

const fixedMinutesSchema = z
  .number()
  .refine((n) => (FIXED_REFRESH_CHOICES as readonly number[]).includes(n), { message: `must be one of ${FIXED_REFRESH_CHOICES.join(', ')} minutes` });

const refreshShape = {
  mode: z.enum(['adaptive', 'fixed']),
  fixedMinutes: fixedMinutesSchema,
};

const displayShape = {
  barsShow: z.enum(['remaining', 'used']),
  resetStyle: z.enum(['countdown', 'clock']),
  hideEmail: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
};

/** "% left" levels: whole numbers 1–99, stored highest first without repeats. */
const levelsSchema = z
  .array(z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(99, { message: 'must be at most 99' }))
  .max(10, { message: 'at most 10 levels' })
  .transform((levels) => [...new Set(levels)].sort((a, b) => b - a));

const thresholdShape = {
  enabled: z.boolean(),
  levels: levelsSchema,
};

const accountSchema = z.strictObject({
  id: z.string().trim().min(1, { message: 'must not be empty' }).max(100),
  label: z.string().max(200),
  codexHome: z.string().min(1, { message: 'must not be empty' }).refine(isAbsolutePath, { message: 'must be an absolute path' }),
});

const accountsSchema = z
  .array(accountSchema)
  .max(50)
  .superRefine((accounts, ctx) => {
    const seen = new Set<string>();
    accounts.forEach((account, i) => {
      if (seen.has(account.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate account id "${account.id}"` });
      seen.add(account.id);
    });
  });

const importAccountsShape = {
  ccs: z.boolean(),
  codexProxy: z.boolean(),
};

export const trayAccountSchema = z.enum(['shown', 'lowest']);

/** interface §7's account ids (origin, colon, rest): they name a discovered account, not a settings entry. */
export const ACCOUNT_ID_PREFIXES = ['codex-home:', 'ccs:', 'codex-proxy:'] as const;
export function isDiscoveredAccountId(id: string): boolean {
  return ACCOUNT_ID_PREFIXES.some((prefix) => id.startsWith(prefix) && id.length > prefix.length);
}

const codexBinaryPathSchema = z
  .string()
  .min(1, { message: 'must not be empty (use null to discover codex)' })
  .refine(isAbsolutePath, { message: 'must be an absolute path' })
  .nullable();

const settingsObject = z.strictObject({
  version: z.literal(1),
  usageSource: usageSourceSchema,
  openaiCookies: cookieModeSchema,
  refresh: z.strictObject(refreshShape),
  display: z.strictObject(displayShape),
  notifications: z.strictObject({
    sessionDepletedRestored: z.boolean(),
    session: z.strictObject(thresholdShape),
    weekly: z.strictObject(thresholdShape),
    resetCreditExpiring: z.boolean(),
  }),
  launchAtLogin: z.boolean(),
  codexBinaryPath: codexBinaryPathSchema,
  accounts: accountsSchema,
  activeAccountId: z.string().min(1).nullable(),
  importAccounts: z.strictObject(importAccountsShape),
  trayAccount: trayAccountSchema,
});

/** The per-field schemas, for salvaging the valid parts of a damaged file. */
export const settingsFieldSchemas = settingsObject;

export const settingsSchema = settingsObject.superRefine((settings, ctx) => {
  // A discovered account's id is kept even while it is not found (an import turned off, a pool file
  // gone): the app then shows the default home and says so, and shows it again when it is back.
  const id = settings.activeAccountId;
  if (id !== null && !settings.accounts.some((a) => a.id === id) && !isDiscoveredAccountId(id)) {
    ctx.addIssue({ code: 'custom', path: ['activeAccountId'], message: `no account with id "${settings.activeAccountId}"` });
  }
});

const partial = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).partial();

/** A SettingsPatch: any subset of the settings (arrays are replaced whole); `version` cannot be patched. */
export const settingsPatchSchema = z.strictObject({
  usageSource: usageSourceSchema.optional(),
  openaiCookies: cookieModeSchema.optional(),
  refresh: partial(refreshShape).optional(),
  display: partial(displayShape).optional(),
  notifications: z
    .strictObject({
      sessionDepletedRestored: z.boolean().optional(),
      session: partial(thresholdShape).optional(),
      weekly: partial(thresholdShape).optional(),
      resetCreditExpiring: z.boolean().optional(),
    })
    .optional(),
  launchAtLogin: z.boolean().optional(),
  codexBinaryPath: codexBinaryPathSchema.optional(),
  accounts: accountsSchema.optional(),
  activeAccountId: z.string().min(1).nullable().optional(),
  importAccounts: partial(importAccountsShape).optional(),
  trayAccount: trayAccountSchema.optional(),
});

// Compile-time guard: the schema's output is exactly the shared Settings type.
type SchemaSettings = z.output<typeof settingsSchema>;
export const schemaMatchesSettings: [SchemaSettings] extends [Settings] ? ([Settings] extends [SchemaSettings] ? true : false) : false = true;

export interface FieldError {
  path: string;
  message: string;
}

/** "notifications.session.levels[0]" for ['notifications', 'session', 'levels', 0]. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One error per bad field; an unknown key is reported at its own path. */
export function issuesToErrors(issues: ReadonlyArray<z.core.$ZodIssue>, prefix: ReadonlyArray<PropertyKey> = []): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: formatPath([...prefix, ...issue.path, key]), message: 'unknown setting' });
    } else {
      errors.push({ path: formatPath([...prefix, ...issue.path]), message: issue.message });
    }
  }
  return errors;
}
