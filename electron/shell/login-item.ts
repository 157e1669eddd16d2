// "Launch at login" per OS: Electron's login items on macOS and Windows, an XDG autostart entry elsewhere.
import type { Settings as LoginItemSettings } from 'electron';
import type { Env } from '../core/paths/codex-home.js';
import { autostartPath } from '../core/desktop/xdg-autostart.js';

export type LoginItemPlan =
  | { kind: 'electron'; settings: LoginItemSettings }
  /** command null removes the entry. */
  | { kind: 'xdg-autostart'; path: string; command: string[] | null };

export interface LoginItemInput {
  enabled: boolean;
  platform: NodeJS.Platform;
  /** process.execPath: the app binary when packaged, the electron binary under `npm start`. */
  execPath: string;
  /** app.getAppPath(): the folder `electron .` was given, needed as an argument when not packaged. */
  appPath: string;
  isPackaged: boolean;
  env: Env;
}

export function loginItemPlan(input: LoginItemInput): LoginItemPlan {
  const { enabled, platform, execPath, appPath, isPackaged, env } = input;
  if (platform === 'darwin') {
    // The bundle itself is registered (SMAppService on macOS 13+); LSUIElement keeps it out of the Dock.
    return { kind: 'electron', settings: { openAtLogin: enabled } };
  }
  if (platform === 'win32') {
    // Disabling must name the same path and args as enabling, or Windows keeps the old entry.
    return { kind: 'electron', settings: { openAtLogin: enabled, path: execPath, args: isPackaged ? [] : [`"${appPath}"`] } };
  }
  // An AppImage runs from a temporary mount; $APPIMAGE is the file that survives a reboot.
  const binary = isPackaged && env.APPIMAGE !== undefined && env.APPIMAGE !== '' ? env.APPIMAGE : execPath;
  return {
    kind: 'xdg-autostart',
    path: autostartPath(env),
    command: enabled ? [binary, ...(isPackaged ? [] : [appPath])] : null,
  };
}
