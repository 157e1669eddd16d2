// The application icon (installer, dock, task manager): the tray glyph's two bars on a dark tile.
import { createImage, fill, rgba, roundedRect, type RgbaImage } from './raster.js';

const TILE = rgba('#1f2328');
const TRACK = rgba('#ffffff', 0.18);
const SESSION = rgba('#2da44e');
const WEEKLY = rgba('#58a6ff');

/** Sizes packaged into resources/: Linux wants a set of NxN PNGs, Windows an .ico up to 256, macOS a 1024 PNG. */
export const APP_ICON_PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const APP_ICON_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export function renderAppIcon(pixels: number): RgbaImage {
  const image = createImage(pixels, pixels);
  // Small sizes lose the tile's margin so the bars stay legible at 16 px.
  const pad = pixels <= 32 ? 0 : pixels * 0.06;
  const side = pixels - 2 * pad;
  fill(image, roundedRect({ x: pad, y: pad, width: side, height: side }, side * 0.22), TILE);
  // Whole-pixel geometry at small sizes keeps the bars' edges sharp instead of smeared.
  const snap = (v: number) => (pixels <= 64 ? Math.round(v) : v);
  const x = snap(pad + side * 0.16);
  const width = snap(side * 0.68);
  const sessionHeight = snap(side * 0.22);
  const weeklyHeight = snap(side * 0.15);
  const gap = snap(side * 0.09);
  const top = snap(pad + (side - sessionHeight - gap - weeklyHeight) / 2);
  const bar = (y: number, height: number, percent: number, color: typeof SESSION) => {
    fill(image, roundedRect({ x, y, width, height }, height / 2), TRACK);
    fill(image, roundedRect({ x, y, width: Math.max(height, snap((width * percent) / 100)), height }, height / 2), color);
  };
  bar(top, sessionHeight, 72, SESSION);
  bar(top + sessionHeight + gap, weeklyHeight, 45, WEEKLY);
  return image;
}
