import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placePopover, trayEdge, type Rect } from '../../../../electron/core/desktop/popover-placement.js';

const win = { width: 360, height: 520 };

/** A 1920×1080 display at (ox, oy) with a panel of `size` px on `edge`. */
function display(edge: 'top' | 'bottom' | 'left' | 'right' | 'none', size = 40, ox = 0, oy = 0) {
  const bounds: Rect = { x: ox, y: oy, width: 1920, height: 1080 };
  const workArea: Rect = { ...bounds };
  if (edge === 'top') Object.assign(workArea, { y: oy + size, height: 1080 - size });
  if (edge === 'bottom') Object.assign(workArea, { height: 1080 - size });
  if (edge === 'left') Object.assign(workArea, { x: ox + size, width: 1920 - size });
  if (edge === 'right') Object.assign(workArea, { width: 1920 - size });
  return { bounds, workArea };
}

test('macOS: the popover drops down below the menu bar icon, centred on it', () => {
  const place = placePopover({ trayBounds: { x: 1500, y: 0, width: 24, height: 24 }, cursor: { x: 1510, y: 10 }, display: display('top', 24), window: win });
  assert.deepEqual(place, { x: 1512 - 180, y: 24 + 6, edge: 'top', anchoredTo: 'tray' });
});

test('Windows: above a bottom taskbar icon, pulled back inside the screen at the right edge', () => {
  const place = placePopover({
    trayBounds: { x: 1860, y: 1044, width: 24, height: 32 },
    cursor: { x: 1870, y: 1060 },
    display: display('bottom', 40),
    window: win,
  });
  assert.equal(place.edge, 'bottom');
  assert.equal(place.y, 1040 - 6 - 520);
  assert.equal(place.x, 1920 - 360 - 6, 'clamped to the work area');
});

test('Windows: beside a taskbar docked on the left or the right', () => {
  const left = placePopover({ trayBounds: { x: 8, y: 900, width: 24, height: 24 }, cursor: { x: 10, y: 910 }, display: display('left', 48), window: win });
  assert.deepEqual([left.edge, left.x], ['left', 48 + 6]);
  assert.equal(left.y, 1080 - 520 - 6, 'clamped to the bottom of the work area');
  const right = placePopover({
    trayBounds: { x: 1880, y: 300, width: 24, height: 24 },
    cursor: { x: 1890, y: 310 },
    display: display('right', 48),
    window: win,
  });
  assert.deepEqual([right.edge, right.x, right.y], ['right', 1872 - 6 - 360, 312 - 260]);
});

test('Linux reports zero tray bounds: the popover opens under the cursor on a top panel', () => {
  const place = placePopover({ trayBounds: { x: 0, y: 0, width: 0, height: 0 }, cursor: { x: 1700, y: 12 }, display: display('top', 32), window: win });
  assert.deepEqual(place, { x: 1700 - 180, y: 32 + 6, edge: 'top', anchoredTo: 'cursor' });
});

test('Linux with a bottom panel (KDE): the popover opens above the cursor, inside the work area', () => {
  const place = placePopover({ trayBounds: null, cursor: { x: 30, y: 1070 }, display: display('bottom', 44), window: win });
  assert.equal(place.anchoredTo, 'cursor');
  assert.equal(place.edge, 'bottom');
  assert.equal(place.y, 1036 - 6 - 520);
  assert.equal(place.x, 6, 'clamped to the left edge');
});

test('a second monitor left of the primary (negative coordinates) keeps the popover on that monitor', () => {
  const d = display('top', 28, -1920, 0);
  const place = placePopover({ trayBounds: null, cursor: { x: -20, y: 5 }, display: d, window: win });
  assert.deepEqual([place.x, place.y], [-360 - 6, 28 + 6]);
  assert.ok(place.x >= d.workArea.x && place.x + win.width <= d.workArea.x + d.workArea.width);
});

test('with an auto-hidden taskbar the icon half of the screen decides the direction', () => {
  assert.equal(trayEdge({ x: 1800, y: 1050, width: 24, height: 24 }, display('none')), 'bottom');
  assert.equal(trayEdge({ x: 1800, y: 4, width: 24, height: 24 }, display('none')), 'top');
});

test('with a top bar and a dock, the panel nearest the icon wins', () => {
  const bounds = { x: 0, y: 0, width: 1920, height: 1080 };
  const both = { bounds, workArea: { x: 64, y: 32, width: 1856, height: 1048 } };
  assert.equal(trayEdge({ x: 1700, y: 4, width: 24, height: 24 }, both), 'top');
  assert.equal(trayEdge({ x: 20, y: 600, width: 24, height: 24 }, both), 'left');
});

test('a popover taller than the work area is pinned to its top', () => {
  const place = placePopover({ trayBounds: null, cursor: { x: 500, y: 10 }, display: display('top', 30), window: { width: 360, height: 2000 } });
  assert.equal(place.y, 30 + 6);
});
