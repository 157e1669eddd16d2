// Decides which notifications a new usage report deserves, given what was already said.
// Pure: previous state + report + settings in, notifications + next state out. The state is plain
// JSON so the app can keep it across restarts (notification-state-file.ts).
import { formatPercent, formatResetsIn, remainingPercent } from '../../../shared/format.js';
import type { Settings } from '../../../shared/settings-model.js';
import type { UsageReport, UsageWindow } from '../../../shared/usage-model.js';
import { isReset, periodMoved } from '../../../shared/reset-rule.js';
import { isExhausted } from '../tray-icon/tray-icon-state.js';
import { planCreditExpiryWarning } from './reset-credit-expiry.js';

export type WindowName = 'session' | 'weekly';
export type NotificationKind = 'depleted' | 'restored' | 'threshold' | 'credit-expiring';

export interface PlannedNotification {
  /** Stable per event and window period; the shell uses it as the notification's tag. */
  id: string;
  kind: NotificationKind;
  /** Null for a reset credit, which resets both windows. */
  window: WindowName | null;
  /** The "% left" level crossed, for threshold warnings. */
  level: number | null;
  title: string;
  body: string;
}

export interface WindowMemory {
  /** The reset time identifying the window period the thresholds below belong to. */
  resetsAt: string | null;
  /** Levels already announced in that period. */
  fired: number[];
}

export interface NotificationPlannerState {
  version: 1;
  /** Whose quota this is; a different account starts afresh. */
  accountKey: string | null;
  session: WindowMemory | null;
  weekly: WindowMemory | null;
  /**
   * Set once the session became unusable: which window caused it and that window's reset time then.
   * "Restored" waits until that window has really reset (interface §8's rule, against the reading taken
   * when it ran out: `usedPercent` is absent in state saved before it was kept, and then 100).
   */
  depleted: { cause: WindowName; resetsAt: string | null; usedPercent?: number } | null;
  /** Reset credits already announced as expiring (absent in state saved before they were). */
  creditsWarned?: string[];
}

export function initialPlannerState(): NotificationPlannerState {
  return { version: 1, accountKey: null, session: null, weekly: null, depleted: null };
}

// One rule for "the window reset" (interface §8), shared with the usage history.
export { PERIOD_TOLERANCE_MS, periodMoved } from '../../../shared/reset-rule.js';

/** Whose quota a report is about: its ChatGPT account id, else its email. */
export function accountKeyOf(report: UsageReport): string | null {
  return report.account.accountId ?? report.account.email ?? null;
}

function resetSentence(window: UsageWindow | null, now: Date): string {
  const phrase = window === null ? null : formatResetsIn(window.resetsAt, now);
  return phrase === null ? '' : ` ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}

function depletedMemory(cause: WindowName, window: UsageWindow | null): NonNullable<NotificationPlannerState['depleted']> {
  return { cause, resetsAt: window?.resetsAt ?? null, usedPercent: window?.usedPercent ?? 100 };
}

export interface PlanInput {
  previous: NotificationPlannerState;
  report: UsageReport;
  settings: Pick<Settings, 'notifications'>;
  now: Date;
}

export interface PlanResult {
  notifications: PlannedNotification[];
  state: NotificationPlannerState;
}

export function planNotifications({ previous, report, settings, now }: PlanInput): PlanResult {
  const prefs = settings.notifications;
  const accountKey = accountKeyOf(report);
  const prev = previous.accountKey !== null && accountKey !== null && previous.accountKey !== accountKey ? initialPlannerState() : previous;
  const out: PlannedNotification[] = [];
  const next: NotificationPlannerState = { version: 1, accountKey: accountKey ?? prev.accountKey, session: null, weekly: null, depleted: prev.depleted };

  const session = report.session;
  const weekly = report.weekly;
  const weeklyBlocks = isExhausted(weekly, now);
  const sessionOut = isExhausted(session, now);
  const unusable = weeklyBlocks || sessionOut;
  const cause: WindowName = weeklyBlocks ? 'weekly' : 'session';
  const windowOf = (name: WindowName) => (name === 'session' ? session : weekly);

  // Depleted / restored.
  let depletedNow = false;
  if (prev.depleted === null) {
    if (unusable) {
      const window = windowOf(cause);
      next.depleted = depletedMemory(cause, window);
      depletedNow = true;
      if (prefs.sessionDepletedRestored) {
        out.push(
          cause === 'weekly'
            ? {
                id: `depleted:weekly:${window?.resetsAt ?? 'none'}`,
                kind: 'depleted',
                window: 'weekly',
                level: null,
                title: 'Codex weekly limit reached',
                body: `0% left this week, so sessions are unavailable.${resetSentence(window, now)} Will notify when it's available again.`,
              }
            : {
                id: `depleted:session:${window?.resetsAt ?? 'none'}`,
                kind: 'depleted',
                window: 'session',
                level: null,
                title: 'Codex session depleted',
                body: `0% left.${resetSentence(window, now)} Will notify when it's available again.`,
              },
        );
      }
    }
  } else if (unusable) {
    // Still unusable. If the reason changed (the session reset but now the weekly limit blocks), wait for that one.
    if (prev.depleted.cause !== cause) next.depleted = depletedMemory(cause, windowOf(cause));
  } else {
    const window = windowOf(prev.depleted.cause);
    // A drop within the same period is a dip, and a reset time that passed or drifted while usage held
    // is a stale or not-yet-started window (CodexBar #2060): neither is a reset, so keep waiting.
    const before = { usedPercent: prev.depleted.usedPercent ?? 100, resetsAt: prev.depleted.resetsAt };
    const reset = window === null ? periodMoved(before.resetsAt, null, now) : isReset(before, window, now);
    if (reset) {
      next.depleted = null;
      if (prefs.sessionDepletedRestored) {
        out.push({
          id: `restored:session:${window?.resetsAt ?? 'none'}`,
          kind: 'restored',
          window: 'session',
          level: null,
          title: 'Codex session restored',
          body: 'Session quota is available again.',
        });
      }
    }
  }

  // Threshold warnings, once per level per window period.
  for (const name of ['session', 'weekly'] as const) {
    const window = windowOf(name);
    if (window === null) {
      next[name] = prev[name];
      continue;
    }
    const memory = prev[name];
    // A report about a period that has already ended says nothing about the new one.
    if (window.resetsAt !== null && Date.parse(window.resetsAt) <= now.getTime()) {
      next[name] = memory;
      continue;
    }
    const current: WindowMemory =
      memory === null || periodMoved(memory.resetsAt, window.resetsAt, now)
        ? { resetsAt: window.resetsAt, fired: [] }
        : { resetsAt: memory.resetsAt, fired: [...memory.fired] };
    next[name] = current;
    const pref = prefs[name];
    if (!pref.enabled) continue;
    // While the weekly limit blocks, a session warning would be noise.
    if (name === 'session' && weeklyBlocks) continue;
    const remaining = remainingPercent(window.usedPercent);
    const crossed = pref.levels.filter((level) => remaining <= level && !current.fired.includes(level));
    if (crossed.length === 0) continue;
    current.fired = [...current.fired, ...crossed].sort((a, b) => b - a);
    // Depletion already said it louder.
    if (depletedNow && prefs.sessionDepletedRestored && name === cause) continue;
    const level = Math.min(...crossed);
    out.push({
      id: `threshold:${name}:${level}:${current.resetsAt ?? 'none'}`,
      kind: 'threshold',
      window: name,
      level,
      title: `Codex ${name} quota low`,
      body: `${formatPercent(remaining)} left. Reached your ${level}% ${name} warning threshold.${resetSentence(window, now)}`,
    });
  }

  const credits = planCreditExpiryWarning({
    resetCredits: report.resetCredits,
    warned: prev.creditsWarned ?? [],
    enabled: prefs.resetCreditExpiring,
    now,
  });
  if (credits.warning !== null) out.push({ ...credits.warning, kind: 'credit-expiring', window: null, level: null });
  if (credits.warned.length > 0) next.creditsWarned = credits.warned;

  return { notifications: out, state: next };
}
