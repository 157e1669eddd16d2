import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { helperEnv, runHelper } from '../../../../electron/core/web/helper-process.js';
import { isAlive } from '../../../../electron/core/util/process-tree.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';
import { writeFakeTool } from './cookie-fixtures.js';

test('a helper that hangs (a Keychain prompt nobody answers) is stopped at the timeout with its whole tree', async (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const pidFile = join(dir.path, 'pid');
  writeFakeTool(dir.path, 'hang', join(dir.path, 'log'), `echo $$ > '${pidFile}'\nsleep 30 &\nwait`);
  const result = await runHelper('hang', [], { env: { PATH: `${dir.path}:/usr/bin:/bin` }, timeoutMs: 300 });
  assert.equal(result.status, 'timeout');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  assert.equal(isAlive(pid), false, 'the helper and its children are gone');
});

test('a helper that is not installed is reported as missing; output and exit code come back otherwise', async (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  assert.equal((await runHelper('no-such-helper-xyz', [], { env: { PATH: dir.path }, timeoutMs: 2000 })).status, 'missing');
  writeFakeTool(dir.path, 'echoer', join(dir.path, 'log'), `read line; printf 'got:%s' "$line"; exit 3`);
  const result = await runHelper('echoer', [], { env: { PATH: `${dir.path}:/usr/bin:/bin` }, timeoutMs: 2000, input: 'hello\n' });
  assert.deepEqual([result.status, result.code, result.stdout], ['ok', 3, 'got:hello']);
});

test('helpers get only what reaching a keyring needs, never API keys or tokens from the environment', () => {
  const env = helperEnv({ PATH: '/bin', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus', OPENAI_API_KEY: 'sk-x', QUOTABAR_CHATGPT_BASE_URL: 'http://x' });
  assert.deepEqual(env, { PATH: '/bin', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus' });
});
