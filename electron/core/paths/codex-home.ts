import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** interface §1: `--codex-home`, else `$CODEX_HOME` when set and non-empty, else `~/.codex`. */
export function resolveCodexHome(flag: string | undefined, env: Env, home: string = homeDir(env)): string {
  if (flag !== undefined && flag !== '') return resolve(flag);
  const fromEnv = env.CODEX_HOME;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(fromEnv);
  return join(home, '.codex');
}

/** The user's home, honouring $HOME (and %USERPROFILE%) so tests can lay out a fake one. */
export function homeDir(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}
