// Safari's `Cookies.binarycookies`:
//   file   "cook" | page count (u32 BE) | page sizes (u32 BE each) | pages | checksum and trailer
//   page   0x00000100 (BE) | cookie count (u32 LE) | cookie offsets from page start (u32 LE each) | 0x00000000 | cookies
//   cookie size | version | flags (1 secure, 4 HttpOnly) | has-port | offsets of domain, name, path, value,
//          comment, comment URL (all u32 LE, from the cookie's start) | expiry, creation (f64 LE, seconds
//          since 2001-01-01) | NUL-terminated strings
// Every offset is bounds-checked: a truncated or damaged file is an error with a reason, never a crash.

import { COOKIE_FILE_MAX_BYTES, isBoundedFileError, readBoundedBytesSync } from '../util/bounded-file.js';
import { registerSecret } from '../util/secret-registry.js';
import { isCookieSiteHost, type RawCookie, type StoreCookies } from './raw-cookie.js';

/** Seconds between 1970-01-01 and 2001-01-01 (Apple's reference date). */
export const MAC_EPOCH_OFFSET_S = 978_307_200;
const FLAG_SECURE = 0x1;
const FLAG_HTTP_ONLY = 0x4;
const COOKIE_HEADER_BYTES = 56;

export class BinaryCookiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryCookiesError';
  }
}

function need(buf: Buffer, offset: number, length: number, what: string): void {
  if (offset < 0 || length < 0 || offset + length > buf.length) {
    throw new BinaryCookiesError(`the file is truncated or damaged (${what} runs past the end)`);
  }
}

function cString(cookie: Buffer, offset: number, what: string): string {
  need(cookie, offset, 1, what);
  const end = cookie.indexOf(0, offset);
  if (end < 0) throw new BinaryCookiesError(`the file is damaged (${what} is not terminated)`);
  return cookie.subarray(offset, end).toString('utf8');
}

function parseCookie(cookie: Buffer): RawCookie {
  need(cookie, 0, COOKIE_HEADER_BYTES, 'a cookie header');
  const flags = cookie.readUInt32LE(8);
  const domain = cString(cookie, cookie.readUInt32LE(16), 'a cookie domain');
  const name = cString(cookie, cookie.readUInt32LE(20), 'a cookie name');
  const path = cString(cookie, cookie.readUInt32LE(24), 'a cookie path');
  const value = cString(cookie, cookie.readUInt32LE(28), 'a cookie value');
  const expiry = cookie.readDoubleLE(40);
  return {
    host: domain,
    name,
    value,
    path: path || '/',
    expiresAt: Number.isFinite(expiry) && expiry > 0 ? Math.round((expiry + MAC_EPOCH_OFFSET_S) * 1000) : null,
    secure: (flags & FLAG_SECURE) !== 0,
    httpOnly: (flags & FLAG_HTTP_ONLY) !== 0,
  };
}

function parsePage(page: Buffer, index: number): RawCookie[] {
  need(page, 0, 8, `page ${index + 1}'s header`);
  if (page.readUInt32BE(0) !== 0x00000100) throw new BinaryCookiesError(`the file is damaged (page ${index + 1} has no page marker)`);
  const count = page.readUInt32LE(4);
  need(page, 8, count * 4, `page ${index + 1}'s cookie table`);
  const cookies: RawCookie[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = page.readUInt32LE(8 + i * 4);
    need(page, start, 4, 'a cookie record');
    const size = page.readUInt32LE(start);
    need(page, start, size, 'a cookie record');
    cookies.push(parseCookie(page.subarray(start, start + size)));
  }
  return cookies;
}

/** Every cookie in the file (all sites). Pure. */
export function parseBinaryCookies(buf: Buffer): RawCookie[] {
  need(buf, 0, 8, 'the file header');
  if (buf.subarray(0, 4).toString('latin1') !== 'cook') throw new BinaryCookiesError('it is not a Safari cookie file (no "cook" signature)');
  const pageCount = buf.readUInt32BE(4);
  need(buf, 8, pageCount * 4, 'the page table');
  const cookies: RawCookie[] = [];
  let offset = 8 + pageCount * 4;
  for (let i = 0; i < pageCount; i += 1) {
    const size = buf.readUInt32BE(8 + i * 4);
    need(buf, offset, size, `page ${i + 1}`);
    cookies.push(...parsePage(buf.subarray(offset, offset + size), i));
    offset += size;
  }
  return cookies;
}

/** The chatgpt.com / openai.com cookies of a Safari cookie file. */
export function readSafariCookies(path: string): StoreCookies {
  let buf: Buffer;
  try {
    buf = readBoundedBytesSync(path, { maxBytes: COOKIE_FILE_MAX_BYTES });
  } catch (error) {
    if (isBoundedFileError(error) && (error.problem === 'not_a_file' || error.problem === 'too_large')) {
      return { cookies: [], notes: [`its cookie file ${error.detail}`] };
    }
    const code = isBoundedFileError(error) ? error.errno : (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES') {
      return {
        cookies: [],
        notes: [
          "macOS keeps Safari's cookies private until QuotaBar (or the terminal running it) has Full Disk Access: System Settings → Privacy & Security → Full Disk Access. Or use another browser, or paste a Cookie header",
        ],
      };
    }
    return { cookies: [], notes: [`its cookie file could not be read (${code ?? 'I/O error'})`] };
  }
  let all: RawCookie[];
  try {
    all = parseBinaryCookies(buf);
  } catch (error) {
    if (error instanceof BinaryCookiesError) return { cookies: [], notes: [`its cookie file could not be read: ${error.message}`] };
    throw error;
  }
  const cookies = all.filter((c) => isCookieSiteHost(c.host));
  for (const c of cookies) registerSecret(c.value);
  return { cookies, notes: [] };
}
