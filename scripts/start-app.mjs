// `npm start`: run the tray app from this checkout. node_modules holds better-sqlite3 built for
// Node (the CLI and the tests use it); Electron has its own ABI, so a second copy is built for it
// once, in node_modules/.cache, and handed to the app through QUOTABAR_SQLITE_BINDING.
// Packaged builds need none of this: electron-builder rebuilds native modules for Electron.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));

function nodeGyp() {
  // npm sets npm_config_node_gyp for scripts; otherwise use the copy bundled with npm.
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  return join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

function electronBuildEnv(electronVersion) {
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
  // A nodedir pointing at Node's own headers would build for Node again.
  delete env.npm_config_nodedir;
  return env;
}

/** Path of better-sqlite3 built for this Electron, building it on first use; null when that fails. */
function sqliteForElectron(electronVersion) {
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const target = join(root, 'node_modules', '.cache', 'quotabar-electron', electronVersion, 'better-sqlite3');
  const binding = join(target, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.error(`quotabar: building better-sqlite3 for Electron ${electronVersion} (once; needs a C++ toolchain and internet for Electron's headers)…`);
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  const result = spawnSync(
    process.execPath,
    [nodeGyp(), 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`],
    { cwd: target, stdio: 'inherit', env: electronBuildEnv(electronVersion) },
  );
  if (result.status === 0 && existsSync(binding)) return binding;
  console.error('quotabar: could not build better-sqlite3 for Electron; the app runs, but local cost and browser cookies will show an error.');
  return null;
}

const electronVersion = require('electron/package.json').version;
let electronPath;
try {
  // Electron downloads its binary on first use.
  electronPath = require('electron');
} catch (error) {
  console.error(`quotabar: Electron could not be installed (${error instanceof Error ? error.message : error}).`);
  process.exit(1);
}
const binding = sqliteForElectron(electronVersion);
const child = spawn(electronPath, ['.', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(binding ? { QUOTABAR_SQLITE_BINDING: binding } : {}) },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
