import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { setCostWorkerStarter } from '../../../../electron/core/cost/cost-worker-runner.js';
import { computeCostReport } from '../../../../electron/core/cost/cost-service.js';
import { testHomes, tokenCount, turnContext, writeLog } from './rollout-log.js';

const h = testHomes('quotabar-runner-');
writeLog(h.codexHome, 'sessions/2026/11/20/s.jsonl', [
  turnContext('2026-11-20T10:00:00.000Z', 'gpt-5.5'),
  tokenCount('2026-11-20T10:00:05.000Z', [1000, 0, 10, 0]),
]);
after(async () => {
  await setCostWorkerStarter(null);
  h.cleanup();
});

const run = () =>
  computeCostReport({
    codexHome: h.codexHome,
    quotabarHome: h.quotabarHome,
    since: '2026-11-01',
    until: '2026-11-30',
    timezone: 'UTC',
    noCache: true,
    runIn: 'worker',
  });

test('a worker that cannot be created leaves the job to the calling thread', async () => {
  await setCostWorkerStarter(() => {
    throw new Error('no threads here');
  });
  assert.equal((await run()).totals.inputTokens, 1000);
});

test('a worker that dies while starting leaves the job to the calling thread', async () => {
  await setCostWorkerStarter(() => new Worker('throw new Error("broken worker")', { eval: true }));
  assert.equal((await run()).totals.inputTokens, 1000);
  // And the next job does not try the broken worker again.
  assert.equal((await run()).totals.inputTokens, 1000);
});

test('the real worker runs the job when it can start', async () => {
  await setCostWorkerStarter(null);
  assert.equal((await run()).totals.inputTokens, 1000);
});
