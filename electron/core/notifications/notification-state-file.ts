// Keeps the planner's memory across restarts, so a warning fired before a restart is not fired again.
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../settings/atomic-file.js';
import { isBoundedFileError, readBoundedFileSync } from '../util/bounded-file.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { initialAccountsPlannerState, type AccountsPlannerState } from './account-notifications.js';

export const NOTIFICATION_STATE_FILE_NAME = 'notification-state.json';

const windowMemory = z.object({ resetsAt: z.string().nullable(), fired: z.array(z.number()) }).nullable();
const plannerShape = {
  accountKey: z.string().nullable(),
  session: windowMemory,
  weekly: windowMemory,
  depleted: z.object({ cause: z.enum(['session', 'weekly']), resetsAt: z.string().nullable(), usedPercent: z.number().optional() }).nullable(),
  creditsWarned: z.array(z.string()).optional(),
};
/** One account's memory, as version 1 kept it for the one account it knew. */
const singleSchema = z.object({ version: z.literal(1), ...plannerShape });
const accountsSchema = z.object({
  version: z.literal(2),
  accounts: z.record(z.string(), z.object({ version: z.literal(1), ...plannerShape, plannedAt: z.string().nullable() })),
});
const stateSchema = z.union([
  accountsSchema,
  // A file from before accounts were planned apart: its one account keeps its memory.
  singleSchema.transform((single): AccountsPlannerState => ({
    version: 2,
    accounts: single.accountKey === null ? {} : { [single.accountKey]: { ...single, plannedAt: null } },
  })),
]);

export function notificationStatePath(quotabarHome: string): string {
  return join(quotabarHome, NOTIFICATION_STATE_FILE_NAME);
}

/** The saved state, or a fresh one when there is none or it is unreadable (the worst case is one repeated warning). */
export function loadPlannerState(path: string, logger: Logger = silentLogger): AccountsPlannerState {
  let text: string;
  try {
    text = readBoundedFileSync(path);
  } catch (error) {
    if (!isBoundedFileError(error) || error.problem !== 'missing') {
      const why = isBoundedFileError(error) ? `it ${error.detail}` : (error as Error).message;
      logger.warn(`could not read ${path}: ${why}. It is replaced at the next save.`);
    }
    return initialAccountsPlannerState();
  }
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    logger.warn(`ignoring ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  } catch {
    logger.warn(`ignoring ${path}: not valid JSON`);
  }
  return initialAccountsPlannerState();
}

export function savePlannerState(path: string, state: AccountsPlannerState, logger: Logger = silentLogger): void {
  try {
    writeFileAtomic(path, `${JSON.stringify(state)}\n`);
  } catch (error) {
    logger.warn(`could not save ${path}: ${(error as Error).message}`);
  }
}
