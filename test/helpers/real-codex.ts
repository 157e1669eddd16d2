// The real Codex CLI (the pinned @openai/codex devDependency) as a test fixture: a private HOME
// and CODEX_HOME whose config.toml points both base URLs at a loopback backend double, an
// auth.json with unsigned tokens the CLI accepts, and checks that a run changed none of the
// user's files and left no Codex process behind.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackendDouble, type BackendDouble, type BackendDoubleOptions, type BackendScenario } from '../doubles/chatgpt-backend-double.js';
import { tempDir, writeChatgptAuth, type TempDir } from './codex-home-fixture.js';
import { waitForNoProcesses } from './process-scan.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The npm launcher of the pinned Codex CLI (a node script that runs the native binary). */
export const REAL_CODEX_BIN = join(repoRoot, 'node_modules', '.bin', 'codex');

/** Access-token expiry far beyond any test date: the CLI then never tries to refresh it. */
const NEVER_EXPIRES = 4_102_444_800; // 2100-01-01

/** A port nothing listens on: any request that bypasses the loopback base URLs fails at once, on this machine. */
const DEAD_PROXY = 'http://127.0.0.1:9';

export interface RealCodexOptions {
  scenario: BackendScenario;
  plan?: string;
  email?: string;
  /** More TOML appended to config.toml (the user's own settings). */
  configExtra?: string;
  backend?: Partial<Omit<BackendDoubleOptions, 'scenario' | 'accessToken' | 'accountId'>>;
}

export interface RealCodexHome {
  root: TempDir;
  home: string;
  codexHome: string;
  backend: BackendDouble;
  /** The environment to run QuotaBar with: PATH finds node (the launcher needs it), HOME is private. */
  env: Record<string, string>;
  /** Asserts config.toml and auth.json are byte-identical, and that nothing of a run stayed in CODEX_HOME. */
  assertUntouched(): void;
  /** Asserts no process mentioning this fixture (its CODEX_HOME is in every Codex's environment) is alive. */
  assertNoCodexLeft(): Promise<void>;
  close(): Promise<void>;
}

export async function realCodexHome(options: RealCodexOptions): Promise<RealCodexHome> {
  const root = tempDir('quotabar-real-codex-');
  const home = join(root.path, 'home');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  const auth = writeChatgptAuth(codexHome, {
    exp: NEVER_EXPIRES,
    plan: options.plan ?? 'plus',
    email: options.email ?? 'a@example.org',
    accountId: 'acc-123',
  });
  const backend = await startBackendDouble({ ...options.backend, scenario: options.scenario, accessToken: auth.accessToken, accountId: auth.accountId });
  const configPath = join(codexHome, 'config.toml');
  writeFileSync(configPath, `chatgpt_base_url = "${backend.baseUrl}"\nopenai_base_url = "${backend.baseUrl}/codex"\n${options.configExtra ?? ''}`);
  const before = { config: readFileSync(configPath), auth: readFileSync(auth.path), entries: readdirSync(codexHome).sort() };
  const env: Record<string, string> = {
    HOME: home,
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    TZ: process.env.TZ ?? 'UTC',
    QUOTABAR_HOME: join(root.path, 'quotabar'),
    // Codex fetches a start-up announcement from GitHub that no setting turns off; through a dead
    // proxy it fails here instead of leaving the machine.
    HTTPS_PROXY: DEAD_PROXY,
    HTTP_PROXY: DEAD_PROXY,
    NO_PROXY: '127.0.0.1,localhost',
  };
  return {
    root,
    home,
    codexHome,
    backend,
    env,
    assertUntouched() {
      assert.ok(readFileSync(configPath).equals(before.config), `config.toml changed:\n${readFileSync(configPath, 'utf8')}`);
      assert.ok(readFileSync(auth.path).equals(before.auth), 'auth.json changed');
      const entries = readdirSync(codexHome);
      assert.deepEqual(
        entries.filter((e) => /\.config\.toml$/.test(e)),
        [],
        'no profile file is left in CODEX_HOME',
      );
      assert.equal(existsSync(join(codexHome, 'packages')), false, 'no managed-daemon install in CODEX_HOME');
      for (const name of before.entries) assert.ok(entries.includes(name), `${name} is still there`);
    },
    async assertNoCodexLeft() {
      assert.deepEqual(await waitForNoProcesses(root.path, 4000), [], 'no Codex process outlives the run');
    },
    async close() {
      await backend.close();
      root.cleanup();
    },
  };
}

/** The paths the real CLI asked the backend for (to check it needs nothing but the loopback double). */
export function requestedPaths(backend: BackendDouble): string[] {
  return [...new Set(backend.requests.map((r) => `${r.method} ${r.path}`))].sort();
}
