// Compiles the cost scan's C accelerator (native/rollout-scan.c) with node-gyp: run by `npm install` (the
// package's install script) and by `npm run build` when the C is newer than its build. Node-API only, so
// the one build also loads in Electron. Without a compiler the scan still works, on its TypeScript paths:
// a failure here is reported and does not fail the install. Nothing is downloaded beyond what node-gyp
// itself needs (the Node headers, unless npm's `nodedir` points at installed ones).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'native', 'rollout-scan.c');
const binary = join(root, 'build', 'Release', 'rollout_scan.node');

/** npm hands its own node-gyp to install scripts; otherwise the one in node_modules. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return null;
  }
}

export function nativeScanIsCurrent() {
  return existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs;
}

export function buildNativeScan() {
  const gyp = nodeGyp();
  const result = gyp === null ? null : spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result !== null && result.status === 0) return true;
  const why = result === null ? 'node-gyp was not found' : (result.stderr ?? '').trim().split('\n').slice(-3).join(' / ');
  console.warn(`quotabar: the C accelerator of the cost scan was not built (${why}); the scan uses its TypeScript paths.`);
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildNativeScan();
