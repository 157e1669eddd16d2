// Serves the built renderer (dist/renderer): only files under its folder, with their content types.

import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_CSP } from './http-security.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** dist/renderer, found from the compiled file (dist/electron/server) or from the source (electron/server). */
export function defaultRendererDir(): string {
  // Only a built renderer counts: the source folder (renderer/ beside electron/) has an index.html too.
  const candidates = [new URL('../../renderer', import.meta.url), new URL('../../dist/renderer', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .filter((dir) => basename(dirname(dir)) === 'dist');
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0] ?? '';
}

/**
 * The file a URL path names inside `root`, or null: decoding errors, NUL bytes, dot segments that
 * climb out, symlinks that lead out, and folders all give null.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((segment) => segment === '..')) return null;
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    return null;
  }
  const candidate = resolve(rootReal, relative);
  if (!candidate.startsWith(rootReal + sep)) return null;
  try {
    const real = realpathSync(candidate);
    if (!real.startsWith(rootReal + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Streams a resolved file with its type; HTML gets the page CSP and is never cached, hashed assets are. */
export function sendStaticFile(res: ServerResponse, path: string, headOnly: boolean, baseHeaders: Record<string, string>): void {
  const type = contentTypeFor(path);
  const isHtml = type.startsWith('text/html');
  const headers: Record<string, string | number> = {
    ...baseHeaders,
    'Content-Type': type,
    'Content-Length': statSync(path).size,
    'Cache-Control': isHtml ? 'no-cache' : /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (isHtml) headers['Content-Security-Policy'] = PAGE_CSP;
  res.writeHead(200, headers);
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}
