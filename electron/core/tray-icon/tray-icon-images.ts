import { encodePng } from './icon-encoding.js';
import { renderTrayIcon } from './tray-icon-renderer.js';
import type { TrayIconState } from './tray-icon-state.js';
import { trayIconVariant } from './tray-icon-variants.js';

export interface TrayIconImages {
  /** macOS: mark the image as a template so the menu bar tints it. */
  template: boolean;
  /** One PNG per scale factor, 1× first; the shell adds each as a nativeImage representation. */
  representations: Array<{ scaleFactor: number; width: number; height: number; png: Buffer }>;
}

/** Everything the shell needs to build the tray's nativeImage for this platform. */
export function trayIconImages(state: TrayIconState, platform: NodeJS.Platform): TrayIconImages {
  const variant = trayIconVariant(platform);
  return {
    template: variant.style === 'template',
    representations: variant.scales.map(({ scaleFactor, pixels }) => ({
      scaleFactor,
      width: pixels,
      height: pixels,
      png: encodePng(renderTrayIcon(state, pixels, variant.style)),
    })),
  };
}
