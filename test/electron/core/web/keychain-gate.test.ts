import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KeychainGate } from '../../../../electron/core/web/keychain-gate.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';

const T0 = new Date('2026-11-21T10:00:00.000Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

test('background checks are refused; interactive ones allowed until a denial, which lasts six hours', () => {
  const gate = new KeychainGate(null);
  assert.deepEqual(gate.check('k', false, T0), { allowed: false, why: 'background' });
  assert.deepEqual(gate.check('k', true, T0), { allowed: true });
  gate.recordDenial('k', T0);
  assert.equal(gate.check('k', true, hours(5.9)).allowed, false);
  assert.deepEqual(gate.check('k', true, hours(6.1)), { allowed: true });
  assert.deepEqual(gate.check('other', true, T0), { allowed: true });
});

test('denials survive a restart through the state file; a success clears them; a damaged file is ignored', (t) => {
  const dir = tempDir();
  t.after(dir.cleanup);
  const file = join(dir.path, 'nested', 'web-keychain-access.json');
  new KeychainGate(file).recordDenial('mac-keychain:Chrome Safe Storage', T0);
  assert.match(readFileSync(file, 'utf8'), /"mac-keychain:Chrome Safe Storage": "2026-11-21T16:00:00.000Z"/);
  const restarted = new KeychainGate(file);
  assert.equal(restarted.check('mac-keychain:Chrome Safe Storage', true, hours(1)).allowed, false);
  restarted.recordSuccess('mac-keychain:Chrome Safe Storage', hours(7));
  assert.equal(new KeychainGate(file).check('mac-keychain:Chrome Safe Storage', true, hours(1)).allowed, true);
  writeFileSync(file, '{not json');
  assert.deepEqual(new KeychainGate(file).check('x', true, T0), { allowed: true });
});
