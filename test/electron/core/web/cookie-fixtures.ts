// Builds real browser cookie stores for the tests: Chromium `Cookies` SQLite files with values
// encrypted exactly as each OS's Chromium does (with known keys), Firefox `cookies.sqlite`, and
// Safari `Cookies.binarycookies` written byte by byte, plus fake keychain tools on PATH.

import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { WebSession } from '../../../doubles/chatgpt-backend-double.js';
import { canary } from '../../../helpers/codex-home-fixture.js';

export const SESSION_COOKIE = '__Secure-next-auth.session-token';
/** The Codex account's email in the web tests' auth.json. */
export const CODEX_EMAIL = 'pro@example.com';

/** A signed-in chatgpt.com session whose cookie and token are unique canaries. */
export function canarySession(options: { email?: string; expired?: boolean } = {}): WebSession {
  return {
    cookieName: SESSION_COOKIE,
    cookieValue: canary(),
    email: options.email ?? CODEX_EMAIL,
    accessToken: canary(),
    ...(options.expired ? { expired: true } : {}),
  };
}

export interface FixtureCookie {
  host: string;
  name: string;
  value: string;
  path?: string;
  /** Unix ms; null = session cookie. Default: one year from now. */
  expiresAt?: number | null;
  secure?: boolean;
  httpOnly?: boolean;
}

const YEAR_MS = 365 * 86_400_000;
const EPOCH_DELTA_MS = 11_644_473_600_000;

function expiryOf(cookie: FixtureCookie): number | null {
  return cookie.expiresAt === undefined ? Date.now() + YEAR_MS : cookie.expiresAt;
}

// ---------- Chromium encryption, per OS ----------

export type ChromiumEncryptor = (value: string, hostKey: string, metaVersion: number) => Buffer;

function withHostHash(value: string, hostKey: string, metaVersion: number): Buffer {
  const plain = Buffer.from(value, 'utf8');
  return metaVersion >= 24 ? Buffer.concat([createHash('sha256').update(hostKey).digest(), plain]) : plain;
}

/** macOS v10 / Linux v10, v11: AES-128-CBC, PBKDF2-SHA1(password, saltysalt, iterations), IV of 16 spaces. */
export function cbcEncryptor(prefix: 'v10' | 'v11', password: string, iterations: number): ChromiumEncryptor {
  const key = pbkdf2Sync(password, 'saltysalt', iterations, 16, 'sha1');
  return (value, hostKey, metaVersion) => {
    const cipher = createCipheriv('aes-128-cbc', key, Buffer.alloc(16, 0x20));
    return Buffer.concat([Buffer.from(prefix), cipher.update(withHostHash(value, hostKey, metaVersion)), cipher.final()]);
  };
}

/** Windows v10/v11: AES-256-GCM, prefix | 12-byte nonce | ciphertext | 16-byte tag. */
export function gcmEncryptor(prefix: 'v10' | 'v11' | 'v20', key: Buffer): ChromiumEncryptor {
  return (value, hostKey, metaVersion) => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(withHostHash(value, hostKey, metaVersion)), cipher.final()]);
    return Buffer.concat([Buffer.from(prefix), nonce, body, cipher.getAuthTag()]);
  };
}

/** No encryption: the value goes in the `value` column, as very old or unencrypted profiles have it. */
export const plaintext: ChromiumEncryptor = () => Buffer.alloc(0);

// ---------- Chromium Cookies database ----------

// The `cookies` table of Chromium's cookie database at meta version 24 (Chrome 130+).
const CHROMIUM_SCHEMA = `
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,
  value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,
  is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,
  priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,source_port INTEGER NOT NULL,
  last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL,has_cross_site_ancestor INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme, source_port);
`;

export function chromeTime(ms: number): number {
  return (ms + EPOCH_DELTA_MS) * 1000;
}

export interface ChromiumDbOptions {
  metaVersion?: number;
  /** Per-cookie encryptor override (e.g. one v20 cookie among v10 ones). */
  encryptorFor?: (cookie: FixtureCookie) => ChromiumEncryptor | undefined;
}

export function insertChromiumCookies(db: Database.Database, cookies: FixtureCookie[], encrypt: ChromiumEncryptor, options: ChromiumDbOptions = {}): void {
  const metaVersion = options.metaVersion ?? 24;
  const insert = db.prepare(
    `INSERT INTO cookies VALUES (@creation, @host, '', @name, @value, @encrypted, @path, @expires, @secure, @httponly, @creation, @hasExpires, @persistent, 1, 0, 2, 443, @creation, 0, 0)`,
  );
  const now = chromeTime(Date.now());
  for (const cookie of cookies) {
    const enc = options.encryptorFor?.(cookie) ?? encrypt;
    const encrypted = enc(cookie.value, cookie.host, metaVersion);
    const expiry = expiryOf(cookie);
    insert.run({
      creation: now,
      host: cookie.host,
      name: cookie.name,
      value: encrypted.length === 0 ? cookie.value : '',
      encrypted,
      path: cookie.path ?? '/',
      expires: expiry === null ? 0 : chromeTime(expiry),
      secure: cookie.secure === false ? 0 : 1,
      httponly: cookie.httpOnly === false ? 0 : 1,
      hasExpires: expiry === null ? 0 : 1,
      persistent: expiry === null ? 0 : 1,
    });
  }
}

/** Writes a Chromium `Cookies` database (rollback journal, like Chrome's). */
export function writeChromiumCookiesDb(path: string, cookies: FixtureCookie[], encrypt: ChromiumEncryptor, options: ChromiumDbOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.exec(CHROMIUM_SCHEMA);
    const metaVersion = options.metaVersion ?? 24;
    db.prepare(`INSERT INTO meta VALUES ('version', ?), ('last_compatible_version', ?), ('mmap_status', '-1')`).run(
      String(metaVersion),
      String(Math.min(metaVersion, 24)),
    );
    insertChromiumCookies(db, cookies, encrypt, options);
  } finally {
    db.close();
  }
}

/** `Local State` with a DPAPI-wrapped key (Windows), and optionally an app-bound key (Chrome 127+). */
export function writeLocalState(userDataDir: string, protectedKey: Buffer | null, extra: { appBound?: boolean; lastUsed?: string } = {}): void {
  mkdirSync(userDataDir, { recursive: true });
  const osCrypt: Record<string, string> = {};
  if (protectedKey !== null) osCrypt.encrypted_key = Buffer.concat([Buffer.from('DPAPI'), protectedKey]).toString('base64');
  if (extra.appBound === true) osCrypt.app_bound_encrypted_key = Buffer.concat([Buffer.from('APPB'), randomBytes(64)]).toString('base64');
  const state: Record<string, unknown> = { os_crypt: osCrypt };
  if (extra.lastUsed !== undefined) state.profile = { last_used: extra.lastUsed, info_cache: {} };
  writeFileSync(join(userDataDir, 'Local State'), JSON.stringify(state));
}

// ---------- Firefox cookies.sqlite ----------

// moz_cookies as Firefox 13x creates it (schema version 15ish); WAL like a running Firefox.
const MOZ_SCHEMA = `
CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '', name TEXT, value TEXT, host TEXT,
  path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER,
  inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, rawSameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,
  isPartitionedAttributeSet INTEGER DEFAULT 0, CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));
`;

export function insertFirefoxCookies(db: Database.Database, cookies: (FixtureCookie & { originAttributes?: string })[], expiryUnit: 's' | 'ms' = 's'): void {
  const insert = db.prepare(
    `INSERT INTO moz_cookies (originAttributes, name, value, host, path, expiry, lastAccessed, creationTime, isSecure, isHttpOnly, sameSite, rawSameSite, schemeMap)
     VALUES (@oa, @name, @value, @host, @path, @expiry, @now, @now, @secure, @httponly, 1, 1, 2)`,
  );
  for (const cookie of cookies) {
    const expiry = expiryOf(cookie) ?? Date.now() + YEAR_MS;
    insert.run({
      oa: cookie.originAttributes ?? '',
      name: cookie.name,
      value: cookie.value,
      host: cookie.host,
      path: cookie.path ?? '/',
      expiry: expiryUnit === 's' ? Math.floor(expiry / 1000) : expiry,
      now: Date.now() * 1000,
      secure: cookie.secure === false ? 0 : 1,
      httponly: cookie.httpOnly === false ? 0 : 1,
    });
  }
}

/** Writes `cookies.sqlite`; returns the still-open connection when `keepOpen` (its WAL is not checkpointed). */
export function writeFirefoxCookiesDb(
  path: string,
  cookies: (FixtureCookie & { originAttributes?: string })[],
  options: { keepOpen?: boolean; expiryUnit?: 's' | 'ms' } = {},
): Database.Database | null {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(MOZ_SCHEMA);
  db.pragma('user_version = 15');
  insertFirefoxCookies(db, cookies, options.expiryUnit);
  if (options.keepOpen === true) return db;
  db.close();
  return null;
}

export function writeProfilesIni(root: string, profiles: { name: string; path: string; isDefault?: boolean }[], installDefault?: string): void {
  mkdirSync(root, { recursive: true });
  const lines: string[] = [];
  if (installDefault !== undefined) lines.push('[Install4F96D1932A9F858E]', `Default=${installDefault}`, 'Locked=1', '');
  profiles.forEach((p, i) => {
    lines.push(`[Profile${i}]`, `Name=${p.name}`, 'IsRelative=1', `Path=${p.path}`, ...(p.isDefault ? ['Default=1'] : []), '');
  });
  lines.push('[General]', 'StartWithLastProfile=1', 'Version=2', '');
  writeFileSync(join(root, 'profiles.ini'), lines.join('\n'));
}

// ---------- Safari Cookies.binarycookies ----------

const MAC_EPOCH_OFFSET_S = 978_307_200;

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function f64le(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
}

/** One cookie record: 56-byte header, then NUL-terminated domain, name, path, value. */
export function binaryCookieRecord(cookie: FixtureCookie): Buffer {
  const strings = [cookie.host, cookie.name, cookie.path ?? '/', cookie.value].map((s) => Buffer.from(`${s}\0`, 'utf8'));
  const headerSize = 56;
  const offsets: number[] = [];
  let at = headerSize;
  for (const s of strings) {
    offsets.push(at);
    at += s.length;
  }
  const flags = (cookie.secure === false ? 0 : 1) | (cookie.httpOnly === false ? 0 : 4);
  const expiry = expiryOf(cookie);
  const header = Buffer.concat([
    u32le(at), // size of the whole record
    u32le(1), // version
    u32le(flags),
    u32le(0), // has port
    ...offsets.map(u32le), // domain, name, path, value
    u32le(0), // comment offset (none)
    u32le(0), // comment URL offset (none)
    f64le(expiry === null ? 0 : expiry / 1000 - MAC_EPOCH_OFFSET_S),
    f64le(Date.now() / 1000 - MAC_EPOCH_OFFSET_S),
  ]);
  return Buffer.concat([header, ...strings]);
}

function binaryCookiePage(cookies: FixtureCookie[]): Buffer {
  const records = cookies.map(binaryCookieRecord);
  const tableSize = 4 + 4 + records.length * 4 + 4;
  const offsets: number[] = [];
  let at = tableSize;
  for (const r of records) {
    offsets.push(at);
    at += r.length;
  }
  return Buffer.concat([u32be(0x00000100), u32le(records.length), ...offsets.map(u32le), u32le(0), ...records]);
}

/** A whole Cookies.binarycookies file: signature, page table, pages, checksum, trailer and an (empty) plist. */
export function binaryCookiesFile(pages: FixtureCookie[][]): Buffer {
  const built = pages.map(binaryCookiePage);
  let checksum = 0;
  for (const page of built) for (let i = 0; i < page.length; i += 4) checksum += page[i] ?? 0;
  return Buffer.concat([
    Buffer.from('cook'),
    u32be(built.length),
    ...built.map((p) => u32be(p.length)),
    ...built,
    u32be(checksum >>> 0),
    Buffer.from([0x07, 0x17, 0x20, 0x05, 0x00, 0x00, 0x00, 0x4b]),
    Buffer.from('bplist00', 'latin1'),
  ]);
}

export function writeSafariCookies(path: string, pages: FixtureCookie[][]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, binaryCookiesFile(pages));
}

// ---------- fake keychain tools ----------

/**
 * Writes an executable shell script `name` into `binDir` that appends its arguments to `logFile`
 * (one line per call) and then runs `body`. Keychain helpers get a minimal environment, so
 * everything the fake needs is baked into the script, as a real tool's configuration would be.
 */
export function writeFakeTool(binDir: string, name: string, logFile: string, body: string): string {
  mkdirSync(binDir, { recursive: true });
  const path = join(binDir, name);
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${logFile}'\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A `secret-tool` that knows one password for `lookup application <app>`. */
export function fakeSecretTool(binDir: string, logFile: string, application: string, password: string | null): string {
  const answer =
    password === null
      ? 'exit 1'
      : `if [ "$1" = lookup ] && [ "$2" = application ] && [ "$3" = '${application}' ]; then printf '%s' '${password}'; exit 0; fi\nexit 1`;
  return writeFakeTool(binDir, 'secret-tool', logFile, answer);
}

/** A macOS `security` that answers `find-generic-password -w -s <service> -a <account>`, or refuses like a denied prompt. */
export function fakeSecurity(binDir: string, logFile: string, service: string, account: string, outcome: { password: string } | { exitCode: number }): string {
  const body =
    'password' in outcome
      ? `if [ "$1" = find-generic-password ] && [ "$2" = -w ] && [ "$3" = -s ] && [ "$4" = '${service}' ] && [ "$5" = -a ] && [ "$6" = '${account}' ]; then echo '${outcome.password}'; exit 0; fi\n` +
        `echo 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.' >&2\nexit 44`
      : `echo 'security: SecKeychainItemCopyContent: User canceled the operation.' >&2\nexit ${outcome.exitCode}`;
  return writeFakeTool(binDir, 'security', logFile, body);
}
