// The popover and preferences windows. Decisions (options, placement, the blur/click race) live in
// pure modules; this file only applies them to Electron objects.
import { BrowserWindow, nativeTheme, screen, type Rectangle, type WebContents } from 'electron';
import { rendererUrl } from '../core/desktop/app-protocol.js';
import { hasUsableBounds, placePopover } from '../core/desktop/popover-placement.js';
import { popoverClickAction } from '../core/desktop/popover-toggle.js';
import type { Logger } from '../core/util/logger.js';
import { popoverWindowOptions, preferencesWindowOptions } from './window-options.js';

export interface WindowManagerOptions {
  preloadPath: string;
  devTools: boolean;
  logger: Logger;
  /** Called each time the popover is shown (the scheduler's "someone is looking"). */
  onPopoverShown: () => void;
}

export class WindowManager {
  private popover: BrowserWindow | null = null;
  private preferences: BrowserWindow | null = null;
  private lastHiddenByBlurAt: number | null = null;

  constructor(private readonly options: WindowManagerOptions) {}

  private windowInput() {
    return { preloadPath: this.options.preloadPath, dark: nativeTheme.shouldUseDarkColors, platform: process.platform, devTools: this.options.devTools };
  }

  /** Creates the popover hidden, so the first click shows it without a blank flash. */
  ensurePopover(): BrowserWindow {
    if (this.popover !== null && !this.popover.isDestroyed()) return this.popover;
    const win = new BrowserWindow(popoverWindowOptions(this.windowInput()));
    win.on('blur', () => {
      if (win.webContents.isDevToolsOpened()) return;
      win.hide();
      this.lastHiddenByBlurAt = Date.now();
    });
    win.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape') {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => {
      if (this.popover === win) this.popover = null;
    });
    void win.loadURL(rendererUrl('popover')).catch((error: unknown) => this.options.logger.error(`popover failed to load: ${String(error)}`));
    this.popover = win;
    return win;
  }

  /** The tray icon was clicked. */
  togglePopover(trayBounds: Rectangle | null): void {
    const win = this.ensurePopover();
    const action = popoverClickAction({ visible: win.isVisible(), lastHiddenByBlurAt: this.lastHiddenByBlurAt }, Date.now());
    if (action === 'hide') win.hide();
    else if (action === 'show') this.showPopover(trayBounds);
  }

  showPopover(trayBounds: Rectangle | null): void {
    const win = this.ensurePopover();
    const cursor = screen.getCursorScreenPoint();
    const anchor = hasUsableBounds(trayBounds) ? { x: trayBounds.x + trayBounds.width / 2, y: trayBounds.y + trayBounds.height / 2 } : cursor;
    const display = screen.getDisplayNearestPoint(anchor);
    const [width = 0, height = 0] = win.getSize();
    const place = placePopover({ trayBounds, cursor, display: { bounds: display.bounds, workArea: display.workArea }, window: { width, height } });
    win.setPosition(place.x, place.y, false);
    win.show();
    win.focus();
    this.options.onPopoverShown();
  }

  hidePopover(): void {
    if (this.popover !== null && !this.popover.isDestroyed()) this.popover.hide();
  }

  openPreferences(): void {
    this.hidePopover();
    if (this.preferences !== null && !this.preferences.isDestroyed()) {
      this.preferences.show();
      this.preferences.focus();
      return;
    }
    const win = new BrowserWindow(preferencesWindowOptions(this.windowInput()));
    win.removeMenu();
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (this.preferences === win) this.preferences = null;
    });
    void win.loadURL(rendererUrl('preferences')).catch((error: unknown) => this.options.logger.error(`preferences failed to load: ${String(error)}`));
    this.preferences = win;
  }

  /** The page asked to close its own window: the popover hides, preferences closes. */
  closeWindow(webContentsId: number): void {
    if (this.popover?.webContents.id === webContentsId) this.popover.hide();
    else if (this.preferences?.webContents.id === webContentsId) this.preferences.close();
  }

  isOurWebContents(id: number): boolean {
    return this.contents().some((c) => c.id === id);
  }

  /** Sends to every live window. */
  broadcast(channel: string, payload: unknown): void {
    for (const contents of this.contents()) contents.send(channel, payload);
  }

  destroyAll(): void {
    for (const win of [this.popover, this.preferences]) if (win !== null && !win.isDestroyed()) win.destroy();
    this.popover = null;
    this.preferences = null;
  }

  private contents(): WebContents[] {
    return [this.popover, this.preferences].filter((w): w is BrowserWindow => w !== null && !w.isDestroyed()).map((w) => w.webContents);
  }
}
