import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homeDir, type Env } from '../paths/codex-home.js';
import { SourceError } from '../util/source-error.js';

export interface CodexBinaryOptions {
  /** `--codex-bin` / the codexBinaryPath setting. */
  override: string | undefined;
  env: Env;
  platform?: NodeJS.Platform;
}

/**
 * interface §1: `--codex-bin`, else `$CODEX_CLI_PATH`, else `codex` on PATH, then the usual install
 * places. Returns the absolute path, or throws `codex_not_found` naming what was tried.
 */
export function resolveCodexBinary(options: CodexBinaryOptions): string {
  const platform = options.platform ?? process.platform;
  const explicit = options.override || options.env.CODEX_CLI_PATH;
  if (explicit) {
    if (isExecutableFile(explicit, platform)) return explicit;
    throw new SourceError(
      'codex_not_found',
      `The Codex CLI was not found at ${explicit}. Fix the path (--codex-bin, $CODEX_CLI_PATH or Preferences), or install it with \`npm i -g @openai/codex\`.`,
    );
  }
  for (const dir of candidateDirs(options.env, platform)) {
    for (const name of executableNames(options.env, platform)) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  throw new SourceError(
    'codex_not_found',
    'The Codex CLI (`codex`) was not found on PATH. Install it with `npm i -g @openai/codex`, or set its path with --codex-bin or in Preferences.',
  );
}

function executableNames(env: Env, platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return ['codex'];
  // npm installs a `codex.cmd` shim on Windows; a native install is `codex.exe`.
  const exts = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .filter(Boolean)
    .map((e) => e.toLowerCase());
  const preferred = ['.exe', '.cmd', '.bat'].filter((e) => exts.includes(e));
  return preferred.map((e) => `codex${e}`);
}

function candidateDirs(env: Env, platform: NodeJS.Platform): string[] {
  const home = homeDir(env);
  const fromPath = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const usual =
    platform === 'win32'
      ? [
          join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'npm'),
          join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Programs', 'codex'),
          join(home, '.bun', 'bin'),
        ]
      : [
          join(home, '.local', 'bin'),
          join(home, '.npm-global', 'bin'),
          join(home, '.bun', 'bin'),
          join(home, '.volta', 'bin'),
          '/usr/local/bin',
          '/opt/homebrew/bin',
          ...(platform === 'darwin'
            ? [
                '/Applications/Codex.app/Contents/Resources',
                join(home, 'Applications', 'Codex.app', 'Contents', 'Resources'),
                '/Applications/ChatGPT.app/Contents/Resources',
              ]
            : []),
        ];
  return [...fromPath, ...usual];
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface Invocation {
  command: string;
  args: string[];
  /** Windows only: pass the command line as built, so cmd.exe sees our quoting. */
  windowsVerbatimArguments: boolean;
}

/**
 * How to start the binary. Node refuses to spawn `.cmd`/`.bat` files directly (CVE-2024-27980),
 * so npm's Windows shims run through cmd.exe with every argument quoted.
 */
export function codexInvocation(binary: string, args: string[], env: Env, platform: NodeJS.Platform = process.platform): Invocation {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(binary)) {
    const quoted = [binary, ...args].map((a) => `"${a.replace(/"/g, '""')}"`).join(' ');
    return { command: env.ComSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${quoted}"`], windowsVerbatimArguments: true };
  }
  return { command: binary, args, windowsVerbatimArguments: false };
}

const PASSED_THROUGH = [
  'PATH',
  'Path',
  'PATHEXT',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'SystemRoot',
  'SYSTEMROOT',
  'ComSpec',
  'WINDIR',
  'HOMEDRIVE',
  'HOMEPATH',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
  'XDG_RUNTIME_DIR',
  'DBUS_SESSION_BUS_ADDRESS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
];

/**
 * The child's environment: only what a CLI needs to find its home, network and locale. API keys
 * (`OPENAI_API_KEY`, `CODEX_API_KEY`…) are never passed, so the child cannot fall back to API billing.
 */
export function minimalChildEnv(env: Env, codexHome: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('LC_') && value !== undefined) out[key] = value;
  }
  out.CODEX_HOME = codexHome;
  return out;
}
