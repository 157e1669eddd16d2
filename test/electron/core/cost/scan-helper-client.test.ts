import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helperWorthStarting } from '../../../../electron/core/cost/scan-helper-client.js';

test('a second scan thread starts only with two cores to spare beyond the scanning one', () => {
  assert.equal(helperWorthStarting({ cores: 2, load: 0, forced: undefined }), false, 'two cores, idle');
  assert.equal(helperWorthStarting({ cores: 4, load: 0.5, forced: undefined }), true, 'four cores, nearly idle');
  assert.equal(helperWorthStarting({ cores: 4, load: 2.5, forced: undefined }), false, 'four cores, two and a half busy');
  assert.equal(helperWorthStarting({ cores: 16, load: 3, forced: undefined }), true);
});

test('QUOTABAR_COST_SCAN_THREADS forces one or two threads whatever the machine', () => {
  assert.equal(helperWorthStarting({ cores: 2, load: 9, forced: '2' }), true);
  assert.equal(helperWorthStarting({ cores: 16, load: 0, forced: '1' }), false);
});
