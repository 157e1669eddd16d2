// Pixel helpers for the icon tests: contrast as WCAG defines it, and PNG output for looking at icons.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../../../../electron/core/tray-icon/icon-encoding.js';
import { createImage, flattenOnto, pixelAt, scaleNearest, type Rect, type Rgba, type RgbaImage } from '../../../../electron/core/tray-icon/raster.js';

export const ARTIFACTS = fileURLToPath(new URL('../../../artifacts/tray-icon/', import.meta.url));

/** Tray backgrounds seen in the wild: Windows 11 light and dark taskbars, GNOME's black bar, a white panel. */
export const LIGHT_TRAYS: Rgba[] = [
  { r: 0xf3, g: 0xf3, b: 0xf3, a: 1 },
  { r: 0xff, g: 0xff, b: 0xff, a: 1 },
];
export const DARK_TRAYS: Rgba[] = [
  { r: 0x20, g: 0x20, b: 0x20, a: 1 },
  { r: 0x00, g: 0x00, b: 0x00, a: 1 },
];

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(c: Rgba): number {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

export function contrast(a: Rgba, b: Rgba): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The bounding box of the pixels that stand out from the background by at least `ratio` (WCAG 3:1 for graphics). */
export function visibleBounds(image: RgbaImage, background: Rgba, region: Rect, ratio = 3): Rect | null {
  const flat = flattenOnto(image, background);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      if (contrast(pixelAt(flat, x, y), background) >= ratio) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x0 === Infinity ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Rows that hold any visible pixel, grouped into contiguous bands (top to bottom). */
export function opaqueBands(image: RgbaImage): Array<{ top: number; height: number }> {
  const bands: Array<{ top: number; height: number }> = [];
  let current: { top: number; height: number } | null = null;
  for (let y = 0; y < image.height; y++) {
    let any = false;
    for (let x = 0; x < image.width; x++) if (pixelAt(image, x, y).a > 0.05) any = true;
    if (any) {
      if (current === null) {
        current = { top: y, height: 0 };
        bands.push(current);
      }
      current.height++;
    } else current = null;
  }
  return bands;
}

export function row(image: RgbaImage, y: number, x0: number, width: number): Rgba[] {
  return Array.from({ length: width }, (_, i) => pixelAt(image, x0 + i, y));
}

export function isGreen(p: Rgba): boolean {
  return p.a > 0.9 && p.g > 130 && p.r < 100 && p.b < 110;
}

export function isRed(p: Rgba): boolean {
  return p.a > 0.5 && p.r > 170 && p.g < 90 && p.b < 90;
}

export function saturation(p: Rgba): number {
  const max = Math.max(p.r, p.g, p.b);
  const min = Math.min(p.r, p.g, p.b);
  return max === 0 ? 0 : (max - min) / max;
}

export function writeArtifact(name: string, image: RgbaImage): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  writeFileSync(path, encodePng(image));
  return path;
}

/** Copies `src` into `dst` at (x, y). */
export function blit(dst: RgbaImage, src: RgbaImage, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    const si = sy * src.width * 4;
    dst.data.set(src.data.subarray(si, si + src.width * 4), ((y + sy) * dst.width + x) * 4);
  }
}

/** A grid of icons flattened onto `background`, each enlarged to about `cell` pixels, for a person to look at. */
export function gallery(rows: RgbaImage[][], background: Rgba, cell = 176, gap = 12): RgbaImage {
  const columns = Math.max(...rows.map((r) => r.length));
  const out = createImage(gap + columns * (cell + gap), gap + rows.length * (cell + gap));
  const bg = flattenOnto(createImage(out.width, out.height), background);
  out.data.set(bg.data);
  rows.forEach((icons, r) => {
    icons.forEach((icon, c) => {
      const factor = Math.max(1, Math.floor(cell / icon.width));
      const big = scaleNearest(flattenOnto(icon, background), factor);
      blit(out, big, gap + c * (cell + gap), gap + r * (cell + gap));
    });
  });
  return out;
}

/** What macOS does with a template image: keeps the alpha, paints it in the menu bar's text colour. */
export function tintTemplate(image: RgbaImage, color: Rgba): RgbaImage {
  const out = createImage(image.width, image.height);
  for (let i = 0; i < image.data.length; i += 4) {
    out.data[i] = color.r;
    out.data[i + 1] = color.g;
    out.data[i + 2] = color.b;
    out.data[i + 3] = image.data[i + 3] ?? 0;
  }
  return out;
}
