// `npm run build`: the core into dist/ (tsc, incremental) and the renderer into dist/renderer (Vite).
// Each part is built only when its sources are newer than its last build, so `npm ci` (whose
// `prepare` builds) followed by `npm test` builds once. `--force` builds both regardless.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { buildNativeScan, nativeScanIsCurrent } from './build-native.mjs';
import { bundleCli } from './bundle-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The newest modification time under `paths` (files and folders, recursively). */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const path of paths) visit(join(root, path));
  return latest;
}

// tsc keeps its own record (dist/.tsbuildinfo): an unchanged core costs a few seconds of checking.
// That record alone does not notice deleted outputs, so --force starts without it.
if (force) rmSync(join(root, 'dist', '.tsbuildinfo'), { force: true });
run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);

// The cost scan's C accelerator: `npm install` builds it; here only when its source changed since.
if (force || !nativeScanIsCurrent()) buildNativeScan();

// The command line as one bundle (dist/cli): see bundle-cli.mjs. A few hundred milliseconds: always.
await bundleCli();

// Beside dist/renderer, not in it: `serve` hands out everything in there.
// The preload runs sandboxed: one CommonJS file that may require nothing but 'electron', so its
// imports (the channel list) are bundled in. A few milliseconds: always.
buildSync({
  entryPoints: [join(root, 'electron', 'shell', 'preload.ts')],
  outfile: join(root, 'dist', 'electron', 'shell', 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});

const stamp = join(root, 'dist', '.renderer-built');
const rendererInputs = ['renderer', 'shared', 'resources', 'package.json', 'package-lock.json'];
const stale = force || !existsSync(stamp) || !existsSync(join(root, 'dist', 'renderer', 'index.html')) || newest(rendererInputs) > statSync(stamp).mtimeMs;
if (stale) {
  run([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
