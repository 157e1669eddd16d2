// The shapes of the bodies `quotabar serve` accepts. Types and structure only: the settings store
// judges values (ranges) when it saves, and reports problems per field.

import { z } from 'zod';
import type { SettingsPatch } from '../../shared/quotabar-api.js';
import { MAX_COOKIE_HEADER_LENGTH } from '../../shared/cookie-header.js';
import { settingsPatchSchema as storedSettingsPatchSchema } from '../core/settings/settings-schema.js';

const stored = storedSettingsPatchSchema.shape;
const storedNotifications = stored.notifications.unwrap();
// The fields whose values the store judges are checked here for their type alone.
const threshold = storedNotifications.shape.session.unwrap().extend({ levels: z.array(z.number()).max(20).optional() });

/** The settings patch the store takes, less what HTTP never changes, with values left to the store. */
export const settingsPatchSchema: z.ZodType<SettingsPatch> = storedSettingsPatchSchema
  // Refused before this schema (SETTINGS_FIXED_OVER_HTTP).
  .omit({ codexBinaryPath: true, accounts: true, importAccounts: true })
  .extend({
    refresh: stored.refresh.unwrap().extend({ fixedMinutes: z.number().optional() }).optional(),
    notifications: storedNotifications.extend({ session: threshold.optional(), weekly: threshold.optional() }).optional(),
    activeAccountId: z.string().max(200).nullable().optional(),
  });

export const cookieHeaderBodySchema = z.strictObject({
  header: z
    .string()
    .max(MAX_COOKIE_HEADER_LENGTH + 64)
    .nullable(),
});

export const refreshBodySchema = z.strictObject({ interactive: z.boolean().optional() });

/** Bodies are small JSON objects; the largest is a pasted Cookie header. */
export const MAX_BODY_BYTES = 64 * 1024;
