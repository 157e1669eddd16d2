// Runs an OS helper (`security`, `secret-tool`, `kwallet-query`, `powershell`) that hands back a
// secret. Its output is a secret too: the caller registers it before it goes anywhere.

import type { Env } from '../paths/codex-home.js';
import { killTree, spawnGroup } from '../util/process-tree.js';

export interface HelperResult {
  /** 'ok' with the exit code; 'missing' when the program is not installed; 'timeout' when it hung. */
  status: 'ok' | 'missing' | 'timeout' | 'error';
  code: number | null;
  stdout: string;
  stderr: string;
}

// What the helpers need to reach the user's keyring (D-Bus session, display for a prompt) and nothing else.
const PASSED_THROUGH = [
  'PATH',
  'Path',
  'PATHEXT',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'TMPDIR',
  'TMP',
  'TEMP',
  'DBUS_SESSION_BUS_ADDRESS',
  'XDG_RUNTIME_DIR',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XDG_CURRENT_DESKTOP',
  'XDG_SESSION_TYPE',
  'KDE_FULL_SESSION',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'SystemRoot',
  'SYSTEMROOT',
  'WINDIR',
  'ComSpec',
];

export function helperEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const MAX_OUTPUT = 64 * 1024;

export function runHelper(
  command: string,
  args: string[],
  options: { env: Env; timeoutMs: number; input?: string; signal?: AbortSignal },
): Promise<HelperResult> {
  if (options.signal?.aborted === true) return Promise.resolve({ status: 'timeout', code: null, stdout: '', stderr: '' });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const child = spawnGroup(command, args, { env: helperEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const finish = (result: HelperResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    let stopping = false;
    const stop = (status: HelperResult['status']): void => {
      if (stopping) return;
      stopping = true;
      // Resolve only once the whole group is gone, so nothing outlives the call.
      void killTree(child.pid).then(() => finish({ status, code: null, stdout: '', stderr }));
    };
    const onAbort = (): void => stop('timeout');
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ status: error.code === 'ENOENT' ? 'missing' : 'error', code: null, stdout: '', stderr: error.message });
    });
    child.on('close', (code) => {
      if (!stopping) finish({ status: 'ok', code, stdout, stderr });
    });
    child.stdin?.on('error', () => {
      // The helper may exit without reading its input; that is reported through its exit code.
    });
    child.stdin?.end(options.input ?? '');
  });
}
