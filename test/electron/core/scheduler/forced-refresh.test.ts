import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORCED_REFRESH_MIN_GAP_MS, RefreshScheduler } from '../../../../electron/core/scheduler/refresh-scheduler.js';
import { retryAfterMsOf } from '../../../../electron/core/scheduler/retry-after-of.js';
import { FakeClock, settle } from './fake-clock.js';

const SEC = 1000;
const MIN = 60 * SEC;

/** A scheduler on a fake clock whose refreshes succeed, or fail with an optional Retry-After. */
function harness() {
  const clock = new FakeClock();
  let outcome: { ok: boolean; retryAfterMs: number | null } = { ok: true, retryAfterMs: null };
  let lastRetryAfter: number | null = null;
  let calls = 0;
  let release: (() => void) | null = null;
  const scheduler = new RefreshScheduler({
    getSettings: () => ({ refresh: { mode: 'fixed', fixedMinutes: 5 } }),
    clock,
    retryAfterMs: () => lastRetryAfter,
    refresh: async () => {
      calls++;
      if (release === null) {
        // answer at once
      } else {
        await new Promise<void>((resolve) => {
          const open = release;
          release = () => {
            open?.();
            resolve();
          };
        });
      }
      lastRetryAfter = outcome.ok ? null : outcome.retryAfterMs;
      return outcome.ok;
    },
  });
  return {
    clock,
    scheduler,
    calls: () => calls,
    fail: (retryAfterMs: number | null) => {
      outcome = { ok: false, retryAfterMs };
    },
    succeed: () => {
      outcome = { ok: true, retryAfterMs: null };
    },
    holdRefreshes: () => {
      release = () => {};
      return () => {
        const open = release;
        release = null;
        open?.();
      };
    },
  };
}

test('forced refreshes ask the backend at most once per 30 s; the others get the latest result', async () => {
  const h = harness();
  h.scheduler.start();
  await settle();
  assert.equal(h.calls(), 1, 'the startup refresh');
  for (let i = 0; i < 5; i++) assert.equal(h.scheduler.requestForced(), null);
  await h.clock.advance(FORCED_REFRESH_MIN_GAP_MS - 1);
  assert.equal(h.scheduler.requestForced(), null);
  assert.equal(h.calls(), 1);
  await h.clock.advance(1);
  assert.equal(await h.scheduler.requestForced(), true);
  assert.equal(h.calls(), 2);
  assert.equal(h.scheduler.requestForced(), null);
  assert.equal(h.calls(), 2);
});

test('forced refreshes that arrive together share one backend request', async () => {
  const h = harness();
  const open = h.holdRefreshes();
  const forced = [0, 1, 2, 3, 4].map(() => h.scheduler.requestForced());
  await settle();
  assert.equal(h.calls(), 1);
  assert.ok(
    forced.every((p) => p === forced[0] && p !== null),
    'all join the one under way',
  );
  open();
  assert.deepEqual(await Promise.all(forced), [true, true, true, true, true]);
  assert.equal(h.calls(), 1);
});

test('a 429 with Retry-After holds forced, manual, popover and timed refreshes until it is over', async () => {
  const h = harness();
  h.fail(10 * MIN);
  h.scheduler.start();
  await settle();
  assert.equal(h.calls(), 1);
  assert.equal(h.scheduler.status().retryAfterUntil, h.clock.now() + 10 * MIN);
  h.succeed();
  await h.clock.advance(9 * MIN + 59 * SEC);
  assert.equal(h.scheduler.requestForced(), null);
  assert.equal(await h.scheduler.requestNow('manual'), false);
  h.scheduler.popoverOpened();
  h.scheduler.networkOnline();
  await settle();
  assert.equal(h.calls(), 1, 'nothing asked the backend during the Retry-After (the 5-minute cadence and its back-off included)');
  await h.clock.advance(1 * SEC);
  await settle();
  assert.equal(h.calls(), 2, 'the timer fires the moment the wait is over');
  assert.equal(h.scheduler.status().retryAfterUntil, null);
});

test('after a failure without Retry-After, forced refreshes wait for the back-off', async () => {
  const h = harness();
  h.fail(null);
  h.scheduler.start();
  await settle();
  // One failure on a 5-minute cadence: the back-off is 10 minutes.
  await h.clock.advance(9 * MIN);
  assert.equal(h.scheduler.requestForced(), null);
  assert.equal(h.calls(), 1);
  h.scheduler.stop();
  await h.clock.advance(1 * MIN);
  assert.notEqual(h.scheduler.requestForced(), null);
  assert.equal(h.calls(), 2);
});

test('the Retry-After of a failed usage result is read from its error', () => {
  const failure = { schemaVersion: 1 as const, error: { code: 'rate_limited' as const, message: 'wait', retryAfterSeconds: 30 }, attempts: [] };
  assert.equal(retryAfterMsOf(failure), 30_000);
  assert.equal(retryAfterMsOf({ ...failure, error: { code: 'rate_limited', message: 'wait' } }), null);
  assert.equal(retryAfterMsOf(null), null);
});
