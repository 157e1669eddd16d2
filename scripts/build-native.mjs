// Compiles the cost scan's C accelerator (native/rollout-scan.c) with node-gyp: run by `npm install` (the
// package's install script) and by `npm run build` when the C is newer than its build. Node-API only, so
// the one build also loads in Electron. Without a compiler the scan still works, on its TypeScript paths:
// a failure here is reported and does not fail the install. Nothing is downloaded: node-gyp is given the
// headers that came with Node (or npm's `nodedir`), and without them the build is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/** npm's `nodedir`, else the running Node's own prefix when its headers are installed there (Linux, macOS). */
function nodeHeaders() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

/** The lines of node-gyp's output that say what went wrong (its own `gyp ERR!` lines are a stack trace). */
function reasonOf(stderr) {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^gyp (info|ERR!|WARN)/.test(line));
  const telling = lines.filter((line) => /error|not found/i.test(line));
  return (telling.length > 0 ? telling : lines).slice(0, 2).join(' / ') || 'node-gyp failed';
}

export function nativeScanIsCurrent() {
  return existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs;
}

export function buildNativeScan() {
  const gyp = nodeGyp();
  const headers = nodeHeaders();
  const result =
    gyp === null || headers === null
      ? null
      : spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${headers}`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result !== null && result.status === 0) return true;
  const why =
    gyp === null
      ? 'node-gyp was not found'
      : headers === null
        ? "Node's headers are not installed beside it, and they are not downloaded"
        : reasonOf(result?.stderr ?? '');
  console.warn(`quotabar: the C accelerator of the cost scan was not built (${why}); the scan uses its TypeScript paths.`);
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildNativeScan();
