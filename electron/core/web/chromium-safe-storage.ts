// Where a Chromium browser's cookie key comes from on each OS, fetched only when a cookie needs it:
//   macOS   the Keychain generic password "<Browser> Safe Storage" (`security`), which may prompt;
//   Linux   "peanuts" for v10, the libsecret (`secret-tool`) or KWallet (`kwallet-query`) password for v11;
//   Windows `os_crypt.encrypted_key` in `Local State`, unprotected with DPAPI (a PowerShell child).
// Keys are cached in memory for the life of the process so later background refreshes need no prompt.

import { join } from 'node:path';
import type { Env } from '../paths/codex-home.js';
import { BROWSER_JSON_MAX_BYTES, readBoundedFileSync } from '../util/bounded-file.js';
import { registerSecret } from '../util/secret-registry.js';
import type { CookiePlatform, CookieStore, SafeStorageNames } from './browser-profiles.js';
import { LINUX_ITERATIONS, LINUX_V10_PASSWORD, MAC_ITERATIONS, deriveCbcKey, type CookieKeys } from './chromium-cookie-decrypt.js';
import { runHelper, type HelperResult } from './helper-process.js';
import type { KeychainGate } from './keychain-gate.js';

/** Windows DPAPI CryptUnprotectData (CurrentUser). Injected in tests; a PowerShell child in production. */
export type DpapiUnprotect = (protectedData: Buffer) => Promise<Buffer>;

export interface SafeStorageContext {
  env: Env;
  platform: CookiePlatform;
  interactive: boolean;
  gate: KeychainGate;
  /** Derived keys by keychain label, kept for the life of the web source (memory only). */
  keyCache: Map<string, Buffer>;
  dpapiUnprotect: DpapiUnprotect;
  helperTimeoutMs: number;
  now: () => Date;
  signal?: AbortSignal;
}

/** A key result: the keys to try, and why the OS one is missing when it is. */
export interface KeyLookup {
  keys: Buffer[];
  problem: string | null;
}

// errSecItemNotFound: there is no such item, which is not a refusal.
const MAC_ITEM_NOT_FOUND = 44;

function clock(date: Date): string {
  return `${date.toISOString().slice(11, 16)} UTC`;
}

function gateProblem(decision: ReturnType<KeychainGate['check']>, what: string): string | null {
  if (decision.allowed) return null;
  if (decision.why === 'denied') {
    const until = decision.until === undefined ? '' : ` until ${clock(decision.until)}`;
    return `access to ${what} was refused recently, so QuotaBar will not ask again${until}. Refresh from the menu after that to be asked again, or paste a Cookie header`;
  }
  return `reading it needs ${what}, which QuotaBar only asks for on a refresh you start (never in the background). Refresh from the menu, or paste a Cookie header`;
}

function secretFrom(result: HelperResult): string | null {
  if (result.status !== 'ok' || result.code !== 0) return null;
  // Helpers end their output with one newline; the password itself may contain anything else.
  const secret = result.stdout.replace(/\r?\n$/, '');
  if (secret === '') return null;
  registerSecret(secret);
  return secret;
}

async function macKeys(names: SafeStorageNames, ctx: SafeStorageContext): Promise<KeyLookup> {
  const label = `mac-keychain:${names.macService}`;
  const cached = ctx.keyCache.get(label);
  if (cached !== undefined) return { keys: [cached], problem: null };
  const what = `the macOS Keychain item "${names.macService}"`;
  const blocked = gateProblem(ctx.gate.check(label, ctx.interactive, ctx.now()), what);
  if (blocked !== null) return { keys: [], problem: blocked };
  const result = await runHelper('security', ['find-generic-password', '-w', '-s', names.macService, '-a', names.macAccount], {
    env: ctx.env,
    timeoutMs: ctx.helperTimeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const password = secretFrom(result);
  if (password !== null) {
    const key = deriveCbcKey(password, MAC_ITERATIONS);
    ctx.keyCache.set(label, key);
    ctx.gate.recordSuccess(label, ctx.now());
    return { keys: [key], problem: null };
  }
  if (result.status === 'missing') return { keys: [], problem: 'the macOS `security` tool was not found' };
  if (result.status === 'ok' && result.code === MAC_ITEM_NOT_FOUND) {
    return { keys: [], problem: `there is no "${names.macService}" item in the Keychain (has this browser been opened since it was installed?)` };
  }
  const until = ctx.gate.recordDenial(label, ctx.now());
  const how = result.status === 'timeout' ? 'the Keychain prompt was not answered in time' : 'access was refused';
  return {
    keys: [],
    problem: `${how} for ${what}; QuotaBar will not ask again until ${clock(until)}. Choose "Always Allow" when asked, use Safari or Firefox, or paste a Cookie header`,
  };
}

function isKde(env: Env): boolean {
  return /kde/i.test(env.XDG_CURRENT_DESKTOP ?? '') || env.KDE_FULL_SESSION === 'true';
}

async function linuxKeyringPassword(names: SafeStorageNames, ctx: SafeStorageContext): Promise<{ password: string | null; allMissing: boolean }> {
  const options = { env: ctx.env, timeoutMs: ctx.helperTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const libsecret = (): Promise<HelperResult> => runHelper('secret-tool', ['lookup', 'application', names.linuxApplication], options);
  const kwallet = (): Promise<HelperResult> => runHelper('kwallet-query', ['-r', names.kwalletEntry, '-f', names.kwalletFolder, 'kdewallet'], options);
  const order = isKde(ctx.env) ? [kwallet, libsecret] : [libsecret, kwallet];
  let allMissing = true;
  for (const run of order) {
    const result = await run();
    if (result.status !== 'missing') allMissing = false;
    const password = secretFrom(result);
    if (password !== null) return { password, allMissing: false };
  }
  return { password: null, allMissing };
}

async function linuxKeys(prefix: 'v10' | 'v11', names: SafeStorageNames, ctx: SafeStorageContext): Promise<KeyLookup> {
  // Chromium also writes with an empty password when no keyring was reachable at the time.
  const emptyKey = deriveCbcKey('', LINUX_ITERATIONS);
  if (prefix === 'v10') return { keys: [deriveCbcKey(LINUX_V10_PASSWORD, LINUX_ITERATIONS), emptyKey], problem: null };
  const label = `linux-keyring:${names.linuxApplication}`;
  const cached = ctx.keyCache.get(label);
  if (cached !== undefined) return { keys: [cached, emptyKey], problem: null };
  const what = `the "${names.kwalletEntry}" password in your keyring`;
  const blocked = gateProblem(ctx.gate.check(label, ctx.interactive, ctx.now()), what);
  if (blocked !== null) return { keys: [emptyKey], problem: blocked };
  const { password, allMissing } = await linuxKeyringPassword(names, ctx);
  if (password !== null) {
    const key = deriveCbcKey(password, LINUX_ITERATIONS);
    ctx.keyCache.set(label, key);
    ctx.gate.recordSuccess(label, ctx.now());
    return { keys: [key, emptyKey], problem: null };
  }
  if (allMissing) {
    return {
      keys: [emptyKey],
      problem:
        'its cookies are protected by the desktop keyring, and neither `secret-tool` (package libsecret-tools) nor `kwallet-query` is installed. Install one, or use Firefox, or paste a Cookie header',
    };
  }
  const until = ctx.gate.recordDenial(label, ctx.now());
  return {
    keys: [emptyKey],
    problem: `the keyring did not give out ${what} (locked, or access refused); QuotaBar will not ask again until ${clock(until)}. Unlock the keyring, use Firefox, or paste a Cookie header`,
  };
}

async function windowsKey(store: CookieStore, ctx: SafeStorageContext): Promise<KeyLookup> {
  const label = `windows-dpapi:${store.userDataDir}`;
  const cached = ctx.keyCache.get(label);
  if (cached !== undefined) return { keys: [cached], problem: null };
  const encrypted = readLocalStateKey(store.userDataDir);
  if (typeof encrypted === 'string') return { keys: [], problem: encrypted };
  let key: Buffer;
  try {
    // DPAPI never prompts, so background refreshes may use it.
    key = await ctx.dpapiUnprotect(encrypted);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { keys: [], problem: `Windows could not unprotect the browser's cookie key (DPAPI: ${detail}). Use Firefox, or paste a Cookie header` };
  }
  registerSecret(key.toString('base64'));
  ctx.keyCache.set(label, key);
  return { keys: [key], problem: null };
}

/** The DPAPI blob of `os_crypt.encrypted_key`, or why it is not there. */
export function readLocalStateKey(userDataDir: string): Buffer | string {
  let state: unknown;
  try {
    state = JSON.parse(readBoundedFileSync(join(userDataDir, 'Local State'), { maxBytes: BROWSER_JSON_MAX_BYTES }));
  } catch {
    return 'its "Local State" file, which holds the cookie key, is missing or unreadable';
  }
  const osCrypt = typeof state === 'object' && state !== null ? (state as { os_crypt?: unknown }).os_crypt : undefined;
  const encoded = typeof osCrypt === 'object' && osCrypt !== null ? (osCrypt as { encrypted_key?: unknown }).encrypted_key : undefined;
  if (typeof encoded !== 'string') return '"Local State" has no os_crypt.encrypted_key';
  const raw = Buffer.from(encoded, 'base64');
  if (raw.subarray(0, 5).toString('latin1') !== 'DPAPI') return 'the cookie key in "Local State" is not DPAPI-protected as expected';
  return raw.subarray(5);
}

/**
 * The keys for one store, looked up at most once per prefix during one import (a store has many
 * cookies; the keychain is asked once), and only for prefixes that actually occur.
 */
export function cookieKeysFor(store: CookieStore, ctx: SafeStorageContext): CookieKeys & { problems(): string[] } {
  const lookups = new Map<string, Promise<KeyLookup>>();
  const once = (id: string, get: () => Promise<KeyLookup>): Promise<KeyLookup> => {
    let pending = lookups.get(id);
    if (pending === undefined) {
      pending = get();
      lookups.set(id, pending);
    }
    return pending;
  };
  const problems: string[] = [];
  const names = store.safeStorage;
  return {
    async cbc(prefix) {
      if (names === undefined) return [];
      const lookup = await once(prefix, () => (ctx.platform === 'darwin' ? macKeys(names, ctx) : linuxKeys(prefix, names, ctx)));
      if (lookup.problem !== null && !problems.includes(lookup.problem)) problems.push(lookup.problem);
      return lookup.keys;
    },
    async gcm() {
      const lookup = await once('gcm', () => windowsKey(store, ctx));
      if (lookup.problem !== null && !problems.includes(lookup.problem)) problems.push(lookup.problem);
      return lookup.keys[0] ?? null;
    },
    problems: () => problems,
  };
}

const POWERSHELL_UNPROTECT = [
  'Add-Type -AssemblyName System.Security;',
  '$in = [Console]::In.ReadToEnd().Trim();',
  '$bytes = [Convert]::FromBase64String($in);',
  '$plain = [System.Security.Cryptography.ProtectedData]::Unprotect($bytes, $null, [System.Security.Cryptography.DataProtectionScope]::CurrentUser);',
  '[Console]::Out.Write([Convert]::ToBase64String($plain))',
].join(' ');

/** DPAPI through Windows PowerShell (which ships ProtectedData); the blob travels on stdin, not argv. */
export function powershellDpapi(env: Env, timeoutMs: number): DpapiUnprotect {
  return async (protectedData) => {
    if (process.platform !== 'win32') throw new Error('DPAPI exists only on Windows');
    const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
    const exe = join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    const result = await runHelper(exe, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', POWERSHELL_UNPROTECT], {
      env,
      timeoutMs,
      input: protectedData.toString('base64'),
    });
    const out = secretFrom(result);
    if (out === null) throw new Error(result.status === 'ok' ? `PowerShell exited with code ${result.code ?? '?'}` : `PowerShell ${result.status}`);
    return Buffer.from(out.trim(), 'base64');
  };
}
