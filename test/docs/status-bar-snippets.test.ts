// Every snippet of docs/status-bars.md is run here the way its bar, prompt or script would run it:
// through `sh` with `quotabar` on PATH, against the backend double. The bars themselves are not started.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackendDouble, type BackendDouble, type BackendScenario } from '../doubles/chatgpt-backend-double.js';
import { tempDir, writeChatgptAuth } from '../helpers/codex-home-fixture.js';
import { QUOTABAR_BIN } from '../helpers/run-cli.js';
import { shiftedClockEnv } from '../helpers/shifted-clock-env.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(repoRoot, 'docs', 'status-bars.md'), 'utf8');
const dir = tempDir('quotabar-snippets-');
const binDir = join(dir.path, 'bin');
const runtimeDir = join(dir.path, 'run');
const codexHome = join(dir.path, 'home', '.codex');
let backend: BackendDouble;

before(async () => {
  const auth = writeChatgptAuth(codexHome, { email: 'a@example.com', plan: 'plus', exp: Math.floor(Date.now() / 1000) + 3600 });
  backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123' });
  mkdirSync(binDir, { recursive: true });
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  // `quotabar` as an installed one would be, and a `codex` that only says it ran.
  writeFileSync(join(binDir, 'quotabar'), `#!/bin/sh\nexec '${process.execPath}' '${QUOTABAR_BIN}' "$@"\n`);
  writeFileSync(join(binDir, 'codex'), '#!/bin/sh\necho "codex ran: $*"\n');
  chmodSync(join(binDir, 'quotabar'), 0o755);
  chmodSync(join(binDir, 'codex'), 0o755);
});

after(async () => {
  await backend.close();
  dir.cleanup();
});

/** The body of the fenced block after `<!-- snippet: name -->`. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- snippet: ${name} -->\\n\`\`\`[\\w-]*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  assert.ok(match, `docs/status-bars.md has no snippet "${name}"`);
  return match[1]!;
}

function field(body: string, pattern: RegExp): string {
  const match = pattern.exec(body);
  assert.ok(match, `no ${pattern} in:\n${body}`);
  return match[1]!;
}

function shellEnv(): NodeJS.ProcessEnv {
  return {
    PATH: `${binDir}:/usr/bin:/bin`,
    HOME: join(dir.path, 'home'),
    TZ: 'UTC',
    XDG_RUNTIME_DIR: runtimeDir,
    QUOTABAR_HOME: join(dir.path, 'qb-home'),
    QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl,
    ...shiftedClockEnv(),
  };
}

function run(shell: string, script: string, scenario: BackendScenario = 'plus'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  backend.setScenario(scenario);
  return new Promise((resolve) => {
    const child = spawn(shell, ['-c', script], { env: shellEnv(), cwd: dir.path });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running snippet in its own process group, returns its first stdout line, then stops the group. */
async function firstLine(command: string): Promise<string> {
  backend.setScenario('plus');
  const child: ChildProcessWithoutNullStreams = spawn('sh', ['-c', command], { env: shellEnv(), cwd: dir.path, detached: true });
  let out = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve();
      });
      child.on('close', () => reject(new Error(`"${command}" ended before printing a line: ${stderr}`)));
    });
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
  await closed;
  return out.slice(0, out.indexOf('\n'));
}

const PLUS_LINE = '5h 77% · wk 59%';

test('Waybar: the exec command streams Waybar JSON lines', { timeout: 60_000 }, async () => {
  const body = snippet('waybar');
  assert.match(body, /"return-type": "json"/);
  const out = JSON.parse(await firstLine(field(body, /"exec": "([^"]+)"/))) as Record<string, unknown>;
  assert.equal(out.text, PLUS_LINE);
  assert.equal(out.class, 'ok');
  assert.equal(out.percentage, 59);
});

test('Waybar, every account: the command prints one Waybar JSON line labelled with the account, and exits', { timeout: 60_000 }, async () => {
  const body = snippet('waybar-accounts');
  assert.match(body, /"return-type": "json"/);
  assert.match(body, /"interval": \d+/);
  const result = await run('sh', field(body, /"exec": "([^"]+)"/));
  assert.equal(result.code, 0);
  assert.equal(result.stdout.split('\n').length, 2, 'one line');
  const out = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(out.text, `a@example.com: ${PLUS_LINE}`);
  assert.equal(out.class, 'ok');
  assert.equal(out.percentage, 59);
  assert.match(String(out.tooltip), /^a@example\.com · Plus\nSession \(5h\): 77% left/);
});

test('Polybar: the tailed script prints the line', { timeout: 60_000 }, async () => {
  const body = snippet('polybar');
  assert.match(body, /^tail = true$/m);
  assert.equal(await firstLine(field(body, /^exec = (.+)$/m)), PLUS_LINE);
});

test('i3blocks and tmux: the command prints the line and exits', { timeout: 60_000 }, async () => {
  for (const command of [field(snippet('i3blocks'), /^command=(.+)$/m), field(snippet('tmux'), /#\((.+?)\)/)]) {
    const result = await run('sh', command);
    assert.equal(result.code, 0, command);
    assert.equal(result.stdout, `${PLUS_LINE}\n`);
  }
});

test('prompts: the watch service fills the file, and the bash prompt and Starship show its last line', { timeout: 60_000 }, async () => {
  const execStart = field(snippet('watch-service'), /^ExecStart=(.+)$/m);
  const file = join(runtimeDir, 'quotabar.line');
  backend.setScenario('plus');
  // systemd runs ExecStart without a shell; here the command is itself `/bin/sh -c '…'`.
  const service = spawn('sh', ['-c', `exec ${execStart}`], { env: shellEnv(), detached: true, stdio: 'ignore' });
  const stopped = new Promise((resolve) => service.on('close', resolve));
  try {
    while (!(existsSync(file) && readFileSync(file, 'utf8').includes('\n'))) await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    process.kill(-service.pid!, 'SIGTERM');
  }
  await stopped;
  assert.equal(readFileSync(file, 'utf8'), `${PLUS_LINE}\n`);

  const ps1 = snippet('bash-prompt');
  const prompt = await run('bash', `${ps1}\nprintf '%s' "\${PS1@P}"`);
  assert.equal(prompt.stdout.replace(/[$#] $/, '$ '), `${PLUS_LINE} ${dir.path} $ `, '(# when run as root)');

  const starship = snippet('starship');
  assert.equal((await run('sh', field(starship, /^when = '(.+)'$/m))).code, 0);
  assert.equal((await run('sh', field(starship, /^command = '(.+)'$/m))).stdout, `${PLUS_LINE}\n`);
});

test('guard: the script runs codex with enough left, and stops before it when the session is nearly out', { timeout: 60_000 }, async () => {
  const script = snippet('guard');
  const enough = await run('sh', script, 'plus');
  assert.equal(enough.code, 0);
  assert.match(enough.stdout, /^codex ran: exec migrate the tests/);
  assert.match(enough.stderr, /^quotabar guard: weekly window has 59% left \(at least 15%\)/);

  const low = await run('sh', script, 'nearly-out');
  assert.equal(low.code, 1);
  assert.equal(low.stdout, '', 'codex did not run');
  assert.match(low.stderr, /^quotabar guard: session window has 3% left \(below 15%\); it resets in 20m \(\d\d:\d\d\)\.\n$/);
});
