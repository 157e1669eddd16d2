// A tiny RGBA canvas for drawing icons without a graphics stack: shapes are point predicates,
// sampled 4×4 per pixel so rounded corners are smooth while axis-aligned edges on whole pixels stay crisp.

/** Straight (non-premultiplied) RGBA, row-major, 4 bytes per pixel: what PNG files and Electron expect. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0–1 */
  a: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Shape = (x: number, y: number) => boolean;

const SAMPLES = 4;

export function createImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

export function rgba(hex: string, a = 1): Rgba {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff, a };
}

/** Inside a rectangle with corners rounded by `radius` (clamped to half the shorter side). */
export function roundedRect(rect: Rect, radius: number): Shape {
  const r = Math.max(0, Math.min(radius, rect.width / 2, rect.height / 2));
  const left = rect.x;
  const right = rect.x + rect.width;
  const top = rect.y;
  const bottom = rect.y + rect.height;
  return (x, y) => {
    if (x < left || x >= right || y < top || y >= bottom) return false;
    const cx = x < left + r ? left + r : x > right - r ? right - r : x;
    const cy = y < top + r ? top + r : y > bottom - r ? bottom - r : y;
    const dx = x - cx;
    const dy = y - cy;
    return dx * dx + dy * dy <= r * r;
  };
}

export function intersect(...shapes: Shape[]): Shape {
  return (x, y) => shapes.every((s) => s(x, y));
}

export function subtract(shape: Shape, hole: Shape): Shape {
  return (x, y) => shape(x, y) && !hole(x, y);
}

/** Pixels left of `x` (a whole pixel boundary keeps the fill's end crisp). */
export function leftOf(x: number): Shape {
  return (px) => px < x;
}

/**
 * Diagonal stripes, decided per whole pixel so they stay sharp at 16 px:
 * `period` pixels per cycle, the first `on` of them inside the shape.
 */
export function stripes(period: number, on: number): Shape {
  return (x, y) => {
    const k = (Math.floor(x) + Math.floor(y)) % period;
    return (k + period) % period < on;
  };
}

/** Composites `color` over the image wherever `shape` covers, weighted by coverage. */
export function fill(image: RgbaImage, shape: Shape, color: Rgba, bounds?: Rect): void {
  const x0 = Math.max(0, Math.floor(bounds?.x ?? 0));
  const y0 = Math.max(0, Math.floor(bounds?.y ?? 0));
  const x1 = Math.min(image.width, Math.ceil(bounds === undefined ? image.width : bounds.x + bounds.width));
  const y1 = Math.min(image.height, Math.ceil(bounds === undefined ? image.height : bounds.y + bounds.height));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)) hits++;
        }
      }
      if (hits === 0) continue;
      blendPixel(image, px, py, color, hits / (SAMPLES * SAMPLES));
    }
  }
}

/** Porter-Duff "source over" in straight alpha. */
export function blendPixel(image: RgbaImage, x: number, y: number, color: Rgba, coverage = 1): void {
  const i = (y * image.width + x) * 4;
  const d = image.data;
  const sa = Math.min(1, Math.max(0, color.a * coverage));
  const da = (d[i + 3] ?? 0) / 255;
  const oa = sa + da * (1 - sa);
  if (oa <= 0) return;
  const mix = (s: number, dst: number) => (s * sa + dst * da * (1 - sa)) / oa;
  d[i] = Math.round(mix(color.r, d[i] ?? 0));
  d[i + 1] = Math.round(mix(color.g, d[i + 1] ?? 0));
  d[i + 2] = Math.round(mix(color.b, d[i + 2] ?? 0));
  d[i + 3] = Math.round(oa * 255);
}

export function pixelAt(image: RgbaImage, x: number, y: number): Rgba {
  const i = (y * image.width + x) * 4;
  const d = image.data;
  return { r: d[i] ?? 0, g: d[i + 1] ?? 0, b: d[i + 2] ?? 0, a: (d[i + 3] ?? 0) / 255 };
}

/** The image flattened onto an opaque background colour, as a tray would show it. */
export function flattenOnto(image: RgbaImage, background: Rgba): RgbaImage {
  const out = createImage(image.width, image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      blendPixel(out, x, y, { ...background, a: 1 });
      const p = pixelAt(image, x, y);
      blendPixel(out, x, y, p);
    }
  }
  return out;
}

/** A nearest-neighbour enlargement, for looking at 16 px icons. */
export function scaleNearest(image: RgbaImage, factor: number): RgbaImage {
  const out = createImage(image.width * factor, image.height * factor);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const si = (Math.floor(y / factor) * image.width + Math.floor(x / factor)) * 4;
      const di = (y * out.width + x) * 4;
      out.data.set(image.data.subarray(si, si + 4), di);
    }
  }
  return out;
}
