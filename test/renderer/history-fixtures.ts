// A hand-made usage history for the Pro fixture account (popover-fixtures.ts's proEverythingReport),
// relative to a chosen "now": three session resets in the last 24 h, one weekly reset 4d 21h ago, and a
// current session burning 30 %/h (62 % used now, 38 % left: runs out in 1h 16m, before its reset in 2h 30m).

import { detectResets, type HistoryAccount, type HistorySample, type HistoryWindow } from '../../shared/usage-history.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

function series(now: Date, rows: Array<[offsetMs: number, used: number, resetsAtOffsetMs: number]>): HistorySample[] {
  const iso = (offset: number) => new Date(now.getTime() + offset).toISOString();
  return rows.map(([t, used, r]) => ({ at: iso(t), usedPercent: used, resetsAt: iso(r) }));
}

export function proSessionSamples(now: Date): HistorySample[] {
  return series(now, [
    [-23 * H, 30, -20 * H],
    [-19 * H, 2, -14 * H], // reset: the 20 h-ago reset time passed
    [-16 * H, 18, -14 * H],
    [-7 * H, 5, -150 * MIN], // reset
    [-5 * H, 40, -150 * MIN],
    [-4 * H, 71, -150 * MIN],
    [-150 * MIN, 0, 150 * MIN], // reset, the current period
    [-120 * MIN, 8, 150 * MIN],
    [-90 * MIN, 20, 150 * MIN],
    [-60 * MIN, 32, 150 * MIN],
    [-30 * MIN, 47, 150 * MIN],
    [-2 * MIN, 62, 150 * MIN],
  ]);
}

export function proWeeklySamples(now: Date): HistorySample[] {
  const W1 = 2 * D + 3 * H;
  const W0 = W1 - 7 * D;
  return series(now, [
    [-7 * D, 60, W0],
    [-5 * D, 85, W0],
    [W0 + MIN, 3, W1], // reset
    [-4 * D, 20, W1],
    [-3 * D, 41, W1],
    [-2 * D, 55, W1],
    [-1 * D, 70, W1],
    [-6 * H, 80, W1],
    [-2 * MIN, 88, W1],
  ]);
}

function window(id: string, windowMinutes: number, samples: HistorySample[]): HistoryWindow {
  return { id, windowMinutes, samples, resets: detectResets(samples) };
}

export function proHistory(now: Date): HistoryAccount {
  return {
    accountId: 'acc-pro',
    email: 'pro.user@example.com',
    windows: [window('session', 300, proSessionSamples(now)), window('weekly', 10080, proWeeklySamples(now))],
  };
}
