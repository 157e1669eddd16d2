// `npm run dev` as a developer runs it: Vite serves the renderer from source with hot reload and hands
// /api to a real `quotabar serve` built in dist/ (npm test builds it first).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { shiftedClockEnv } from '../helpers/shifted-clock-env.js';
import { waitForNoProcesses } from '../helpers/process-scan.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function startDevLoop(marker: string): Promise<{ child: ChildProcess; url: URL; quotabarHome: string }> {
  const quotabarHome = mkdtempSync(join(tmpdir(), 'qb-dev-home-'));
  const codexHome = mkdtempSync(join(tmpdir(), 'qb-dev-codex-'));
  const child = spawn(process.execPath, [join(root, 'scripts', 'dev.mjs'), '--no-tsc', '--once', '--port', '0'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...shiftedClockEnv(), QUOTABAR_HOME: quotabarHome, CODEX_HOME: codexHome, PATH: '/usr/bin:/bin', QB_DEV_MARKER: marker },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`dev loop exited (${code}): ${stderr}`)));
  });
  return { child, url: new URL(firstLine), quotabarHome };
}

async function stopDevLoop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdin?.end();
  return exited;
}

test('the dev loop serves the renderer with hot reload and lets only its own page write through to a real server', async () => {
  const marker = `qb-dev-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const { child, url, quotabarHome } = await startDevLoop(marker);
  try {
    const base = `${url.protocol}//${url.host}`;
    const secret = url.searchParams.get('dev');
    assert.ok(secret !== null && secret.length >= 24, 'the printed link carries a launch secret');

    // Without the link's cookie the proxy adds no token, and the token-protected server refuses.
    assert.equal((await fetch(`${base}/api/health`)).status, 401);
    const forged = await fetch(`${base}/api/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base, Cookie: 'quotabar-dev=guess' },
      body: JSON.stringify({ display: { theme: 'dark' } }),
    });
    assert.ok([401, 403].includes(forged.status), `a write without the link's cookie is refused (got ${forged.status})`);
    assert.equal(existsSync(join(quotabarHome, 'settings.json')), false, 'nothing was saved');

    const link = await fetch(url, { redirect: 'manual' });
    assert.equal(link.status, 303);
    const setCookie = link.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;

    const health = await fetch(`${base}/api/health`, { headers: { Cookie: cookie } });
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { ok: boolean }).ok, true);

    const save = await fetch(`${base}/api/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base, Cookie: cookie },
      body: JSON.stringify({ display: { theme: 'dark' } }),
    });
    assert.equal(save.status, 200);
    const saved = JSON.parse(readFileSync(join(quotabarHome, 'settings.json'), 'utf8')) as { display: { theme: string } };
    assert.equal(saved.display.theme, 'dark');

    // The page comes from source through Vite's dev client: edits reload it.
    const page = await (await fetch(`${base}/`, { headers: { Cookie: cookie } })).text();
    assert.match(page, /\/@vite\/client/);
    assert.equal((await fetch(`${base}/@vite/client`)).status, 200);
    const entry = await (await fetch(`${base}/main.tsx`)).text();
    assert.match(entry, /import\.meta\.hot|\$RefreshReg\$|createRoot/);
  } finally {
    assert.equal(await stopDevLoop(child), 0);
  }
  assert.deepEqual(await waitForNoProcesses(marker, 10_000), [], 'the server child is gone with the dev loop');
});
