import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ptySource } from '../../../../../electron/core/usage/pty/pty-source.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';
import { tempDir } from '../../../../helpers/codex-home-fixture.js';
import { assertNothingLeft, ptyScenario, type PtyScenario } from './pty-harness.js';

// End to end, the awkward cases: prompts in the way, slow or silent programs, broken output.

const dir = tempDir('quotabar-pty-robust-');
mkdirSync(join(dir.path, 'home'), { recursive: true });
after(() => dir.cleanup());

async function fetchError(s: PtyScenario): Promise<SourceError> {
  try {
    await ptySource.fetch(s.ctx);
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the fetch to fail');
}

test('the update prompt is a question: not_supported, and not one key reaches it', async () => {
  const s = ptyScenario(dir.path, 'update');
  const error = await fetchError(s);
  assert.equal(error.code, 'not_supported');
  assert.match(error.message, /"Update now[^"]*" \/ "Skip"/);
  assert.match(error.message, /never answers/);
  const entries = s.entries();
  assert.deepEqual(
    entries.filter((e) => 'updateKey' in e || 'updateChosen' in e || 'updateSkipped' in e),
    [],
  );
  await assertNothingLeft(s);
});

test('the 0.171 folder-trust question is never answered: not_supported, no key, nothing left', async () => {
  const s = ptyScenario(dir.path, 'trust', { style: '0.171' });
  const error = await fetchError(s);
  assert.equal(error.code, 'not_supported');
  assert.match(error.message, /Trust this folder\?/);
  assert.deepEqual(
    s.entries().filter((e) => 'trustKey' in e),
    [],
  );
  await assertNothingLeft(s);
});

test('a helper that left the process group with setsid is killed with codex', async () => {
  const s = ptyScenario(dir.path, 'setsid-helper', { style: '0.171' });
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.session?.usedPercent, 45);
  const helper = s.entries().find((e) => typeof e.grandchild === 'number')?.grandchild;
  assert.equal(typeof helper, 'number', 'the double started its setsid helper');
  await assertNothingLeft(s);
});

test('a start slower than 8 s is waited for within --timeout; /status typed into the provisional composer is never typed twice', async () => {
  // The double's session starts 8.5 s after its composer is drawn.
  const s = ptyScenario(dir.path, 'slow-start', { style: '0.171', timeoutSeconds: 20 });
  const snapshot = await ptySource.fetch(s.ctx);
  const [session, weekly] = s.resets();
  assert.deepEqual(snapshot.session, { usedPercent: 45, windowMinutes: 300, resetsAt: session });
  assert.deepEqual(snapshot.weekly, { usedPercent: 30, windowMinutes: 10080, resetsAt: weekly });
  const entries = s.entries();
  assert.deepEqual(
    entries.filter((e) => 'typed' in e).map((e) => e.typed),
    ['/status'],
  );
  assert.equal(
    entries.some((e) => 'queuedTwice' in e),
    false,
  );
  await assertNothingLeft(s);
});

test('a login screen stops with not_logged_in and no login is started', async () => {
  const s = ptyScenario(dir.path, 'login');
  const error = await fetchError(s);
  assert.equal(error.code, 'not_logged_in');
  assert.match(error.message, /codex login/);
  const entries = s.entries();
  assert.equal(
    entries.some((e) => 'loginStarted' in e),
    false,
    'Enter was never pressed on the sign-in picker',
  );
  assert.equal(
    entries.some((e) => 'typed' in e),
    false,
  );
  await assertNothingLeft(s);
});

test('an API-key login has no plan limits: not_logged_in with what to do', async () => {
  const s = ptyScenario(dir.path, 'api-key');
  const error = await fetchError(s);
  assert.equal(error.code, 'not_logged_in');
  assert.match(error.message, /API key/);
  await assertNothingLeft(s);
});

test('"not available for this account" is not_supported', async () => {
  const s = ptyScenario(dir.path, 'unavailable');
  const error = await fetchError(s);
  assert.equal(error.code, 'not_supported');
  await assertNothingLeft(s);
});

test('slow start-up and a slowly drawn card are waited for', async () => {
  const s = ptyScenario(dir.path, 'slow');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.session?.usedPercent, 45);
  assert.equal(snapshot.credits?.balance, 38);
  await assertNothingLeft(s);
});

test('output split at arbitrary byte boundaries renders to the same card', async () => {
  const s = ptyScenario(dir.path, 'split');
  const snapshot = await ptySource.fetch(s.ctx);
  const [session, weekly] = s.resets();
  assert.deepEqual(snapshot.session, { usedPercent: 45, windowMinutes: 300, resetsAt: session });
  assert.deepEqual(snapshot.weekly, { usedPercent: 30, windowMinutes: 10080, resetsAt: weekly });
  await assertNothingLeft(s);
});

test('an Enter swallowed as part of a paste is pressed again', async () => {
  const s = ptyScenario(dir.path, 'paste-burst');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.weekly?.usedPercent, 30);
  assert.equal(
    s.entries().some((e) => e.swallowedEnter === true),
    true,
  );
  await assertNothingLeft(s);
});

test('keystrokes ignored while Codex is still busy are typed again', async () => {
  const s = ptyScenario(dir.path, 'late-input');
  const snapshot = await ptySource.fetch(s.ctx);
  assert.equal(snapshot.session?.usedPercent, 45);
  assert.ok(
    s.entries().some((e) => 'ignoredKey' in e),
    'the first /status really was ignored',
  );
  await assertNothingLeft(s);
});

test('a TUI that never answers /status times out within --timeout and is killed', async () => {
  const s = ptyScenario(dir.path, 'no-answer', { timeoutSeconds: 2 });
  const error = await fetchError(s);
  assert.equal(error.code, 'timeout');
  assert.match(error.message, /did not answer \/status within 2 s/);
  await assertNothingLeft(s);
});

test('a silent codex that ignores SIGTERM and has a helper process is killed with its whole group', async () => {
  const s = ptyScenario(dir.path, 'silent', { timeoutSeconds: 1.5 });
  const error = await fetchError(s);
  assert.equal(error.code, 'timeout');
  assert.match(error.message, /printed nothing/);
  assert.ok(
    s.entries().some((e) => typeof e.grandchild === 'number'),
    'the helper was started',
  );
  await assertNothingLeft(s);
});

test('a codex that exits at start-up is a bad_response quoting its last words', async () => {
  const s = ptyScenario(dir.path, 'crash');
  const error = await fetchError(s);
  assert.equal(error.code, 'bad_response');
  assert.match(error.message, /exited \(code 1\).*Error loading config\.toml/);
  await assertNothingLeft(s);
});

test('cancelling the refresh stops the probe and leaves nothing running', async () => {
  const s = ptyScenario(dir.path, 'no-answer');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1500);
  try {
    await ptySource.fetch({ ...s.ctx, signal: controller.signal });
    assert.fail('expected the fetch to be cancelled');
  } catch (error) {
    assert.ok(error instanceof SourceError);
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /cancelled/);
  }
  await assertNothingLeft(s);
});

test('a missing codex binary makes the source unavailable with codex_not_found', async () => {
  const s = ptyScenario(dir.path, 'credits');
  const ctx = { ...s.ctx, codexBinOverride: join(dir.path, 'no-such-codex') };
  const availability = await ptySource.isAvailable(ctx);
  assert.equal(availability.ok, false);
  assert.equal(availability.ok ? null : availability.error.code, 'codex_not_found');
  const onPath = await ptySource.isAvailable({ ...s.ctx, codexBinOverride: undefined, env: { PATH: s.binDir, HOME: s.home } });
  assert.deepEqual(onPath, { ok: true }, 'codex on PATH is found');
});

test('the pty source is the last link: it never asks the chain to fall back', () => {
  for (const code of ['timeout', 'not_supported', 'codex_not_found', 'not_logged_in'] as const) {
    assert.equal(ptySource.shouldFallback(new SourceError(code, 'x')), false);
  }
});
