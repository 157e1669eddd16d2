import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codexInvocation, minimalChildEnv, resolveCodexBinary } from '../../../../electron/core/codex/codex-binary.js';
import { SourceError } from '../../../../electron/core/util/source-error.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';

function executable(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

test('--codex-bin wins over $CODEX_CLI_PATH, which wins over PATH', () => {
  const dir = tempDir();
  try {
    const onPath = executable(join(dir.path, 'path', 'codex'));
    const viaEnv = executable(join(dir.path, 'env', 'codex'));
    const viaFlag = executable(join(dir.path, 'flag', 'codex'));
    const env = { PATH: join(dir.path, 'path'), HOME: dir.path };
    assert.equal(resolveCodexBinary({ override: undefined, env }), onPath);
    assert.equal(resolveCodexBinary({ override: undefined, env: { ...env, CODEX_CLI_PATH: viaEnv } }), viaEnv);
    assert.equal(resolveCodexBinary({ override: viaFlag, env: { ...env, CODEX_CLI_PATH: viaEnv } }), viaFlag);
  } finally {
    dir.cleanup();
  }
});

test('the usual install places are searched after PATH, and a non-executable file is skipped', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir.path, 'codex'), 'not executable');
    const local = executable(join(dir.path, '.local', 'bin', 'codex'));
    assert.equal(resolveCodexBinary({ override: undefined, env: { PATH: dir.path, HOME: dir.path }, platform: 'linux' }), local);
  } finally {
    dir.cleanup();
  }
});

test('a missing binary is codex_not_found with the install command', () => {
  assert.throws(
    () => resolveCodexBinary({ override: '/nope/codex', env: {} }),
    (e: unknown) => e instanceof SourceError && e.code === 'codex_not_found' && /\/nope\/codex/.test(e.message),
  );
  assert.throws(
    () => resolveCodexBinary({ override: undefined, env: { PATH: '/nonexistent', HOME: '/nonexistent' } }),
    (e: unknown) => e instanceof SourceError && e.code === 'codex_not_found' && /npm i -g @openai\/codex/.test(e.message),
  );
});

test('an npm .cmd shim on Windows is started through cmd.exe with quoted arguments', () => {
  const inv = codexInvocation('C:\\Users\\me\\AppData\\Roaming\\npm\\codex.cmd', ['app-server'], { ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, 'win32');
  assert.equal(inv.command, 'C:\\Windows\\system32\\cmd.exe');
  assert.deepEqual(inv.args, ['/d', '/s', '/c', '""C:\\Users\\me\\AppData\\Roaming\\npm\\codex.cmd" "app-server""']);
  assert.equal(inv.windowsVerbatimArguments, true);
  assert.deepEqual(codexInvocation('/usr/bin/codex', ['app-server'], {}, 'linux'), {
    command: '/usr/bin/codex',
    args: ['app-server'],
    windowsVerbatimArguments: false,
  });
});

test('the child environment keeps PATH and HOME but never API keys', () => {
  const env = minimalChildEnv(
    { PATH: '/bin', HOME: '/home/me', LC_ALL: 'C', OPENAI_API_KEY: 'sk-x', CODEX_API_KEY: 'sk-y', AWS_SECRET_ACCESS_KEY: 'z' },
    '/home/me/.codex',
  );
  assert.deepEqual(env, { PATH: '/bin', HOME: '/home/me', LC_ALL: 'C', CODEX_HOME: '/home/me/.codex' });
});
