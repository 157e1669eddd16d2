/**
 * How each OS wants its tray image. Windows and Linux get a coloured, outlined glyph (a white-only
 * one disappears on a light Windows taskbar); macOS gets a template image (black + alpha) that the
 * menu bar tints for light and dark mode itself.
 */
export type TrayIconStyle = 'color' | 'template';

export interface TrayIconVariant {
  /** Point size of the icon (the 1× pixel size). */
  points: number;
  /** Pixel size per scale factor, 1× first. */
  scales: Array<{ scaleFactor: number; pixels: number }>;
  style: TrayIconStyle;
}

export function trayIconVariant(platform: NodeJS.Platform): TrayIconVariant {
  if (platform === 'darwin')
    return {
      points: 18,
      scales: [
        { scaleFactor: 1, pixels: 18 },
        { scaleFactor: 2, pixels: 36 },
      ],
      style: 'template',
    };
  if (platform === 'win32')
    return {
      points: 16,
      scales: [
        { scaleFactor: 1, pixels: 16 },
        { scaleFactor: 2, pixels: 32 },
      ],
      style: 'color',
    };
  return {
    points: 22,
    scales: [
      { scaleFactor: 1, pixels: 22 },
      { scaleFactor: 2, pixels: 44 },
    ],
    style: 'color',
  };
}

/** Every (platform, pixel size) the app draws, for tests and the icon gallery. */
export const ALL_TRAY_ICON_TARGETS: ReadonlyArray<{ platform: NodeJS.Platform; pixels: number; style: TrayIconStyle }> = (
  ['win32', 'linux', 'darwin'] as const
).flatMap((platform) => {
  const variant = trayIconVariant(platform);
  return variant.scales.map((s) => ({ platform, pixels: s.pixels, style: variant.style }));
});
