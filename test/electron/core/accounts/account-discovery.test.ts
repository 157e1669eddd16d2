import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discoverAccounts, homeAccountId } from '../../../../electron/core/accounts/account-discovery.js';
import { parseCcsFile } from '../../../../electron/core/accounts/ccs-pool.js';
import { parseCodexProxyRegistry } from '../../../../electron/core/accounts/codex-proxy-registry.js';
import { scrubSecrets } from '../../../../electron/core/util/secret-registry.js';
import { makeJwt, tempDir, writeChatgptAuth } from '../../../helpers/codex-home-fixture.js';
import { writeCcsAccount, writeCodexProxyRegistry } from '../../../helpers/account-pool-fixture.js';

const NOW = new Date('2026-11-21T19:00:00.000Z');
const LATER = NOW.getTime() + 3600_000;
const OFF = { ccs: false, codexProxy: false };
const ALL = { ccs: true, codexProxy: true };

test('the default home comes first, then settings homes in order, then imports by email', async () => {
  const dir = tempDir();
  try {
    const home = dir.path;
    writeChatgptAuth(join(home, '.codex'), { email: 'me@example.com', accountId: 'acc-me' });
    writeChatgptAuth(join(home, 'work'), { email: 'work@example.com', accountId: 'acc-work' });
    writeCcsAccount(home, { email: 'zed@example.com', accountId: 'acc-z', expiresAtMs: LATER, marker: 'm1' });
    writeCodexProxyRegistry(home, [{ email: 'bob@example.com', accountId: 'acc-b', expiresAtMs: LATER, marker: 'm2' }]);
    const { accounts, warnings } = await discoverAccounts({
      defaultHome: join(home, '.codex'),
      userHome: home,
      accounts: [
        { id: 'w', label: 'Work', codexHome: join(home, 'work') },
        { id: 'e', label: '', codexHome: join(home, 'empty-home') },
      ],
      imports: ALL,
      now: NOW,
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      accounts.map((a) => [a.id, a.label, a.origin, a.email]),
      [
        [homeAccountId(join(home, '.codex')), 'me@example.com', 'codex-home', 'me@example.com'],
        [homeAccountId(join(home, 'work')), 'Work', 'codex-home', 'work@example.com'],
        [homeAccountId(join(home, 'empty-home')), 'empty-home', 'codex-home', null],
        ['codex-proxy:acc-b', 'bob@example.com', 'codex-proxy', 'bob@example.com'],
        ['ccs:acc-z', 'zed@example.com', 'ccs', 'zed@example.com'],
      ],
    );
  } finally {
    dir.cleanup();
  }
});

test('imports are read only when asked for', async () => {
  const dir = tempDir();
  try {
    writeCcsAccount(dir.path, { email: 'zed@example.com', accountId: 'acc-z', expiresAtMs: LATER, marker: 'm1' });
    const { accounts } = await discoverAccounts({ defaultHome: join(dir.path, '.codex'), userHome: dir.path, accounts: [], imports: OFF, now: NOW });
    assert.deepEqual(
      accounts.map((a) => a.origin),
      ['codex-home'],
    );
  } finally {
    dir.cleanup();
  }
});

test('one ChatGPT account reached three ways is listed once: the Codex home wins, then CCS', async () => {
  const dir = tempDir();
  try {
    const home = dir.path;
    writeChatgptAuth(join(home, '.codex'), { email: 'me@example.com', accountId: 'acc-me' });
    writeCcsAccount(home, { email: 'me@example.com', accountId: 'acc-me', expiresAtMs: LATER, marker: 'm1' });
    writeCcsAccount(home, { email: 'two@example.com', accountId: 'acc-2', expiresAtMs: LATER, marker: 'm2', accountIdInClaimsOnly: true });
    writeCodexProxyRegistry(home, [
      { email: 'me@example.com', accountId: 'acc-me', expiresAtMs: LATER, marker: 'm3' },
      { email: 'two@example.com', accountId: 'acc-2', expiresAtMs: LATER, marker: 'm4' },
      { email: 'two@example.com', accountId: 'acc-other-workspace', expiresAtMs: LATER, marker: 'm5' },
    ]);
    const { accounts } = await discoverAccounts({ defaultHome: join(home, '.codex'), userHome: home, accounts: [], imports: ALL, now: NOW });
    assert.deepEqual(
      accounts.map((a) => a.id),
      [homeAccountId(join(home, '.codex')), 'ccs:acc-2', 'codex-proxy:acc-other-workspace'],
    );
  } finally {
    dir.cleanup();
  }
});

test('a settings entry naming the default home is the same account, with the settings label', async () => {
  const dir = tempDir();
  try {
    writeChatgptAuth(join(dir.path, '.codex'), { email: 'me@example.com' });
    const { accounts } = await discoverAccounts({
      defaultHome: join(dir.path, '.codex'),
      userHome: dir.path,
      accounts: [{ id: 'mine', label: 'Personal', codexHome: join(dir.path, '.codex') }],
      imports: OFF,
      now: NOW,
    });
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0]?.label, 'Personal');
  } finally {
    dir.cleanup();
  }
});

test('a bad CCS file or registry entry is skipped with a warning and the rest still listed', async () => {
  const dir = tempDir();
  try {
    const home = dir.path;
    writeCcsAccount(home, { email: 'ok@example.com', accountId: 'acc-ok', expiresAtMs: LATER, marker: 'm1' });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, '.ccs', 'cliproxy', 'auth', 'codex-broken.json'), '{ not json');
    writeFileSync(join(home, '.ccs', 'cliproxy', 'auth', 'claude-other.json'), '{}');
    writeCodexProxyRegistry(
      home,
      [{ email: 'p@example.com', accountId: 'acc-p', expiresAtMs: LATER, marker: 'm2' }],
      [{ email: 'no-token@example.com' }, 'junk'],
    );
    const { accounts, warnings } = await discoverAccounts({ defaultHome: join(home, '.codex'), userHome: home, accounts: [], imports: ALL, now: NOW });
    assert.deepEqual(accounts.map((a) => a.id).slice(1), ['ccs:acc-ok', 'codex-proxy:acc-p']);
    assert.deepEqual(warnings, [
      'Skipped CCS account file codex-broken.json: it is not valid JSON.',
      'Skipped codex-proxy account #2: it holds no accessToken.',
      'Skipped codex-proxy account #3: it holds no accessToken.',
    ]);
  } finally {
    dir.cleanup();
  }
});

test('a CCS file without account_id takes it from the token claims; its expiry comes from `expired`', () => {
  const access = makeJwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'acc-claims', chatgpt_plan_type: 'pro' } }, 'sig-ccs-1');
  const parsed = parseCcsFile(
    JSON.stringify({ access_token: access, email: 'c@example.com', expired: '2026-11-21T20:00:00+01:00', type: 'codex', extra: { x: 1 } }),
    'codex-c.json',
  );
  assert.deepEqual(parsed, {
    ok: true,
    token: { accessToken: access, email: 'c@example.com', accountId: 'acc-claims', plan: 'pro', expiresAtMs: Date.parse('2026-11-21T19:00:00.000Z') },
  });
});

test('codex-proxy fields of the wrong type are dropped, not fatal', () => {
  const access = makeJwt({ email: 'claims@example.com', exp: 1_900_000_000 }, 'sig-proxy-1');
  const entries = parseCodexProxyRegistry(
    JSON.stringify({ accounts: [{ accessToken: access, email: 42, accountId: 'acc-x', planType: null, expiresAt: 'soon' }] }),
  );
  assert.deepEqual(entries, [
    { ok: true, token: { accessToken: access, email: 'claims@example.com', accountId: 'acc-x', plan: null, expiresAtMs: 1_900_000_000_000 } },
  ]);
});

test('tokens are registered as secrets the moment they are read', () => {
  const refresh = 'rt_registered_when_read_1234';
  parseCodexProxyRegistry(JSON.stringify({ accounts: [{ refreshToken: refresh }] }));
  assert.equal(scrubSecrets(`x ${refresh} y`), 'x [redacted] y');
});
