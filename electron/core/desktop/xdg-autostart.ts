// Launch at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart
// entry (~/.config/autostart/quotabar.desktop), which GNOME, KDE, Xfce and friends all honour.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../paths/codex-home.js';
import { homeDir } from '../paths/codex-home.js';
import { writeFileAtomic } from '../settings/atomic-file.js';

export const AUTOSTART_FILE_NAME = 'quotabar.desktop';

export function autostartPath(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homeDir(env), '.config'), 'autostart', AUTOSTART_FILE_NAME);
}

const RESERVED = /[\s"'\\><~|&;$*?#()`%]/;

/**
 * One Exec argument per the Desktop Entry spec: quoted when it holds a reserved character, with
 * `"`, `` ` ``, `$` and `\` escaped inside the quotes; `%` doubled so it is not a field code; then
 * backslashes escaped again, because Exec is also a string value.
 */
export function quoteExecArgument(argument: string): string {
  if (/[\n\r\0]/.test(argument)) throw new Error('an Exec argument cannot contain a line break or NUL');
  if (argument === '') return '""';
  const quoted = RESERVED.test(argument) ? `"${argument.replace(/["`$\\]/g, '\\$&')}"` : argument;
  return quoted.replace(/%/g, '%%').replace(/\\/g, '\\\\');
}

export function autostartEntry(command: string[]): string {
  if (command.length === 0) throw new Error('autostart needs a command');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=QuotaBar',
    'Comment=Your OpenAI Codex quota in the tray',
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes or removes the entry. Removing one that is not there is fine. */
export function applyAutostart(path: string, command: string[] | null): void {
  if (command === null) rmSync(path, { force: true });
  else writeFileAtomic(path, autostartEntry(command), 0o644);
}
