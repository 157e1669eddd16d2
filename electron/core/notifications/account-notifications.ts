// Notifications for every account (interface §7): each account's thresholds, depletion and restoration
// are planned against that account's own memory, so showing another account never looks like a
// reset, and with more than one account each notification names its account. Pure, like the planner.
import type { AppState } from '../../../shared/quotabar-api.js';
import type { Settings } from '../../../shared/settings-model.js';
import { isUsageFailure, type UsageReport } from '../../../shared/usage-model.js';
import { accountKeyOf, initialPlannerState, planNotifications, type NotificationPlannerState, type PlannedNotification } from './notification-planner.js';

/** One account's planner memory, and the report it was last planned for (each report is planned once). */
export interface AccountPlannerMemory extends NotificationPlannerState {
  plannedAt: string | null;
}

export interface AccountsPlannerState {
  version: 2;
  /** By the account's ChatGPT identity (account id, else email), which outlives QuotaBar's own ids. */
  accounts: Record<string, AccountPlannerMemory>;
}

export function initialAccountsPlannerState(): AccountsPlannerState {
  return { version: 2, accounts: {} };
}

export interface AccountReport {
  label: string;
  report: UsageReport;
}

/** The reports to plan for: every account's latest successful one, or the shown account's alone when it is the only one. */
export function notificationInputs(state: Pick<AppState, 'usage' | 'accounts'>): AccountReport[] {
  const accounts = state.accounts ?? [];
  if (accounts.length === 0) return state.usage === null || isUsageFailure(state.usage) ? [] : [{ label: '', report: state.usage }];
  return accounts.flatMap((a) => (a.usage === null || isUsageFailure(a.usage) ? [] : [{ label: a.label, report: a.usage }]));
}

export interface AccountsPlanInput {
  previous: AccountsPlannerState;
  reports: AccountReport[];
  settings: Pick<Settings, 'notifications'>;
  now: Date;
}

export function planAccountsNotifications({ previous, reports, settings, now }: AccountsPlanInput): {
  notifications: PlannedNotification[];
  state: AccountsPlannerState;
} {
  const named = reports.length > 1;
  const accounts: Record<string, AccountPlannerMemory> = { ...previous.accounts };
  const notifications: PlannedNotification[] = [];
  for (const { label, report } of reports) {
    const key = accountKeyOf(report) ?? '';
    const memory = accounts[key];
    // A report already planned (state events repeat it) is not planned again: after its reset time it
    // would re-arm warnings about a period that has ended.
    if (memory !== undefined && memory.plannedAt === report.fetchedAt) continue;
    const { plannedAt: _plannedAt, ...plannerState } = memory ?? { ...initialPlannerState(), plannedAt: null };
    const plan = planNotifications({ previous: plannerState, report, settings, now });
    accounts[key] = { ...plan.state, plannedAt: report.fetchedAt };
    for (const note of plan.notifications) {
      notifications.push(named ? { ...note, id: `${key}:${note.id}`, title: `${note.title} (${label})` } : note);
    }
  }
  return { notifications, state: { version: 2, accounts } };
}
