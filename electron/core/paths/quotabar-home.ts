import { join } from 'node:path';
import { homeDir, type Env } from './codex-home.js';

/** interface §1: `$QUOTABAR_HOME`, else the OS convention for per-user config. */
export function resolveQuotabarHome(env: Env, platform: NodeJS.Platform = process.platform): string {
  const explicit = env.QUOTABAR_HOME;
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  const home = homeDir(env);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'QuotaBar');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'QuotaBar');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(home, '.config'), 'quotabar');
}
