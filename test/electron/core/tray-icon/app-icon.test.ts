import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { APP_ICON_ICO_SIZES, APP_ICON_PNG_SIZES, renderAppIcon } from '../../../../electron/core/tray-icon/app-icon.js';
import { decodeIco, decodePng, encodeIco } from '../../../../electron/core/tray-icon/icon-encoding.js';
import { createImage, pixelAt } from '../../../../electron/core/tray-icon/raster.js';

const resources = fileURLToPath(new URL('../../../../resources/', import.meta.url));
const regenerate = 'run `node --import tsx scripts/generate-app-icons.ts`';

test('the packaged Linux PNGs and the macOS 1024 px icon are what the renderer draws today', () => {
  for (const size of APP_ICON_PNG_SIZES) {
    const file = size === 1024 ? `${resources}icon.png` : `${resources}icons/${size}x${size}.png`;
    const onDisk = decodePng(readFileSync(file));
    const drawn = renderAppIcon(size);
    assert.deepEqual([onDisk.width, onDisk.height], [size, size], file);
    assert.ok(Buffer.from(onDisk.data).equals(Buffer.from(drawn.data)), `${file} is out of date: ${regenerate}`);
  }
});

test('the Windows .ico holds 32-bit PNG images from 16 to 256 px matching the renderer', () => {
  const entries = decodeIco(readFileSync(`${resources}icon.ico`));
  assert.deepEqual(
    entries.map((e) => e.width),
    [...APP_ICON_ICO_SIZES],
  );
  for (const entry of entries) {
    assert.equal(entry.bitsPerPixel, 32);
    assert.equal(entry.width, entry.height);
    const image = decodePng(entry.png);
    assert.equal(image.width, entry.width);
    assert.ok(Buffer.from(image.data).equals(Buffer.from(renderAppIcon(entry.width).data)), `icon.ico ${entry.width} px is out of date: ${regenerate}`);
  }
});

test('an .ico directory stores 256 px as 0 and points at each PNG', () => {
  const bytes = encodeIco([createImage(16, 16), createImage(256, 256)]);
  assert.equal(bytes.readUInt16LE(2), 1);
  assert.equal(bytes.readUInt16LE(4), 2);
  assert.equal(bytes.readUInt8(6 + 16), 0, '256 is written as 0');
  assert.equal(bytes.readUInt32LE(6 + 12), 6 + 32, 'the first image follows the directory');
  assert.deepEqual(
    decodeIco(bytes).map((e) => e.width),
    [16, 256],
  );
  assert.throws(() => encodeIco([createImage(512, 512)]), /at most 256/);
  assert.throws(() => encodeIco([]), /at least one/);
  assert.throws(() => decodeIco(Buffer.from('not an icon')), /not an \.ico/);
  assert.throws(() => decodeIco(bytes.subarray(0, 40)), /truncated/);
});

test('the app icon is an opaque tile with a green session bar above a blue weekly bar', () => {
  const icon = renderAppIcon(256);
  const centre = pixelAt(icon, 128, 128);
  assert.equal(centre.a, 1);
  const tileCorner = pixelAt(icon, 2, 2);
  assert.ok(tileCorner.a < 0.5, 'rounded, transparent corners');
  const sessionPixel = pixelAt(icon, 70, 100);
  const weeklyPixel = pixelAt(icon, 70, 160);
  assert.ok(sessionPixel.g > 150 && sessionPixel.r < 100, `green session bar, got ${JSON.stringify(sessionPixel)}`);
  assert.ok(weeklyPixel.b > 200 && weeklyPixel.r < 120, `blue weekly bar, got ${JSON.stringify(weeklyPixel)}`);
});
