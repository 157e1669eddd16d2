import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenuTemplate, trayMenuStrategy } from '../../../electron/shell/tray-menu.js';

function actions() {
  const called: string[] = [];
  return {
    called,
    actions: {
      openPopover: () => called.push('open'),
      refreshNow: () => called.push('refresh'),
      openPreferences: () => called.push('preferences'),
      quit: () => called.push('quit'),
    },
  };
}

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

test('the menu opens the popover, shows the status, refreshes, opens preferences and quits', () => {
  const { actions: a, called } = actions();
  const template = buildTrayMenuTemplate(
    { platform: 'linux', summary: ['Session 72% left · resets in 2h 5m', 'Weekly 41% left · resets Fri 09:00'], refreshing: false },
    a,
  );
  const labels = template.map((i) => (i.type === 'separator' ? '---' : i.label));
  assert.deepEqual(labels, [
    'Open QuotaBar',
    '---',
    'Session 72% left · resets in 2h 5m',
    'Weekly 41% left · resets Fri 09:00',
    '---',
    'Refresh now',
    'Preferences…',
    '---',
    'Quit QuotaBar',
  ]);
  assert.ok(
    template.filter((i) => i.label?.startsWith('Session') || i.label?.startsWith('Weekly')).every((i) => i.enabled === false),
    'status lines are not clickable',
  );
  for (const id of ['open', 'refresh', 'preferences', 'quit']) click(template.find((i) => i.id === id));
  assert.deepEqual(called, ['open', 'refresh', 'preferences', 'quit']);
});

test('while a refresh runs, "Refresh now" is greyed out and says so', () => {
  const { actions: a } = actions();
  const refresh = buildTrayMenuTemplate({ platform: 'win32', summary: [], refreshing: true }, a).find((i) => i.id === 'refresh');
  assert.deepEqual([refresh?.label, refresh?.enabled], ['Refreshing…', false]);
});

test('macOS gets its own wording and shortcuts; no status block when there is nothing to say', () => {
  const { actions: a } = actions();
  const template = buildTrayMenuTemplate({ platform: 'darwin', summary: [' '], refreshing: false }, a);
  assert.equal(template.find((i) => i.id === 'preferences')?.label, 'Settings…');
  assert.equal(template.find((i) => i.id === 'quit')?.accelerator, 'Command+Q');
  assert.equal(template.filter((i) => i.type === 'separator').length, 2);
});

test('Linux and Windows attach the menu to the icon; macOS pops it up on right-click', () => {
  assert.equal(trayMenuStrategy('linux'), 'set-context-menu');
  assert.equal(trayMenuStrategy('win32'), 'set-context-menu');
  assert.equal(trayMenuStrategy('darwin'), 'popup-on-right-click');
});
