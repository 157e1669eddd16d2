// The renderer is served from app://quotabar/ rather than file://: a real origin for 'self' in the
// CSP and for checking IPC senders, a CSP header on every response, and no way for the page to
// read other files on disk.
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'quotabar';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type RendererView = 'popover' | 'preferences';

/** The page for a window; the renderer picks its view from the hash. */
export function rendererUrl(view: RendererView): string {
  return `${APP_ORIGIN}/index.html#/${view}`;
}

/** True for a URL on our own origin (and nothing that merely looks like it). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
  } catch {
    return false;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rootDir` an app:// request names, or null for anything outside it: other origins,
 * `..` escapes (encoded or not), backslashes, NUL bytes.
 */
export function resolveAppRequest(url: string, rootDir: string): { path: string; mimeType: string } | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = resolve(rootDir);
  const full = resolve(root, `.${pathname}`);
  if (!full.startsWith(root + sep)) return null;
  return { path: full, mimeType: mimeTypeFor(full) };
}
