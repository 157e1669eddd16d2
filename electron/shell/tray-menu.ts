// The tray's context menu as a template. On Linux the menu may be the only thing a click opens
// (GNOME's AppIndicator extension, some SNI hosts), so it carries everything the icon click does.
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayMenuModel {
  platform: NodeJS.Platform;
  /** Status lines shown greyed out at the top (the tooltip's lines). */
  summary: string[];
  refreshing: boolean;
}

export interface TrayMenuActions {
  openPopover(): void;
  refreshNow(): void;
  openPreferences(): void;
  quit(): void;
}

export function buildTrayMenuTemplate(model: TrayMenuModel, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const mac = model.platform === 'darwin';
  const summary: MenuItemConstructorOptions[] = model.summary.filter((line) => line.trim() !== '').map((line) => ({ label: line, enabled: false }));
  return [
    { id: 'open', label: 'Open QuotaBar', click: () => actions.openPopover() },
    ...(summary.length > 0 ? [{ type: 'separator' } as const, ...summary] : []),
    { type: 'separator' },
    {
      id: 'refresh',
      label: model.refreshing ? 'Refreshing…' : 'Refresh now',
      enabled: !model.refreshing,
      accelerator: mac ? 'Command+R' : undefined,
      click: () => actions.refreshNow(),
    },
    { id: 'preferences', label: mac ? 'Settings…' : 'Preferences…', accelerator: mac ? 'Command+,' : undefined, click: () => actions.openPreferences() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit QuotaBar', accelerator: mac ? 'Command+Q' : undefined, click: () => actions.quit() },
  ];
}

/**
 * How the menu is attached. Linux needs setContextMenu (an SNI item without one may show nothing,
 * and Electron only emits right-click there when no menu is set). Windows shows it on right-click
 * and keeps left-click for the popover. On macOS a set menu would swallow the left click too, so
 * it pops up on right-click instead.
 */
export function trayMenuStrategy(platform: NodeJS.Platform): 'set-context-menu' | 'popup-on-right-click' {
  return platform === 'darwin' ? 'popup-on-right-click' : 'set-context-menu';
}
