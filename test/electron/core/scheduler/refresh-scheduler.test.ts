import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshScheduler, type RefreshReason, type RefreshSchedulerOptions } from '../../../../electron/core/scheduler/refresh-scheduler.js';
import {
  MAX_BACKOFF_MS,
  adaptiveIntervalMs,
  backoffDelayMs,
  refreshIntervalMs,
  type RefreshSettings,
} from '../../../../electron/core/scheduler/refresh-cadence.js';
import type { Logger } from '../../../../electron/core/util/logger.js';
import { FakeClock, settle } from './fake-clock.js';

const MIN = 60_000;

/** A scheduler on a fake clock whose refresh function records calls and can be held open or made to fail. */
function harness(refresh: RefreshSettings['refresh'] = { mode: 'adaptive', fixedMinutes: 5 }, options: Partial<RefreshSchedulerOptions> = {}) {
  const clock = new FakeClock();
  const start = clock.now();
  const settings: RefreshSettings = { refresh };
  const calls: Array<{ reason: RefreshReason; at: number }> = [];
  const warnings: string[] = [];
  let outcome: boolean | Error = true;
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  let running = 0;
  let maxRunning = 0;
  const logger: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const scheduler = new RefreshScheduler({
    ...options,
    getSettings: () => settings,
    clock,
    logger,
    refresh: async (reason) => {
      calls.push({ reason, at: (clock.now() - start) / MIN });
      running++;
      maxRunning = Math.max(maxRunning, running);
      try {
        if (gate !== null) await gate.promise;
        if (outcome instanceof Error) throw outcome;
        return outcome;
      } finally {
        running--;
      }
    },
  });
  return {
    clock,
    scheduler,
    settings,
    calls,
    warnings,
    minutes: (m: number) => clock.advance(m * MIN),
    at: () => calls.map((c) => c.at),
    setOutcome: (o: boolean | Error) => {
      outcome = o;
    },
    hold: () => {
      let open = () => {};
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = {
        promise,
        open: () => {
          gate = null;
          open();
        },
      };
      return gate;
    },
    maxRunning: () => maxRunning,
  };
}

test('the adaptive cadence picks 2, 5, 15 or 30 minutes by when the popover was last opened', () => {
  const now = 10 * 60 * MIN;
  assert.equal(adaptiveIntervalMs(null, now), 30 * MIN);
  assert.equal(adaptiveIntervalMs(now - 4.9 * MIN, now), 2 * MIN);
  assert.equal(adaptiveIntervalMs(now - 5 * MIN, now), 5 * MIN);
  assert.equal(adaptiveIntervalMs(now - 59 * MIN, now), 5 * MIN);
  assert.equal(adaptiveIntervalMs(now - 60 * MIN, now), 15 * MIN);
  assert.equal(adaptiveIntervalMs(now - 239 * MIN, now), 15 * MIN);
  assert.equal(adaptiveIntervalMs(now - 240 * MIN, now), 30 * MIN);
  assert.equal(refreshIntervalMs({ refresh: { mode: 'fixed', fixedMinutes: 15 } }, now - MIN, now), 15 * MIN);
  assert.equal(refreshIntervalMs({ refresh: { mode: 'fixed', fixedMinutes: 0 } }, null, now), 5 * MIN, 'a bad fixed value falls back to 5 min');
  assert.equal(refreshIntervalMs({ refresh: { mode: 'fixed', fixedMinutes: Number.NaN } }, null, now), 5 * MIN);
});

test('back-off doubles the normal gap per failure and stops at an hour', () => {
  assert.equal(backoffDelayMs(2 * MIN, 0), 2 * MIN);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelayMs(2 * MIN, n) / MIN),
    [4, 8, 16, 32, 60, 60, 60],
  );
  assert.equal(backoffDelayMs(30 * MIN, 1), MAX_BACKOFF_MS);
  assert.equal(backoffDelayMs(60 * MIN, 3), 60 * MIN, 'never shorter than the normal gap');
});

test('started with the popover never opened, it refreshes at once and then every 30 minutes', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(95);
  assert.deepEqual(h.at(), [0, 30, 60, 90]);
  assert.equal(h.calls[0]!.reason, 'startup');
  assert.ok(h.calls.slice(1).every((c) => c.reason === 'timer'));
  assert.equal(h.scheduler.status().nextRefreshAt, h.clock.now() - 5 * MIN + 30 * MIN);
});

test('after the popover opens the cadence tightens to 2 minutes, then relaxes to 5, 15 and 30', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(10);
  h.scheduler.popoverOpened(); // at 10: data is 10 min old → refresh now
  await settle();
  await h.minutes(300);
  // Opened at 10: every 2 min while that was under 5 min ago (10, 12, 14, 16), every 5 min until an hour
  // after (…66, 71), every 15 min until 4 h after (…236, 251), then every 30.
  assert.deepEqual(h.at(), [0, 10, 12, 14, 16, 21, 26, 31, 36, 41, 46, 51, 56, 61, 66, 71, 86, 101, 116, 131, 146, 161, 176, 191, 206, 221, 236, 251, 281]);
  assert.equal(h.calls[1]!.reason, 'popover');
});

test('opening the popover refreshes only data older than a minute', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(0.5);
  h.scheduler.popoverOpened();
  await settle();
  assert.equal(h.calls.length, 1, 'data 30 s old is fresh enough');
  // …but the cadence is now 2 minutes from the last refresh.
  assert.equal(h.scheduler.status().nextRefreshAt, h.clock.now() - 0.5 * MIN + 2 * MIN);
  await h.minutes(1.6);
  assert.deepEqual(h.at(), [0, 2]);
  await h.minutes(1.1); // 3.1: data 1.1 min old
  h.scheduler.popoverOpened();
  await settle();
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'timer', 'popover'],
  );
});

test('during an outage, opening the popover again and again retries at most once a minute', async () => {
  const h = harness();
  h.setOutcome(false);
  h.scheduler.start();
  await settle();
  for (let i = 0; i < 4; i++) {
    await h.minutes(0.25); // opened at 0.25, 0.5, 0.75 and 1.0 min after the failure
    h.scheduler.popoverOpened();
    await settle();
  }
  assert.equal(h.calls.length, 1, 'no retry within a minute of the failed attempt');
  await h.minutes(0.1); // 1.1 min after the failure
  h.scheduler.popoverOpened();
  await settle();
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'popover'],
  );
});

test('a fixed cadence from settings ignores the popover, and a changed setting applies to the next refresh', async () => {
  const h = harness({ mode: 'fixed', fixedMinutes: 15 });
  h.scheduler.start();
  await settle();
  await h.minutes(2);
  h.scheduler.popoverOpened(); // data 2 min old → refreshes, but the cadence stays 15
  await settle();
  await h.minutes(40);
  assert.deepEqual(h.at(), [0, 2, 17, 32]);
  h.settings.refresh = { mode: 'fixed', fixedMinutes: 5 };
  h.scheduler.settingsChanged(); // at 42: 5 min after 32 is already past, so now
  await h.minutes(12);
  assert.deepEqual(h.at(), [0, 2, 17, 32, 42, 47, 52]);
});

test('after wake it refreshes once the network has had a few seconds, ahead of the cadence', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(7);
  h.scheduler.systemResumed();
  await h.clock.advance(4_000);
  assert.equal(h.calls.length, 1);
  await h.clock.advance(1_000);
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'resume'],
  );
  // The cadence restarts from the wake refresh.
  assert.equal(h.scheduler.status().nextRefreshAt, h.clock.now() + 30 * MIN);
});

test('a popover opened while a wake refresh is pending does not cancel it', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(0.5);
  h.scheduler.systemResumed();
  h.scheduler.popoverOpened(); // fresh data: reschedules to the 2-minute cadence
  await h.clock.advance(5_000);
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'resume'],
  );
});

test('failures back off exponentially and a success restores the normal cadence', async () => {
  const h = harness({ mode: 'fixed', fixedMinutes: 2 });
  h.setOutcome(false);
  h.scheduler.start();
  await settle();
  await h.minutes(130);
  assert.deepEqual(h.at(), [0, 4, 12, 28, 60, 120], 'gaps 4, 8, 16, 32, then capped at 60');
  assert.equal(h.scheduler.status().consecutiveFailures, 6);
  h.setOutcome(true);
  await h.minutes(60);
  assert.deepEqual(h.at().slice(6), [180, 182, 184, 186, 188, 190]);
  assert.equal(h.scheduler.status().consecutiveFailures, 0);
});

test('a refresh that throws counts as a failure and is logged', async () => {
  const h = harness();
  h.setOutcome(new Error('socket hang up'));
  h.scheduler.start();
  await settle();
  assert.equal(h.scheduler.status().consecutiveFailures, 1);
  assert.equal(h.scheduler.status().lastSuccessAt, null);
  assert.match(h.warnings[0] ?? '', /startup.*socket hang up/);
  assert.equal(h.scheduler.status().nextRefreshAt, h.clock.now() + 60 * MIN);
});

test('when the network comes back after failures it retries at once, past the back-off', async () => {
  const h = harness();
  h.setOutcome(false);
  h.scheduler.start();
  await settle();
  await h.minutes(3);
  h.setOutcome(true);
  h.scheduler.networkOnline();
  await settle();
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'network'],
  );
  // Healthy and fresh: another "online" event is not a reason to refresh.
  await h.minutes(0.5);
  h.scheduler.networkOnline();
  await settle();
  assert.equal(h.calls.length, 2);
});

test('never two refreshes at once: triggers during a refresh join it or queue exactly one follow-up', async () => {
  const h = harness();
  const gate = h.hold();
  h.scheduler.start();
  await settle();
  await h.minutes(3);
  h.scheduler.popoverOpened();
  h.scheduler.networkOnline();
  const manual = h.scheduler.requestNow('manual');
  const afterSettings = h.scheduler.requestNow('settings');
  const afterSettings2 = h.scheduler.requestNow('settings');
  h.scheduler.systemResumed();
  await settle();
  assert.equal(h.calls.length, 1);
  assert.equal(h.scheduler.status().inFlight, 'startup');
  assert.equal(h.clock.pendingTimers(), 0, 'no timer while a refresh runs');
  gate.open();
  assert.equal(await manual, true, 'a manual request shares the running refresh');
  assert.equal(await afterSettings, true);
  assert.equal(await afterSettings2, true);
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'settings'],
  );
  assert.equal(h.maxRunning(), 1);
  await h.minutes(60);
  assert.equal(h.maxRunning(), 1);
});

test('a manual request when idle runs at once and restarts the cadence from it', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(20);
  assert.equal(await h.scheduler.requestNow(), true);
  assert.deepEqual(
    h.calls.map((c) => [c.reason, c.at]),
    [
      ['startup', 0],
      ['manual', 20],
    ],
  );
  assert.equal(h.scheduler.status().nextRefreshAt, h.clock.now() + 30 * MIN);
});

test('stop cancels pending refreshes, and a refresh finishing after stop schedules nothing', async () => {
  const h = harness();
  const gate = h.hold();
  h.scheduler.start();
  await settle();
  const queued = h.scheduler.requestNow('settings');
  h.scheduler.stop();
  assert.equal(await queued, false, 'a queued follow-up is dropped');
  gate.open();
  await settle();
  await h.minutes(120);
  assert.equal(h.calls.length, 1);
  assert.equal(h.clock.pendingTimers(), 0);
  assert.equal(h.scheduler.status().running, false);
  // Stopped, it ignores the outside world.
  h.scheduler.popoverOpened();
  h.scheduler.systemResumed();
  h.scheduler.networkOnline();
  await h.minutes(10);
  assert.equal(h.calls.length, 1);
});

test('start twice is one start', async () => {
  const h = harness();
  h.scheduler.start();
  h.scheduler.start();
  await settle();
  assert.equal(h.calls.length, 1);
  assert.equal(h.clock.pendingTimers(), 1);
});

test('Codex activity refreshes at once when the last attempt is older than the activity gap, else when the gap ends', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(10);
  h.scheduler.sessionActivity(); // data 10 min old
  await h.clock.advance(0);
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'activity'],
  );
  await h.minutes(0.5);
  h.scheduler.sessionActivity(); // 30 s after the last attempt: waits for the 2-minute gap
  await h.minutes(1.4);
  assert.equal(h.calls.length, 2);
  await h.minutes(0.1);
  assert.deepEqual(h.at(), [0, 10, 12]);
  assert.equal(h.calls[2]!.reason, 'activity');
});

test('while Codex is in use the cadence stays short, and it relaxes once Codex goes quiet', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(10);
  h.scheduler.sessionActivity(); // used at 10, then never again
  await h.minutes(90);
  // 2-minute cadence while the use is under 5 min old, then 5, then 15 after an hour.
  assert.deepEqual(h.at(), [0, 10, 12, 14, 16, 21, 26, 31, 36, 41, 46, 51, 56, 61, 66, 71, 86]);
  assert.equal(h.scheduler.status().lastActivityAt, h.clock.now() - 90 * MIN);
});

test('a burst of activity costs at most one refresh per activity gap', async () => {
  const gap = 10_000;
  const h = harness({ mode: 'fixed', fixedMinutes: 30 }, { activityGapMs: gap });
  h.scheduler.start();
  await settle();
  await h.minutes(5);
  for (let i = 0; i < 60; i++) {
    h.scheduler.sessionActivity(); // once a second for a minute
    await h.clock.advance(1_000);
  }
  await h.clock.advance(gap);
  const activity = h.calls.filter((c) => c.reason === 'activity').map((c) => Math.round(c.at * 60));
  assert.deepEqual(activity, [300, 310, 320, 330, 340, 350, 360]);
});

test('after a failure (a 429 among them) activity does not cut the back-off short', async () => {
  const h = harness({ mode: 'fixed', fixedMinutes: 2 });
  h.setOutcome(false);
  h.scheduler.start();
  await settle(); // failed at 0: next try at 4
  await h.minutes(1);
  h.scheduler.sessionActivity();
  await h.minutes(2.9);
  assert.equal(h.calls.length, 1);
  h.setOutcome(true);
  await h.minutes(0.1);
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'timer'],
  );
});

test('activity during a refresh is followed by one more refresh once the gap has passed', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  await h.minutes(10);
  const gate = h.hold();
  void h.scheduler.requestNow('manual');
  await settle();
  h.scheduler.sessionActivity();
  h.scheduler.sessionActivity();
  await h.minutes(0.5);
  gate.open();
  await settle(); // the manual refresh ends at 10.5; its attempt time is 10.5
  await h.minutes(2.1);
  assert.deepEqual(
    h.calls.map((c) => c.reason),
    ['startup', 'manual', 'activity'],
  );
  assert.equal(h.maxRunning(), 1);
});

test('activity after stop schedules nothing', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  h.scheduler.stop();
  h.scheduler.sessionActivity();
  await h.minutes(60);
  assert.equal(h.calls.length, 1);
  assert.equal(h.clock.pendingTimers(), 0);
});
