// The shapes of the bodies `quotabar serve` accepts. Types and structure only: the settings store
// judges values (ranges, paths) when it saves, and reports problems per field.

import { z } from 'zod';
import type { SettingsPatch } from '../../shared/quotabar-api.js';
import { MAX_COOKIE_HEADER_LENGTH } from '../../shared/cookie-header.js';
import { USAGE_SOURCE_SETTINGS } from '../../shared/usage-model.js';

const threshold = z.strictObject({ enabled: z.boolean(), levels: z.array(z.number()).max(20) }).partial();
const account = z.strictObject({ id: z.string().min(1).max(200), label: z.string().max(200), codexHome: z.string().max(4096) });

export const settingsPatchSchema: z.ZodType<SettingsPatch> = z
  .strictObject({
    usageSource: z.enum(USAGE_SOURCE_SETTINGS),
    openaiCookies: z.enum(['off', 'automatic', 'manual']),
    refresh: z.strictObject({ mode: z.enum(['adaptive', 'fixed']), fixedMinutes: z.number() }).partial(),
    display: z
      .strictObject({
        barsShow: z.enum(['remaining', 'used']),
        resetStyle: z.enum(['countdown', 'clock']),
        hideEmail: z.boolean(),
        theme: z.enum(['system', 'light', 'dark']),
      })
      .partial(),
    notifications: z.strictObject({ sessionDepletedRestored: z.boolean(), session: threshold, weekly: threshold }).partial(),
    launchAtLogin: z.boolean(),
    codexBinaryPath: z.string().max(4096).nullable(),
    accounts: z.array(account).max(50),
    activeAccountId: z.string().max(200).nullable(),
  })
  .partial();

export const cookieHeaderBodySchema = z.strictObject({ header: z.string().max(MAX_COOKIE_HEADER_LENGTH + 64).nullable() });

export const refreshBodySchema = z.strictObject({ interactive: z.boolean().optional() });

/** Bodies are small JSON objects; the largest is a pasted Cookie header. */
export const MAX_BODY_BYTES = 64 * 1024;
