// The shapes of the bodies `quotabar serve` accepts. Types and structure only: the settings store
// judges values (ranges) when it saves, and reports problems per field.

import { z } from 'zod';
import type { SettingsPatch } from '../../shared/quotabar-api.js';
import { MAX_COOKIE_HEADER_LENGTH } from '../../shared/cookie-header.js';
import { USAGE_SOURCE_SETTINGS } from '../../shared/usage-model.js';

const threshold = z.strictObject({ enabled: z.boolean(), levels: z.array(z.number()).max(20) }).partial();

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
    // codexBinaryPath and accounts are refused before this schema (SETTINGS_FIXED_OVER_HTTP).
    activeAccountId: z.string().max(200).nullable(),
    trayAccount: z.enum(['shown', 'lowest']),
  })
  .partial();

export const cookieHeaderBodySchema = z.strictObject({ header: z.string().max(MAX_COOKIE_HEADER_LENGTH + 64).nullable() });

export const refreshBodySchema = z.strictObject({ interactive: z.boolean().optional() });

/** Bodies are small JSON objects; the largest is a pasted Cookie header. */
export const MAX_BODY_BYTES = 64 * 1024;
