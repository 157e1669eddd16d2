import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../shared/settings-model.js';
import { mergePatch } from '../../shared/settings-patch.js';

test('a patch merges objects key by key, replaces values and arrays whole, and skips undefined', () => {
  const base = { ...defaultSettings(), accounts: [{ id: 'a', label: 'A', codexHome: '/a' }] };
  const merged = mergePatch(base, {
    display: { theme: 'dark' },
    notifications: { session: { levels: [30] } },
    accounts: [{ id: 'b', label: 'B', codexHome: '/b' }],
    launchAtLogin: undefined,
  });
  assert.deepEqual(merged, {
    ...base,
    display: { ...base.display, theme: 'dark' },
    notifications: { ...base.notifications, session: { ...base.notifications.session, levels: [30] } },
    accounts: [{ id: 'b', label: 'B', codexHome: '/b' }],
  });
  assert.deepEqual(base, { ...defaultSettings(), accounts: [{ id: 'a', label: 'A', codexHome: '/a' }] }, 'the base is not changed');
  assert.equal(mergePatch(base, { codexBinaryPath: null }).codexBinaryPath, null, 'null replaces');
});
