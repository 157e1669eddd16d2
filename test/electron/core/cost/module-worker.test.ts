import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { startModuleWorker } from '../../../../electron/core/cost/module-worker.js';

test('a worker module beside the caller is started from source under tsx', async () => {
  const worker = startModuleWorker(new URL('../../../../electron/core/cost/cost-scan-helper.ts', import.meta.url).href, 'cost-scan-helper');
  const [message] = (await once(worker, 'message')) as [{ type: string }];
  assert.equal(message.type, 'ready');
  worker.postMessage({ type: 'close' });
  await once(worker, 'exit');
});

test('a worker whose module is missing reports an error instead of hanging', async () => {
  const worker = startModuleWorker(import.meta.url, 'no-such-module');
  const [error] = (await once(worker, 'error')) as [Error];
  assert.match(error.message, /Cannot find module|ERR_MODULE_NOT_FOUND|no-such-module/);
  await worker.terminate();
});
