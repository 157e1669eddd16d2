import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker running the module `name` beside the caller: `name.js` when compiled to dist/, `name.ts` when run
 * from source under tsx (tests, development), where the worker first registers tsx's loader itself.
 * Throws when the worker cannot be created; a worker whose module fails to load emits 'error'.
 */
export function startModuleWorker(callerUrl: string, name: string): Worker {
  const ext = extname(fileURLToPath(callerUrl)) || '.js';
  const url = new URL(`./${name}${ext}`, callerUrl);
  if (ext !== '.ts') return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
