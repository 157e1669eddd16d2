import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapWithLimit } from '../../../../electron/core/util/concurrency-limit.js';

test('never more than the limit run at once, and results keep the input order', async () => {
  let running = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const done = mapWithLimit([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, async (n) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return n * 10;
  });
  // Release tasks one by one, each time after the workers have had the chance to start more.
  while (releases.length > 0 || running > 0) {
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(running <= 4, `running ${running}`);
    releases.shift()?.();
  }
  assert.deepEqual(await done, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.equal(peak, 4);
});

test('an empty list resolves at once and a bad limit is refused', async () => {
  assert.deepEqual(await mapWithLimit([], 4, async () => 1), []);
  await assert.rejects(
    mapWithLimit([1], 0, async () => 1),
    RangeError,
  );
});
