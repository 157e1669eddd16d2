import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodePng } from '../../../../electron/core/tray-icon/icon-encoding.js';
import { createImage, fill, pixelAt, rgba, roundedRect, scaleNearest, type RgbaImage } from '../../../../electron/core/tray-icon/raster.js';
import { fillPixels, renderTrayIcon, trayIconLayout } from '../../../../electron/core/tray-icon/tray-icon-renderer.js';
import type { TrayIconState } from '../../../../electron/core/tray-icon/tray-icon-state.js';
import { ALL_TRAY_ICON_TARGETS, trayIconVariant } from '../../../../electron/core/tray-icon/tray-icon-variants.js';
import { trayIconImages } from '../../../../electron/core/tray-icon/tray-icon-images.js';
import {
  DARK_TRAYS,
  LIGHT_TRAYS,
  contrast,
  gallery,
  isGreen,
  isRed,
  opaqueBands,
  row,
  saturation,
  tintTemplate,
  visibleBounds,
  writeArtifact,
} from './icon-test-support.js';

const base: TrayIconState = { sessionRemaining: 72, weeklyRemaining: 41, sessionBlocked: false, dimmed: false, fillShows: 'remaining' };

/** Every state a person can see, named for the artifact files. */
const STATES: Record<string, TrayIconState> = {
  'normal-72-41': base,
  'used-mode-72-41': { ...base, fillShows: 'used' },
  'full-100-100': { ...base, sessionRemaining: 100, weeklyRemaining: 100 },
  'low-18-60': { ...base, sessionRemaining: 18, weeklyRemaining: 60 },
  'critical-5-8': { ...base, sessionRemaining: 5, weeklyRemaining: 8 },
  'sliver-0.5-30': { ...base, sessionRemaining: 0.5, weeklyRemaining: 30 },
  'session-empty-0-30': { ...base, sessionRemaining: 0, weeklyRemaining: 30 },
  'weekly-exhausted-80-0': { ...base, sessionRemaining: 80, weeklyRemaining: 0, sessionBlocked: true },
  'stale-72-41': { ...base, dimmed: true },
  'failed-weekly-exhausted': { ...base, sessionRemaining: 80, weeklyRemaining: 0, sessionBlocked: true, dimmed: true },
  'weekly-missing-55': { ...base, sessionRemaining: 55, weeklyRemaining: null },
  'no-data': { ...base, sessionRemaining: null, weeklyRemaining: null },
  'no-data-failed': { ...base, sessionRemaining: null, weeklyRemaining: null, dimmed: true },
};

function middleRow(image: RgbaImage, which: 'session' | 'weekly') {
  const bar = trayIconLayout(image.width)[which];
  return row(image, bar.inner.y + Math.floor(bar.inner.height / 2), bar.inner.x, bar.inner.width);
}

test('every state is written as a PNG at every OS size, and the files read back pixel for pixel', () => {
  const lightRows: RgbaImage[][] = [];
  const darkRows: RgbaImage[][] = [];
  for (const [name, state] of Object.entries(STATES)) {
    const lightIcons: RgbaImage[] = [];
    const darkIcons: RgbaImage[] = [];
    for (const target of ALL_TRAY_ICON_TARGETS) {
      const image = renderTrayIcon(state, target.pixels, target.style);
      assert.equal(image.width, target.pixels);
      assert.equal(image.height, target.pixels);
      const path = writeArtifact(`${name}-${target.platform}-${target.pixels}.png`, image);
      writeArtifact(`${name}-${target.platform}-${target.pixels}-x8.png`, scaleNearest(image, 8));
      const back = decodePng(readFileSync(path));
      assert.deepEqual([back.width, back.height], [image.width, image.height]);
      assert.deepEqual(Buffer.from(back.data), Buffer.from(image.data));
      lightIcons.push(image);
      // A dark menu bar paints template images white.
      darkIcons.push(target.style === 'template' ? tintTemplate(image, { r: 255, g: 255, b: 255, a: 1 }) : image);
    }
    lightRows.push(lightIcons);
    darkRows.push(darkIcons);
  }
  // One sheet per background (rows: STATES in order; columns: win 16/32, linux 22/44, mac 18/36).
  writeArtifact('gallery-light.png', gallery(lightRows, LIGHT_TRAYS[0]!));
  writeArtifact('gallery-dark.png', gallery(darkRows, DARK_TRAYS[0]!));
});

test('each OS gets its sizes: 16/32 px coloured on Windows, 22/44 px coloured on Linux, 18/36 px template on macOS', () => {
  assert.deepEqual(trayIconVariant('win32'), {
    points: 16,
    scales: [
      { scaleFactor: 1, pixels: 16 },
      { scaleFactor: 2, pixels: 32 },
    ],
    style: 'color',
  });
  assert.deepEqual(
    trayIconVariant('linux').scales.map((s) => s.pixels),
    [22, 44],
  );
  assert.equal(trayIconVariant('linux').style, 'color');
  assert.deepEqual(
    trayIconVariant('darwin').scales.map((s) => s.pixels),
    [18, 36],
  );
  assert.equal(trayIconVariant('darwin').style, 'template');
  const images = trayIconImages(base, 'darwin');
  assert.equal(images.template, true);
  assert.deepEqual(
    images.representations.map((r) => [r.scaleFactor, decodePng(r.png).width]),
    [
      [1, 18],
      [2, 36],
    ],
  );
});

test('the session bar sits above the weekly bar and is thicker, at every size', () => {
  for (const target of ALL_TRAY_ICON_TARGETS) {
    const bands = opaqueBands(renderTrayIcon(base, target.pixels, target.style));
    assert.equal(bands.length, 2, `two separate bars at ${target.pixels} px`);
    const [session, weekly] = bands as [{ top: number; height: number }, { top: number; height: number }];
    assert.ok(session.top < weekly.top);
    assert.ok(session.height > weekly.height, `session ${session.height} px vs weekly ${weekly.height} px at ${target.pixels} px`);
    assert.ok(weekly.top + weekly.height <= target.pixels);
  }
});

test('the fill shows what is left by default and what is used when the setting flips it', () => {
  for (const pixels of [16, 22, 32, 44]) {
    const width = trayIconLayout(pixels).session.inner.width;
    const remaining = middleRow(renderTrayIcon(base, pixels, 'color'), 'session').filter(isGreen).length;
    const used = middleRow(renderTrayIcon({ ...base, fillShows: 'used' }, pixels, 'color'), 'session').filter(isGreen).length;
    assert.equal(remaining, fillPixels(72, width));
    assert.equal(used, fillPixels(28, width));
    assert.ok(Math.abs(remaining / width - 0.72) <= 1 / width + 1e-9, `${remaining}/${width} px ≈ 72 %`);
    assert.ok(remaining > used);
    // The fill starts at the left end.
    assert.ok(isGreen(middleRow(renderTrayIcon(base, pixels, 'color'), 'session')[0]!));
  }
});

test('a sliver left still shows one pixel and 99.5 % is not drawn as full', () => {
  assert.equal(fillPixels(0.5, 14), 1);
  assert.equal(fillPixels(99.5, 14), 13);
  assert.equal(fillPixels(0, 14), 0);
  assert.equal(fillPixels(100, 14), 14);
  assert.equal(fillPixels(-5, 14), 0);
  assert.equal(fillPixels(250, 14), 14);
  const sliver = middleRow(renderTrayIcon({ ...base, sessionRemaining: 0.5 }, 16, 'color'), 'session');
  assert.equal(sliver.filter((p) => p.r > 150 && p.g < 120).length, 1, 'one red pixel for a critical sliver');
});

test('the fill colour warns as the quota runs low', () => {
  const color = (remaining: number) => middleRow(renderTrayIcon({ ...base, sessionRemaining: remaining }, 22, 'color'), 'session')[0]!;
  assert.ok(isGreen(color(72)));
  const low = color(18);
  assert.ok(low.r > 180 && low.g > 130 && low.b < 90, 'amber at 18 % left');
  assert.ok(isRed(color(5)), 'red at 5 % left');
});

test('stale or failed data is drawn dimmed: grey fill, fainter outline and track', () => {
  for (const pixels of [16, 22, 44]) {
    const normal = renderTrayIcon(base, pixels, 'color');
    const dimmed = renderTrayIcon({ ...base, dimmed: true }, pixels, 'color');
    const n = middleRow(normal, 'session')[0]!;
    const d = middleRow(dimmed, 'session')[0]!;
    assert.ok(saturation(n) > 0.5 && saturation(d) < 0.2, `saturated ${saturation(n)} → grey ${saturation(d)}`);
    const outline = trayIconLayout(pixels).session.outer;
    const mid = outline.x + Math.floor(outline.width / 2);
    assert.ok(pixelAt(dimmed, mid, outline.y).a < pixelAt(normal, mid, outline.y).a);
    // The same amount is still shown.
    assert.equal(middleRow(dimmed, 'session').filter((p) => saturation(p) < 0.2 && p.r < 140).length, middleRow(normal, 'session').filter(isGreen).length);
  }
  for (const pixels of [18, 36]) {
    const n = middleRow(renderTrayIcon(base, pixels, 'template'), 'session')[0]!;
    const d = middleRow(renderTrayIcon({ ...base, dimmed: true }, pixels, 'template'), 'session')[0]!;
    assert.ok(d.a < n.a * 0.7, `template fill alpha ${n.a} → ${d.a}`);
  }
});

test('when the weekly limit is exhausted the session bar is hatched as unusable, whatever it says', () => {
  for (const target of ALL_TRAY_ICON_TARGETS) {
    const image = renderTrayIcon({ ...base, sessionRemaining: 80, weeklyRemaining: 0, sessionBlocked: true }, target.pixels, target.style);
    const mid = middleRow(image, 'session');
    if (target.style === 'color') {
      assert.equal(mid.filter(isGreen).length, 0, 'no "80 % left" fill');
      assert.ok(mid.filter(isRed).length >= 2);
    }
    // Stripes: the row alternates between strong and faint pixels several times.
    const strong = mid.map((p) => (target.style === 'color' ? isRed(p) : p.a > 0.7));
    const changes = strong.slice(1).filter((v, i) => v !== strong[i]).length;
    assert.ok(changes >= 3, `${changes} stripe edges at ${target.pixels} px`);
    // The weekly bar below is empty.
    assert.equal(middleRow(image, 'weekly').filter(isGreen).length, 0);
  }
});

test('a missing weekly window leaves an empty, faint track rather than a guess', () => {
  const image = renderTrayIcon({ ...base, weeklyRemaining: null }, 22, 'color');
  const weekly = middleRow(image, 'weekly');
  assert.ok(weekly.every((p) => p.a < 0.5 && !isGreen(p)));
  const present = middleRow(renderTrayIcon({ ...base, weeklyRemaining: 0 }, 22, 'color'), 'weekly');
  assert.ok(weekly[0]!.a < present[0]!.a);
});

test('the macOS template is black with alpha only', () => {
  for (const state of Object.values(STATES)) {
    for (const pixels of [18, 36]) {
      const image = renderTrayIcon(state, pixels, 'template');
      for (let i = 0; i < image.data.length; i += 4) {
        assert.deepEqual([image.data[i], image.data[i + 1], image.data[i + 2]], [0, 0, 0]);
      }
    }
  }
});

test('the coloured bars stand out from light and dark trays alike', () => {
  const visibleStates = Object.entries(STATES).filter(([name]) => !name.startsWith('no-data'));
  for (const [name, state] of visibleStates) {
    for (const pixels of [16, 22, 32, 44]) {
      const image = renderTrayIcon(state, pixels, 'color');
      const layout = trayIconLayout(pixels);
      for (const background of [...LIGHT_TRAYS, ...DARK_TRAYS]) {
        for (const which of ['session', 'weekly'] as const) {
          if (which === 'weekly' && state.weeklyRemaining === null) continue;
          const bar = layout[which].outer;
          const region = { x: 0, y: bar.y, width: pixels, height: bar.height };
          const seen = visibleBounds(image, background, region);
          const where = `${name} ${which} at ${pixels} px on rgb(${background.r},${background.g},${background.b})`;
          assert.ok(seen !== null, `${where}: nothing visible`);
          const slack = 2 * layout[which].stroke; // a dark outline may vanish on a dark tray; the light track inside it may not
          assert.ok(
            seen.width >= bar.width - slack && seen.height >= bar.height - slack,
            `${where}: only ${seen.width}×${seen.height} of ${bar.width}×${bar.height} visible`,
          );
        }
        // How much is filled can be told apart from the empty track.
        if (!state.sessionBlocked && state.sessionRemaining !== null && state.sessionRemaining > 5 && state.sessionRemaining < 95) {
          const flat = middleRow(image, 'session');
          const filled = flat[0]!;
          const empty = flat[flat.length - 1]!;
          const on = (p: typeof filled) => ({
            r: (p.r * p.a + background.r * (1 - p.a)) | 0,
            g: (p.g * p.a + background.g * (1 - p.a)) | 0,
            b: (p.b * p.a + background.b * (1 - p.a)) | 0,
            a: 1,
          });
          assert.ok(contrast(on(filled), on(empty)) >= 1.5, `${name} fill vs track at ${pixels} px`);
        }
      }
    }
  }
});

test('the visibility check rejects a white-only glyph on a light tray (why the icon is outlined)', () => {
  const glyph = createImage(16, 16);
  fill(glyph, roundedRect({ x: 1, y: 1, width: 14, height: 7 }, 2), rgba('#ffffff'));
  const region = { x: 0, y: 1, width: 16, height: 7 };
  assert.equal(visibleBounds(glyph, LIGHT_TRAYS[0]!, region), null);
  assert.notEqual(visibleBounds(glyph, DARK_TRAYS[0]!, region), null);
});
