// Decides which notifications a new usage report deserves, given what was already said.
// Pure: previous state + report + settings in, notifications + next state out. The state is plain
// JSON so the app can keep it across restarts (notification-state-file.ts).
import { formatPercent, formatResetsIn, remainingPercent } from '../../../shared/format.js';
import type { Settings } from '../../../shared/settings-model.js';
import type { UsageReport, UsageWindow } from '../../../shared/usage-model.js';
import { isExhausted } from '../tray-icon/tray-icon-state.js';

export type WindowName = 'session' | 'weekly';
export type NotificationKind = 'depleted' | 'restored' | 'threshold';

export interface PlannedNotification {
  /** Stable per event and window period; the shell uses it as the notification's tag. */
  id: string;
  kind: NotificationKind;
  window: WindowName;
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
   * "Restored" waits until that window's period has really moved on.
   */
  depleted: { cause: WindowName; resetsAt: string | null } | null;
}

export function initialPlannerState(): NotificationPlannerState {
  return { version: 1, accountKey: null, session: null, weekly: null, depleted: null };
}

/** Reset times from different sources differ by up to a minute for the same window; a new period moves by hours. */
export const PERIOD_TOLERANCE_MS = 5 * 60_000;

/** Whether the window period identified by `before` has ended by the time of a report showing `after`. */
export function periodMoved(before: string | null, after: string | null, now: Date): boolean {
  const b = before === null ? Number.NaN : Date.parse(before);
  const a = after === null ? Number.NaN : Date.parse(after);
  if (!Number.isNaN(b) && b <= now.getTime()) return true; // the old period's reset has passed
  if (Number.isNaN(b)) return !Number.isNaN(a); // now there is a period to tell apart, before there was none
  if (Number.isNaN(a)) return true; // the old period's reset vanished: the window restarted
  return Math.abs(a - b) > PERIOD_TOLERANCE_MS;
}

function accountKeyOf(report: UsageReport): string | null {
  return report.account.accountId ?? report.account.email ?? null;
}

function resetSentence(window: UsageWindow | null, now: Date): string {
  const phrase = window === null ? null : formatResetsIn(window.resetsAt, now);
  return phrase === null ? '' : ` ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
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
      next.depleted = { cause, resetsAt: window?.resetsAt ?? null };
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
    if (prev.depleted.cause !== cause) next.depleted = { cause, resetsAt: windowOf(cause)?.resetsAt ?? null };
  } else {
    const window = windowOf(prev.depleted.cause);
    // A usage drop without a new period is a glitch, not a reset (CodexBar #2060): keep waiting.
    if (periodMoved(prev.depleted.resetsAt, window?.resetsAt ?? null, now)) {
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
      memory === null || periodMoved(memory.resetsAt, window.resetsAt, now) ? { resetsAt: window.resetsAt, fired: [] } : { resetsAt: memory.resetsAt, fired: [...memory.fired] };
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

  return { notifications: out, state: next };
}
