import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAccount, parseBinaryPath, parseThresholdLevels } from '../../../renderer/preferences/validation.js';

test('threshold levels are whole percents 1–99, sorted highest first, without repeats', () => {
  assert.deepEqual(parseThresholdLevels('20, 50'), { ok: true, value: [50, 20] });
  assert.deepEqual(parseThresholdLevels(' 10 30% 30 '), { ok: true, value: [30, 10] });
  for (const bad of ['', '0', '100', '12.5', 'fifty', '1,2,3,4,5,6']) assert.equal(parseThresholdLevels(bad).ok, false, bad);
  const r = parseThresholdLevels('50, 150');
  assert.ok(!r.ok && r.error.includes('"150"'));
});

test('the Codex binary is empty (find it) or a full path', () => {
  assert.deepEqual(parseBinaryPath('  '), { ok: true, value: null });
  assert.deepEqual(parseBinaryPath('/usr/local/bin/codex'), { ok: true, value: '/usr/local/bin/codex' });
  assert.deepEqual(parseBinaryPath('C:\\Tools\\codex.cmd'), { ok: true, value: 'C:\\Tools\\codex.cmd' });
  assert.equal(parseBinaryPath('codex').ok, false);
  assert.equal(parseBinaryPath('./codex').ok, false);
});

test('an account needs a name and a full Codex home path not already used', () => {
  assert.deepEqual(parseAccount(' Work ', '/home/me/.codex-work', []), { ok: true, value: { label: 'Work', codexHome: '/home/me/.codex-work' } });
  assert.equal(parseAccount('Work', '~/.codex-work', []).ok, false, 'the settings file stores absolute paths only');
  assert.equal(parseAccount('', '/x', []).ok, false);
  assert.equal(parseAccount('Work', 'relative/dir', []).ok, false);
  assert.equal(parseAccount('Work', '/home/me/.codex', ['/home/me/.codex']).ok, false);
});
