// Draws the tray icon: two bars, the 5-hour session on top (thicker), the weekly window below.
import { createImage, fill, intersect, leftOf, rgba, roundedRect, stripes, subtract, type Rect, type Rgba, type RgbaImage } from './raster.js';
import type { TrayIconState } from './tray-icon-state.js';
import type { TrayIconStyle } from './tray-icon-variants.js';

export interface BarLayout {
  outer: Rect;
  radius: number;
  stroke: number;
  inner: Rect;
  innerRadius: number;
}

export interface TrayIconLayout {
  pixels: number;
  session: BarLayout;
  weekly: BarLayout;
}

/** Whole-pixel geometry for a square icon of `pixels`, so bar edges and fill ends stay sharp at 16 px. */
export function trayIconLayout(pixels: number): TrayIconLayout {
  const margin = Math.max(1, Math.round(pixels / 16));
  const width = pixels - 2 * margin;
  const sessionHeight = Math.round(pixels * 0.44);
  const weeklyHeight = Math.round(pixels * 0.31);
  const gap = Math.max(1, Math.round(pixels * 0.125));
  const top = Math.floor((pixels - (sessionHeight + gap + weeklyHeight)) / 2);
  const stroke = pixels >= 28 ? 2 : 1;
  const radius = pixels >= 28 ? 4 : 2;
  const bar = (y: number, height: number): BarLayout => {
    const outer = { x: margin, y, width, height };
    const inner = { x: margin + stroke, y: y + stroke, width: width - 2 * stroke, height: height - 2 * stroke };
    return { outer, radius, stroke, inner, innerRadius: Math.max(0, radius - stroke) };
  };
  return { pixels, session: bar(top, sessionHeight), weekly: bar(top + sessionHeight + gap, weeklyHeight) };
}

/**
 * Filled pixels for a percentage of a bar `width` pixels wide. Any non-zero value shows at least one
 * pixel and anything short of 100 leaves one empty, so "almost out" never looks like "out" (or full).
 */
export function fillPixels(percent: number, width: number): number {
  const p = Math.min(100, Math.max(0, percent));
  if (p <= 0) return 0;
  if (p >= 100) return width;
  return Math.min(width - 1, Math.max(1, Math.round((width * p) / 100)));
}

export type Level = 'ok' | 'low' | 'critical';

/** Colour level by what is left, whichever way the bar fills. */
export function levelFor(remaining: number): Level {
  if (remaining <= 10) return 'critical';
  if (remaining <= 25) return 'low';
  return 'ok';
}

interface Palette {
  outline: Rgba;
  track: Rgba;
  fill: Record<Level, Rgba>;
  dimOutline: Rgba;
  dimTrack: Rgba;
  dimFill: Rgba;
  missingOutline: Rgba;
  missingTrack: Rgba;
  blocked: Rgba;
}

// Colour variant: a dark outline carries the shape on light trays, the light track and saturated fill
// carry it on dark ones.
const COLOR: Palette = {
  outline: rgba('#1f2328'),
  track: rgba('#ffffff', 0.85),
  fill: { ok: rgba('#2da44e'), low: rgba('#d4a72c'), critical: rgba('#e5534b') },
  dimOutline: rgba('#1f2328', 0.6),
  dimTrack: rgba('#ffffff', 0.75),
  dimFill: rgba('#6e7781'),
  missingOutline: rgba('#1f2328', 0.45),
  missingTrack: rgba('#ffffff', 0.35),
  blocked: rgba('#cf222e'),
};

// Template variant: black with alpha only; macOS tints it for the menu bar's appearance.
const BLACK = '#000000';
const TEMPLATE: Palette = {
  outline: rgba(BLACK, 0.6),
  track: rgba(BLACK, 0.28),
  fill: { ok: rgba(BLACK, 1), low: rgba(BLACK, 1), critical: rgba(BLACK, 1) },
  dimOutline: rgba(BLACK, 0.35),
  dimTrack: rgba(BLACK, 0.18),
  dimFill: rgba(BLACK, 0.55),
  missingOutline: rgba(BLACK, 0.3),
  missingTrack: rgba(BLACK, 0.12),
  blocked: rgba(BLACK, 0.9),
};

export function paletteFor(style: TrayIconStyle): Palette {
  return style === 'template' ? TEMPLATE : COLOR;
}

function drawBar(image: RgbaImage, bar: BarLayout, remaining: number | null, state: TrayIconState, palette: Palette, blocked: boolean): void {
  const outer = roundedRect(bar.outer, bar.radius);
  const inner = roundedRect(bar.inner, bar.innerRadius);
  const missing = remaining === null && !blocked;
  const outline = missing ? palette.missingOutline : state.dimmed ? palette.dimOutline : palette.outline;
  const track = missing ? palette.missingTrack : state.dimmed ? palette.dimTrack : palette.track;
  fill(image, subtract(outer, inner), outline, bar.outer);
  fill(image, inner, track, bar.inner);
  if (blocked) {
    // Diagonal hatching: the session cannot be used until the weekly limit resets.
    const period = bar.stroke * 4;
    const hatch = state.dimmed ? { ...palette.blocked, a: palette.blocked.a * 0.6 } : palette.blocked;
    fill(image, intersect(inner, stripes(period, period / 2)), hatch, bar.inner);
    return;
  }
  if (remaining === null) return;
  const shown = state.fillShows === 'remaining' ? remaining : 100 - remaining;
  const width = fillPixels(shown, bar.inner.width);
  if (width === 0) return;
  const color = state.dimmed ? palette.dimFill : palette.fill[levelFor(remaining)];
  fill(image, intersect(inner, leftOf(bar.inner.x + width)), color, bar.inner);
}

/** The tray icon for `state` as straight-alpha RGBA pixels, `pixels` square. */
export function renderTrayIcon(state: TrayIconState, pixels: number, style: TrayIconStyle): RgbaImage {
  const image = createImage(pixels, pixels);
  const layout = trayIconLayout(pixels);
  const palette = paletteFor(style);
  drawBar(image, layout.session, state.sessionRemaining, state, palette, state.sessionBlocked);
  drawBar(image, layout.weekly, state.weeklyRemaining, state, palette, false);
  return image;
}
