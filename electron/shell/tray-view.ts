// The tray icon, tooltip and menu, redrawn from the app state. Drawing and text are pure
// (electron/core/tray-icon); this applies them, and only when they changed (each change is a
// D-Bus round trip on Linux).
import { Menu, Tray, nativeImage, type NativeImage, type Rectangle } from 'electron';
import type { AppState } from '../../shared/quotabar-api.js';
import { isUsageFailure } from '../../shared/usage-model.js';
import { trayIconImages } from '../core/tray-icon/tray-icon-images.js';
import { trayAccountView } from '../core/tray-icon/tray-account.js';
import { trayIconKey, trayIconStateFromApp } from '../core/tray-icon/tray-icon-state.js';
import { trayTooltip } from '../core/tray-icon/tray-tooltip.js';
import { buildTrayMenuTemplate, trayMenuStrategy, type TrayMenuActions } from './tray-menu.js';

export interface TrayViewOptions extends TrayMenuActions {
  /** Left click (or activation) on the icon, with the icon's bounds where the OS reports them. */
  onClick(bounds: Rectangle | null): void;
}

function toNativeImage(state: AppState, now: Date): NativeImage {
  const images = trayIconImages(trayIconStateFromApp(state, now), process.platform);
  const image = nativeImage.createEmpty();
  for (const rep of images.representations) image.addRepresentation({ scaleFactor: rep.scaleFactor, width: rep.width, height: rep.height, buffer: rep.png });
  if (images.template) image.setTemplateImage(true);
  return image;
}

export class TrayView {
  private readonly tray: Tray;
  private iconKey = '';
  private tooltip = '';
  private menuKey = '';
  private menu: Menu | null = null;

  constructor(
    initial: AppState,
    private readonly options: TrayViewOptions,
  ) {
    const now = new Date();
    this.tray = new Tray(toNativeImage(initial, now));
    this.iconKey = trayIconKey(trayIconStateFromApp(initial, now));
    this.tray.on('click', (_event, bounds) => options.onClick(bounds));
    if (trayMenuStrategy(process.platform) === 'popup-on-right-click') {
      this.tray.on('right-click', () => {
        if (this.menu !== null) this.tray.popUpContextMenu(this.menu);
      });
    }
    this.update(initial, now);
  }

  update(state: AppState, now = new Date()): void {
    const key = trayIconKey(trayIconStateFromApp(state, now));
    if (key !== this.iconKey) {
      this.tray.setImage(toNativeImage(state, now));
      this.iconKey = key;
    }
    const view = trayAccountView(state);
    const error = view.usage !== null && isUsageFailure(view.usage) ? view.usage.error : null;
    const tooltip = trayTooltip({
      report: view.lastGoodUsage,
      error,
      barsShow: state.settings.display.barsShow,
      resetStyle: state.settings.display.resetStyle,
      now,
      accountLabel: view.label,
    });
    if (tooltip !== this.tooltip) {
      this.tray.setToolTip(tooltip);
      this.tooltip = tooltip;
    }
    const summary = tooltip.split('\n').flatMap((line) => line.split(' — '));
    const menuKey = JSON.stringify([summary, state.refreshing]);
    if (menuKey !== this.menuKey) {
      this.menu = Menu.buildFromTemplate(buildTrayMenuTemplate({ platform: process.platform, summary, refreshing: state.refreshing }, this.options));
      // Linux needs the menu set again after every change.
      if (trayMenuStrategy(process.platform) === 'set-context-menu') this.tray.setContextMenu(this.menu);
      this.menuKey = menuKey;
    }
  }

  /** Where the icon is, or null where the OS does not say (Linux reports zeros). */
  bounds(): Rectangle | null {
    const bounds = this.tray.getBounds();
    return bounds.width > 0 && bounds.height > 0 ? bounds : null;
  }

  destroy(): void {
    this.tray.destroy();
  }
}
