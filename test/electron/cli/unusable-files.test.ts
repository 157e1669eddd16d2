// The command line as a person runs it, with a FIFO, a device or a newer version's file where QuotaBar
// expects its small files: every run ends, on its own, with the contract's answer and a message that
// says what to do. The child is killed after a generous limit, so a regression fails instead of hanging.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackendDouble, type BackendDouble } from '../../doubles/chatgpt-backend-double.js';
import { tempDir, writeChatgptAuth, type WrittenAuth } from '../../helpers/codex-home-fixture.js';
import { runQuotabar, type CliRun } from '../../helpers/run-cli.js';

const KILL_AFTER_MS = 45_000;
const dir = tempDir('quotabar-unusable-files-');
const emptyPath = join(dir.path, 'empty-bin');
const goodHome = join(dir.path, 'good', '.codex');
let auth: WrittenAuth;
let backend: BackendDouble;

before(async () => {
  mkdirSync(emptyPath, { recursive: true });
  auth = writeChatgptAuth(goodHome, { email: 'a@example.com', plan: 'plus', exp: Math.floor(Date.now() / 1000) + 3600 });
  backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: 'acc-123' });
});

after(async () => {
  await backend.close();
  dir.cleanup();
});

/** A fresh folder for one test: its Codex home and QuotaBar home. */
function homes(name: string) {
  const root = join(dir.path, name);
  const codexHome = join(root, '.codex');
  const quotabarHome = join(root, 'qb');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(quotabarHome, { recursive: true });
  return { root, codexHome, quotabarHome };
}

function env(root: string, quotabarHome: string, extra: Record<string, string> = {}) {
  return { HOME: root, PATH: `${emptyPath}:/usr/bin:/bin`, QUOTABAR_HOME: quotabarHome, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, ...extra };
}

function usage(args: string[], environment: Record<string, string>): Promise<CliRun> {
  return runQuotabar(['usage', '--json', ...args], environment, KILL_AFTER_MS);
}

interface Failure {
  error: { code: string; message: string };
  attempts: Array<{ source: string; ok: boolean; error: { code: string; message: string } | null }>;
}

test('a FIFO as auth.json: `usage --timeout 3` ends with not_logged_in, exit 1, and says to let `codex login` write the file', async () => {
  const { root, codexHome, quotabarHome } = homes('fifo-auth');
  execFileSync('mkfifo', [join(codexHome, 'auth.json')]);
  const run = await usage(['--source', 'oauth', '--codex-home', codexHome, '--timeout', '3'], env(root, quotabarHome));
  assert.equal(run.code, 1, run.stderr);
  const json = JSON.parse(run.stdout) as Failure & Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ['schemaVersion', 'error', 'attempts']);
  assert.equal(json.error.code, 'not_logged_in');
  assert.match(
    json.error.message,
    /auth\.json in .* cannot be used: it is a FIFO \(named pipe\), not a regular file\. Replace it with the file `codex login` writes/,
  );
  assert.deepEqual(
    json.attempts.map((a) => [a.source, a.error?.code]),
    [['oauth', 'not_logged_in']],
  );

  // In auto mode the chain moves on (the credentials cannot be used) and still ends, with every attempt told.
  const auto = await usage(['--codex-home', codexHome, '--timeout', '3'], env(root, quotabarHome));
  const autoJson = JSON.parse(auto.stdout) as Failure;
  assert.equal(auto.code, 2, 'no codex binary on PATH');
  assert.deepEqual(
    autoJson.attempts.map((a) => [a.source, a.error?.code]),
    [
      ['oauth', 'not_logged_in'],
      ['rpc', 'codex_not_found'],
      ['pty', 'codex_not_found'],
    ],
  );
  assert.match(autoJson.attempts[0]!.error!.message, /FIFO/);
  assert.ok(lstatSync(join(codexHome, 'auth.json')).isFIFO(), 'auth.json is never touched');

  const doctor = await runQuotabar(['doctor', '--json', '--codex-home', codexHome, '--timeout', '3'], env(root, quotabarHome), KILL_AFTER_MS);
  const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; detail: string; fix: string | null }> }).checks.find(
    (c) => c.name === 'auth.json',
  );
  assert.match(check?.detail ?? '', /is a FIFO \(named pipe\), not a regular file/);
  assert.match(check?.fix ?? '', /codex login/);
});

test('a FIFO as config.toml is ignored with a warning, and the run ends', async () => {
  const { root, codexHome, quotabarHome } = homes('fifo-config');
  execFileSync('mkfifo', [join(codexHome, 'config.toml')]);
  // No base URL from the environment, so config.toml is what QuotaBar would read; no auth.json, so nothing goes out.
  const environment = env(root, quotabarHome);
  delete (environment as Record<string, string | undefined>).QUOTABAR_CHATGPT_BASE_URL;
  const run = await usage(['--source', 'oauth', '--codex-home', codexHome, '--timeout', '3'], environment);
  assert.equal(run.code, 1, run.stderr);
  assert.equal((JSON.parse(run.stdout) as Failure).error.code, 'not_logged_in');
  assert.match(
    run.stderr,
    /Ignoring .*config\.toml: it is a FIFO \(named pipe\), not a regular file\. Codex reads this file too: replace it with a regular TOML file, or remove it\./,
  );
});

for (const [kind, make, what] of [
  ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), /settings\.json: it is a FIFO \(named pipe\), not a regular file/],
  ['a symlink to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), /settings\.json: it is a character device, not a regular file/],
] as const) {
  test(`${kind} as settings.json: usage still works with the default settings, says why, and leaves it in place`, async () => {
    const { root, quotabarHome } = homes(`settings-${kind.replace(/\W+/g, '-')}`);
    const path = join(quotabarHome, 'settings.json');
    make(path);
    const run = await usage(['--source', 'oauth', '--codex-home', goodHome, '--timeout', '3'], env(root, quotabarHome));
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { source: string }).source, 'oauth');
    assert.match(run.stderr, what);
    assert.match(run.stderr, /default settings are used until it is replaced by a regular file/);
    assert.deepEqual(
      readdirSync(quotabarHome).filter((n) => n.startsWith('settings')),
      ['settings.json'],
    );
    const left = lstatSync(path);
    assert.ok(kind === 'a FIFO' ? left.isFIFO() : left.isSymbolicLink());
  });
}

test("usage, guard, cost and doctor never rewrite settings.json: not one with a newer version's key, not one with a bad field", async () => {
  const { root, quotabarHome } = homes('read-only');
  const codexHome = goodHome;
  const path = join(quotabarHome, 'settings.json');
  const files = {
    newer: JSON.stringify({ version: 1, usageSource: 'oauth', display: { barsShow: 'used', sparkle: true }, historyDays: 30 }, null, 2),
    damaged: JSON.stringify({ version: 1, usageSource: 'oauth', openaiCookies: 'sometimes', historyDays: 30 }),
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path, text);
    const mtime = statSync(path).mtimeMs;
    const runs = [
      await usage(['--codex-home', codexHome, '--timeout', '5'], env(root, quotabarHome)),
      await runQuotabar(['cost', '--json', '--codex-home', codexHome], env(root, quotabarHome), KILL_AFTER_MS),
      await runQuotabar(['doctor', '--json', '--codex-home', codexHome, '--timeout', '5'], env(root, quotabarHome), KILL_AFTER_MS),
      await runQuotabar(['guard', '--min-left', '1', '--codex-home', codexHome, '--timeout', '5'], env(root, quotabarHome), KILL_AFTER_MS),
    ];
    assert.equal(runs[0]!.code, 0, `${name}: ${runs[0]!.stderr}`);
    assert.equal(runs[1]!.code, 0, `${name}: ${runs[1]!.stderr}`);
    assert.equal(readFileSync(path, 'utf8'), text, `${name}: bytes unchanged`);
    assert.equal(statSync(path).mtimeMs, mtime, `${name}: mtime unchanged`);
    assert.deepEqual(
      readdirSync(quotabarHome).filter((n) => n.startsWith('settings')),
      ['settings.json'],
      `${name}: nothing set aside`,
    );
    if (name === 'newer') assert.doesNotMatch(runs[0]!.stderr, /settings\.json/, "a newer version's key is not a problem");
    else assert.match(runs[0]!.stderr, /settings\.json is invalid \(openaiCookies: .*left as it is/);
  }
});
