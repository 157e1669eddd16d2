// Runs every test/**/*.test.ts(x) with Node's own test runner, TypeScript loaded by tsx.
// Node 20's --test does not expand globs, so the file list is built here.
//
//   node scripts/run-tests.mjs [path-fragment ...]            the whole suite, or the files matching
//   node scripts/run-tests.mjs --at 2031-01-01T00:00:20Z ...   the same at another wall-clock instant
//
// Every test has a deadline, so a hung child process or PTY fails its test instead of hanging CI.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const TEST_TIMEOUT_MS = 120_000;

const args = process.argv.slice(2);
let clockAt = '';
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--at') clockAt = args[++i] ?? '';
  else filters.push(args[i]);
}
if (clockAt !== '' && Number.isNaN(Date.parse(clockAt))) {
  console.error(`--at needs an ISO date, got "${clockAt}"`);
  process.exit(64);
}

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'artifacts' || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const files = collect(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const env = { ...process.env, TZ: process.env.TZ ?? 'UTC' };
if (clockAt !== '') {
  // One offset for the whole run: the test files, and the children they start (test/helpers/shifted-clock-env.ts).
  env.QUOTABAR_TEST_CLOCK_OFFSET_MS = String(Date.parse(clockAt) - Date.now());
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${join(root, 'test', 'helpers', 'shifted-clock.mjs')}`.trim();
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
