import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpretAuth, readCodexAuth } from '../../../../electron/core/auth/codex-auth.js';
import { makeFifo } from '../../../helpers/fifo.js';
import { makeJwt, tempDir, writeApiKeyAuth, writeChatgptAuth } from '../../../helpers/codex-home-fixture.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');
const nowSec = NOW.getTime() / 1000;

test('a snake_case auth.json yields the token, account id and identity from the id_token claims', async () => {
  const dir = tempDir();
  try {
    const written = writeChatgptAuth(dir.path, { email: 'me@example.com', plan: 'pro', exp: nowSec + 3600 });
    const auth = await readCodexAuth(dir.path, NOW);
    assert.deepEqual(auth, { kind: 'chatgpt', accessToken: written.accessToken, accountId: 'acc-123', email: 'me@example.com', plan: 'pro', stale: false });
  } finally {
    dir.cleanup();
  }
});

test('camelCase token keys are read like snake_case ones', async () => {
  const dir = tempDir();
  try {
    const written = writeChatgptAuth(dir.path, { casing: 'camel', exp: nowSec + 3600 });
    const auth = await readCodexAuth(dir.path, NOW);
    assert.equal(auth.kind, 'chatgpt');
    assert.equal(auth.kind === 'chatgpt' && auth.accessToken, written.accessToken);
    assert.equal(auth.kind === 'chatgpt' && auth.accountId, 'acc-123');
  } finally {
    dir.cleanup();
  }
});

test('the account id comes from the chatgpt_account_id claim when tokens lack account_id', async () => {
  const dir = tempDir();
  try {
    writeChatgptAuth(dir.path, { accountId: 'claim-acc', accountIdInClaimsOnly: true, exp: nowSec + 3600 });
    const auth = await readCodexAuth(dir.path, NOW);
    assert.equal(auth.kind === 'chatgpt' && auth.accountId, 'claim-acc');
  } finally {
    dir.cleanup();
  }
});

test('email falls back to the profile claim and then to the access token', () => {
  const idToken = makeJwt({ 'https://api.openai.com/profile': { email: 'profile@example.com' } });
  const accessToken = makeJwt({ email: 'access@example.com', 'https://api.openai.com/auth': { chatgpt_plan_type: 'team' }, exp: nowSec + 3600 });
  const auth = interpretAuth({ tokens: { id_token: idToken, access_token: accessToken } }, NOW);
  assert.equal(auth.kind === 'chatgpt' && auth.email, 'profile@example.com');
  assert.equal(auth.kind === 'chatgpt' && auth.plan, 'team');
  const auth2 = interpretAuth({ tokens: { id_token: 'not-a-jwt', access_token: accessToken } }, NOW);
  assert.equal(auth2.kind === 'chatgpt' && auth2.email, 'access@example.com');
});

test('an access token expiring within five minutes is stale, one expiring later is not', () => {
  const at = (exp: number) => interpretAuth({ tokens: { access_token: makeJwt({ exp }) } }, NOW);
  const soon = at(nowSec + 299);
  assert.equal(soon.kind === 'chatgpt' && soon.stale, true);
  const later = at(nowSec + 301);
  assert.equal(later.kind === 'chatgpt' && later.stale, false);
});

test('without exp, a last_refresh older than eight days is stale and a recent one is not', () => {
  const token = 'opaque-access-token-value';
  const old = interpretAuth({ tokens: { access_token: token }, last_refresh: '2026-11-13T18:59:00.123456789Z' }, NOW);
  const recent = interpretAuth({ tokens: { access_token: token }, last_refresh: '2026-11-14T19:01:00Z' }, NOW);
  const none = interpretAuth({ tokens: { access_token: token } }, NOW);
  assert.equal(old.kind === 'chatgpt' && old.stale, true);
  assert.equal(recent.kind === 'chatgpt' && recent.stale, false);
  assert.equal(none.kind === 'chatgpt' && none.stale, true);
});

test('an API-key login is recognised by auth_mode or by a key without tokens', async () => {
  const dir = tempDir();
  try {
    writeApiKeyAuth(dir.path, 'sk-proj-0123456789abcdef');
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'apiKey' });
  } finally {
    dir.cleanup();
  }
  assert.deepEqual(interpretAuth({ OPENAI_API_KEY: 'sk-abcdefghijkl' }, NOW), { kind: 'apiKey' });
  // A ChatGPT login also stores an exchanged key: auth_mode decides.
  const chat = interpretAuth({ auth_mode: 'chatgpt', OPENAI_API_KEY: 'sk-exchanged-key', tokens: { access_token: makeJwt({ exp: nowSec + 3600 }) } }, NOW);
  assert.equal(chat.kind, 'chatgpt');
});

test('a missing file, bad JSON and a file without tokens are told apart', async () => {
  const dir = tempDir();
  try {
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'missing' });
    writeFileSync(join(dir.path, 'auth.json'), '{"tokens": {"access_token": ');
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'unreadable', reason: 'it is not valid JSON' });
    writeFileSync(join(dir.path, 'auth.json'), '{"tokens": {}}');
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'unreadable', reason: 'it holds no access token' });
  } finally {
    dir.cleanup();
  }
});

test('a FIFO, a device or a 2 MiB file as auth.json is unusable at once, and says to let `codex login` write a real one', async () => {
  const dir = tempDir();
  let fifo: { dispose(): void } | undefined;
  try {
    const path = join(dir.path, 'auth.json');
    const fix = 'Replace it with the file `codex login` writes: remove it, then run `codex login`.';
    fifo = makeFifo(path);
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'unreadable', reason: 'it is a FIFO (named pipe), not a regular file', fix });
    renameSync(path, join(dir.path, 'old-fifo'));
    symlinkSync('/dev/zero', path);
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'unreadable', reason: 'it is a character device, not a regular file', fix });
    renameSync(path, join(dir.path, 'old-link'));
    writeFileSync(path, Buffer.alloc(2 * 1024 * 1024, 0x20));
    assert.deepEqual(await readCodexAuth(dir.path, NOW), { kind: 'unreadable', reason: 'it is larger than 1 MiB', fix });
  } finally {
    fifo?.dispose();
    dir.cleanup();
  }
});

test('a symlinked auth.json (a common setup) is read like the file itself', async () => {
  const dir = tempDir();
  try {
    const written = writeChatgptAuth(join(dir.path, 'real'), { email: 'me@example.com', plan: 'pro', exp: nowSec + 3600 });
    symlinkSync(written.path, join(dir.path, 'auth.json'));
    const auth = await readCodexAuth(dir.path, NOW);
    assert.equal(auth.kind, 'chatgpt');
  } finally {
    dir.cleanup();
  }
});
