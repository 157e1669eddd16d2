// `npm run dist [-- --linux|--win|--mac ...]`: builds, packages with electron-builder, then puts the
// Node build of better-sqlite3 back.
//
// electron-builder (npmRebuild: true in electron-builder.yml) rebuilds native modules for Electron's
// ABI in this checkout's node_modules; that is what goes into the package. Tests and the CLI run on
// Node, so afterwards better-sqlite3 (not N-API, unlike node-pty) is rebuilt for Node again.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

let status = run(npm, ['run', 'build']);
if (status === 0) {
  status = run(npx, ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
  const loadsUnderNode = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { stdio: 'ignore' }).status === 0;
  if (!loadsUnderNode && run(npm, ['rebuild', 'better-sqlite3']) !== 0) {
    console.error('package-app: could not rebuild better-sqlite3 for Node; run `npm rebuild better-sqlite3` before testing.');
    if (status === 0) status = 1;
  }
}
process.exit(status);
