import { z } from 'zod';
import { UUID_PATTERN, type ResetCreditUseRequest } from '../../../shared/reset-credits.js';

/** The body of one "use a reset credit" action, as the IPC channel and `POST /api/reset-credit` accept it. */
export const resetCreditUseSchema: z.ZodType<ResetCreditUseRequest> = z.strictObject({
  idempotencyKey: z.string().regex(UUID_PATTERN, { message: 'must be a UUID' }),
  creditId: z.string().min(1).max(200).nullable().optional(),
});
