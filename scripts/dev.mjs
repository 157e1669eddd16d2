// `npm run dev`: the edit loop. tsc rebuilds main, preload, CLI and server into dist/ on every save (the CLI's bundle follows);
// a `quotabar serve` from dist/ restarts after each rebuild; Vite serves the renderer from source with
// hot reload and hands /api to that server. Open the printed URL: the popover and Preferences update
// as you type, and they talk to the real core.
//
// Options: --port N (the page, default 5173), --codex-home DIR, --no-tsc (reuse dist/ as built),
// --once (start, print the URL, and exit when stdin closes: what the dev-loop test drives).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { bundleCli } from './bundle-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5173' },
    'codex-home': { type: 'string' },
    'no-tsc': { type: 'boolean', default: false },
    once: { type: 'boolean', default: false },
  },
});

const log = (line) => process.stderr.write(`dev: ${line}\n`);

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// The page talks to the server through Vite's proxy, which adds the server's token, but only to
// requests that carry this launch's cookie: the printed `?dev=` link sets it. Other users of the
// machine can reach the Vite port, yet without the cookie the server answers them 401.
const token = randomBytes(24).toString('base64url');
const devSecret = randomBytes(24).toString('base64url');
const DEV_COOKIE = 'quotabar-dev';
const hasDevCookie = (cookieHeader) => typeof cookieHeader === 'string' && cookieHeader.split(';').some((part) => part.trim() === `${DEV_COOKIE}=${devSecret}`);
const apiPort = await freePort();
const apiOrigin = `http://127.0.0.1:${apiPort}`;

const children = new Set();
function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

if (!values['no-tsc']) {
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput']);
}

let server = null;
function startServer() {
  const args = [join(root, 'bin', 'quotabar.js'), 'serve', '--port', String(apiPort)];
  if (values['codex-home'] !== undefined) args.push('--codex-home', values['codex-home']);
  server = run(process.execPath, args, { env: { ...process.env, QUOTABAR_SERVE_TOKEN: token } });
}
function restartServer() {
  const old = server;
  if (old === null || old.exitCode !== null) return startServer();
  old.once('exit', startServer);
  old.kill('SIGTERM');
}

const distCli = join(root, 'dist', 'electron', 'cli', 'main.js');
if (!existsSync(distCli)) {
  log('dist/ is not built yet: run `npm run build` once first.');
  process.exit(1);
}
startServer();

// tsc writes many files per save: restart once they stop coming.
let restartTimer = null;
const distWatch = watch(join(root, 'dist', 'electron'), { recursive: true }, () => {
  if (restartTimer !== null) clearTimeout(restartTimer);
  restartTimer = setTimeout(() => {
    restartTimer = null;
    log('core rebuilt: restarting the server');
    // The server runs from the CLI's bundle, made from what tsc just wrote.
    bundleCli().then(restartServer, (error) => log(`bundling the CLI failed: ${String(error)}`));
  }, 400);
});

/** Vite's dev client and React's refresh preamble are inline and use a websocket: dev pages only. */
const devCsp = {
  name: 'quotabar-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(
      /<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/,
      `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'" />`,
    ),
};

const devSecretLink = {
  name: 'quotabar-dev-secret',
  apply: 'serve',
  configureServer(server) {
    server.middlewares.use((request, response, next) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.searchParams.get('dev') !== devSecret) return next();
      response.writeHead(303, { Location: '/', 'Set-Cookie': `${DEV_COOKIE}=${devSecret}; HttpOnly; SameSite=Strict; Path=/` });
      response.end();
    });
  },
};

const vite = await createViteServer({
  configFile: join(root, 'renderer', 'vite.config.ts'),
  logLevel: 'warn',
  plugins: [devCsp, devSecretLink],
  server: {
    host: '127.0.0.1',
    port: Number(values.port),
    strictPort: false,
    proxy: {
      '/api': {
        target: apiOrigin,
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReq', (request, incoming) => {
            request.removeHeader('cookie');
            if (!hasDevCookie(incoming.headers.cookie)) return;
            request.setHeader('authorization', `Bearer ${token}`);
            // The server refuses foreign origins; through this proxy the page is its own.
            if (request.getHeader('origin') !== undefined) request.setHeader('origin', apiOrigin);
          });
        },
      },
    },
  },
});
/** The URL is printed once the server answers, so the page's first requests find it. */
async function serverAnswers(timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${apiOrigin}/api/health`, { headers: { authorization: `Bearer ${token}` } });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

await vite.listen();
if (!(await serverAnswers())) log(`the server on ${apiOrigin} did not answer within 30 s; the page shows why once it does.`);
const pageUrl = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${values.port}/`;
process.stdout.write(`${pageUrl}?dev=${devSecret}\n`);
log(`the page reloads as you edit renderer/; the server restarts when tsc rebuilds the core. Ctrl-C stops.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  distWatch.close();
  if (restartTimer !== null) clearTimeout(restartTimer);
  await vite.close();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all([...children].map((child) => new Promise((resolve) => child.once('exit', resolve))));
  process.exit(0);
}
// Vite's dev server ends the process itself on SIGTERM and on stdin's end, before stop() is done:
// the children still get their signal, so no server outlives the loop.
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (values.once) {
  process.stdin.resume();
  process.stdin.on('end', () => void stop());
}
