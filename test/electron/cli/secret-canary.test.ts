import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SCENARIOS, startBackendDouble } from '../../doubles/chatgpt-backend-double.js';
import { writeCodexDouble } from '../../helpers/codex-double-bin.js';
import { canary, tempDir, writeApiKeyAuth, writeChatgptAuth } from '../../helpers/codex-home-fixture.js';
import { runQuotabar } from '../../helpers/run-cli.js';

// Every scenario runs with secrets that carry a unique marker; the marker must appear in no
// output stream and no file QuotaBar writes. Verbose logging is on to give leaks every chance.

const dir = tempDir('quotabar-canary-');
after(() => dir.cleanup());

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function assertNoLeak(marker: string, label: string, texts: string[], quotabarHome: string): void {
  for (const text of texts) assert.ok(!text.includes(marker), `${label}: the secret marker leaked into output`);
  for (const file of filesUnder(quotabarHome)) {
    assert.ok(!readFileSync(file).toString('latin1').includes(marker), `${label}: the secret marker leaked into ${file}`);
  }
  for (const text of texts) assert.ok(!/Bearer\s+ey/i.test(text), `${label}: an Authorization header leaked`);
}

test('no token, API key or cookie value reaches stdout, stderr or QuotaBar files in any scenario', async () => {
  const rpcScenarios = ['normal', 'not-logged-in', 'api-key', 'body-decode-error', 'crash', 'garbage', 'proxy', 'unsupported'];
  for (const scenario of BACKEND_SCENARIOS) {
    // The app-server scenarios are crossed with one backend scenario; each backend scenario runs once.
    for (const rpc of scenario === 'unauthorized' ? rpcScenarios : ['normal']) {
      const marker = canary();
      const home = join(dir.path, marker);
      const codexHome = join(home, '.codex');
      const quotabarHome = join(home, 'qb');
      const auth = writeChatgptAuth(codexHome, { marker, exp: Math.floor(Date.now() / 1000) + 3600 });
      const cookie = `__Secure-next-auth.session-token=${marker}-cookie`;
      const backend = await startBackendDouble({
        scenario,
        accessToken: auth.accessToken,
        accountId: 'acc-123',
        slowMs: 3000,
        session: {
          cookieName: '__Secure-next-auth.session-token',
          cookieValue: `${marker}-cookie`,
          email: 'a@example.com',
          accessToken: `${marker}-web-access`,
        },
      });
      try {
        const bin = writeCodexDouble(join(home, 'bin'), { CODEX_DOUBLE_RPC: rpc });
        const env = { HOME: home, QUOTABAR_HOME: quotabarHome, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, OPENAI_API_KEY: `sk-${marker}` };
        const variants =
          scenario === 'unauthorized'
            ? [['--verbose', '--source', 'rpc', '--json']]
            : [['--json', '--cookie-header', cookie], ['--verbose'], ['--json', '--source', 'web', '--cookie-header', cookie]];
        for (const args of variants) {
          const run = await runQuotabar(['usage', '--codex-home', codexHome, '--codex-bin', bin, '--timeout', '1', ...args], env);
          assertNoLeak(marker, `${scenario}/${rpc} ${args.join(' ')}`, [run.stdout, run.stderr], quotabarHome);
        }
      } finally {
        await backend.close();
      }
    }
  }
  // An API-key login: the key itself must not show either.
  const marker = canary();
  const codexHome = join(dir.path, 'apikey', '.codex');
  writeApiKeyAuth(codexHome, `sk-proj-${marker}`);
  const run = await runQuotabar(['usage', '--json', '--verbose', '--codex-home', codexHome], {
    HOME: join(dir.path, 'apikey'),
    QUOTABAR_HOME: join(dir.path, 'apikey', 'qb'),
  });
  assertNoLeak(marker, 'api key login', [run.stdout, run.stderr], join(dir.path, 'apikey', 'qb'));
  assert.match(run.stdout, /API key/);
});
