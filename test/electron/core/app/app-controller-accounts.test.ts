import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiEvent } from '../../../../shared/quotabar-api.js';
import { defaultSettings, type Settings } from '../../../../shared/settings-model.js';
import { isUsageFailure } from '../../../../shared/usage-model.js';
import { homeAccountId } from '../../../../electron/core/accounts/account-discovery.js';
import { createAppController } from '../../../../electron/core/app/app-controller.js';
import { memorySecretStore } from '../../../../electron/core/secrets/secret-store.js';
import { openSettingsStore } from '../../../../electron/core/settings/settings-store.js';
import { silentLogger } from '../../../../electron/core/util/logger.js';
import { startBackendDouble, type BackendAccount, type BackendDouble } from '../../../doubles/chatgpt-backend-double.js';
import { writeCcsAccount } from '../../../helpers/account-pool-fixture.js';
import { canary, tempDir, writeChatgptAuth } from '../../../helpers/codex-home-fixture.js';

// A machine with a Codex home, optionally a second home in settings and CCS's pool, against the
// ChatGPT backend double on loopback. The clock is injected: every refresh happens "at" clock.ms.

const MIN = 60_000;
const dirs: Array<{ cleanup(): void }> = [];
const backends: BackendDouble[] = [];
after(async () => {
  for (const backend of backends) await backend.close();
  for (const dir of dirs) dir.cleanup();
});

interface Machine {
  home: string;
  backend: BackendDouble;
  pool: BackendAccount[];
  markers: string[];
  clock: { ms: number };
  controller: ReturnType<typeof createAppController>;
  events: ApiEvent[];
  /** Usage requests the backend got, per ChatGPT account id ('main' for the default home). */
  asked(): Record<string, number>;
}

async function machine(opts: {
  pool: number;
  workHome?: boolean;
  settings?: Partial<Settings>;
  scenarios?: Record<number, BackendAccount['scenario']>;
  slowMs?: number;
}): Promise<Machine> {
  const dir = tempDir('quotabar-controller-accounts-');
  dirs.push(dir);
  const home = dir.path;
  const clock = { ms: Date.now() };
  const valid = clock.ms + 48 * 60 * MIN;
  const markers: string[] = [];
  const mark = () => {
    const m = canary();
    markers.push(m);
    return m;
  };
  const main = writeChatgptAuth(join(home, '.codex'), { email: 'me@example.com', accountId: 'acc-main', exp: Math.floor(valid / 1000), marker: mark() });
  const pool: BackendAccount[] = [];
  const settingsAccounts: Settings['accounts'] = [];
  if (opts.workHome) {
    const work = writeChatgptAuth(join(home, 'work-codex'), {
      email: 'work@example.com',
      accountId: 'acc-work',
      exp: Math.floor(valid / 1000),
      marker: mark(),
    });
    pool.push({ accessToken: work.accessToken, accountId: 'acc-work', scenario: 'free-weekly-only' });
    settingsAccounts.push({ id: 'work', label: 'Work', codexHome: join(home, 'work-codex') });
  }
  for (let i = 0; i < opts.pool; i++) {
    const n = String(i).padStart(2, '0');
    const written = writeCcsAccount(home, { email: `user${n}@example.com`, accountId: `acc-${n}`, expiresAtMs: valid, marker: mark() });
    const scenario = opts.scenarios?.[i];
    pool.push({ accessToken: written.accessToken, accountId: `acc-${n}`, ...(scenario !== undefined ? { scenario } : {}) });
  }
  const backend = await startBackendDouble({
    scenario: 'plus',
    accessToken: main.accessToken,
    accountId: 'acc-main',
    now: () => clock.ms,
    accounts: pool,
    ...(opts.slowMs !== undefined ? { slowMs: opts.slowMs } : {}),
  });
  backends.push(backend);
  const quotabarHome = join(home, 'qb');
  mkdirSync(quotabarHome, { recursive: true });
  const settings: Settings = {
    ...defaultSettings(),
    usageSource: 'oauth',
    accounts: settingsAccounts,
    importAccounts: { ccs: opts.pool > 0, codexProxy: false },
    ...opts.settings,
  };
  writeFileSync(join(quotabarHome, 'settings.json'), JSON.stringify(settings));
  const controller = createAppController({
    quotabarHome,
    env: { HOME: home, QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, PATH: '/nonexistent' },
    host: 'web',
    version: '9.9.9',
    secretStore: memorySecretStore(),
    settingsStore: openSettingsStore(quotabarHome),
    logger: silentLogger,
    now: () => new Date(clock.ms),
    computeCost: async () => {
      throw new Error('no cost in these tests');
    },
  });
  const events: ApiEvent[] = [];
  controller.subscribe((e) => events.push(e));
  return {
    home,
    backend,
    pool,
    markers,
    clock,
    controller,
    events,
    asked() {
      const counts: Record<string, number> = {};
      for (const r of backend.requests) {
        if (!r.path.includes('usage')) continue;
        const key = r.account ?? 'main';
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
  };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

test('with only the default home the state lists no accounts, so the popover looks as with one account', async () => {
  const m = await machine({ pool: 0 });
  assert.equal(await m.controller.refresh(), true);
  const state = m.controller.getState();
  assert.deepEqual(state.accounts, []);
  assert.equal(state.shownAccountId, homeAccountId(join(m.home, '.codex')));
  assert.ok(state.usage !== null && !isUsageFailure(state.usage));
  assert.equal(state.usage.account.accountId, 'acc-main');
  assert.deepEqual(m.asked(), { main: 1 });
  assert.deepEqual(
    m.controller.getAccountsReport()?.accounts.map((a) => a.label),
    ['me@example.com'],
    '/api/accounts still lists the one account',
  );
});

test('with five accounts each is fetched once per refresh, listed in interface §7 order, with one state event for them', async () => {
  const m = await machine({ pool: 3, workHome: true });
  assert.equal(await m.controller.refresh(), true);
  const state = m.controller.getState();
  assert.deepEqual(
    state.accounts?.map((a) => a.label),
    ['me@example.com', 'Work', 'user00@example.com', 'user01@example.com', 'user02@example.com'],
  );
  assert.deepEqual(
    state.accounts?.map((a) => a.origin),
    ['codex-home', 'codex-home', 'ccs', 'ccs', 'ccs'],
  );
  for (const entry of state.accounts ?? []) {
    assert.ok(entry.usage !== null && !isUsageFailure(entry.usage), `${entry.label} has usage`);
    assert.deepEqual(entry.lastGoodUsage, entry.usage);
  }
  assert.deepEqual(m.asked(), { main: 1, 'acc-work': 1, 'acc-00': 1, 'acc-01': 1, 'acc-02': 1 });
  // The refresh begins, then the usage, then the one state that carries every account and ends the refresh.
  assert.deepEqual(
    m.events.map((e) => e.type),
    ['refreshing', 'usage', 'state'],
  );
  const withAccounts = m.events.filter((e) => e.type === 'state' && (e.state.accounts?.length ?? 0) > 0);
  assert.equal(withAccounts.length, 1, 'the accounts arrive in one state event');
  // The --all-accounts --json object, exactly its keys.
  const report = m.controller.getAccountsReport();
  assert.deepEqual(Object.keys(report ?? {}), ['schemaVersion', 'accounts']);
  assert.deepEqual(Object.keys(report?.accounts[0] ?? {}), ['id', 'label', 'origin', 'email', 'usage']);
});

test('twenty accounts: the shown one every refresh, the others at most every 5 minutes, and at the fixed cadence when longer', async () => {
  const m = await machine({ pool: 19 });
  await m.controller.refresh();
  assert.equal(total(m.asked()), 20);
  m.clock.ms += 2 * MIN;
  await m.controller.refresh();
  assert.deepEqual(m.asked().main, 2);
  assert.equal(total(m.asked()), 21, 'two minutes later only the shown account is asked');
  m.clock.ms += 3 * MIN;
  await m.controller.refresh();
  assert.equal(total(m.asked()), 41, 'five minutes after the first, every account again');
  assert.equal(m.controller.getState().accounts?.length, 20);

  assert.equal(m.controller.saveSettings({ refresh: { mode: 'fixed', fixedMinutes: 15 } }).ok, true);
  m.clock.ms += 5 * MIN;
  await m.controller.refresh();
  assert.equal(total(m.asked()), 42, 'with a 15-minute cadence the others wait 15 minutes');
  m.clock.ms += 10 * MIN;
  await m.controller.refresh();
  assert.equal(total(m.asked()), 62);
});

test('a rate-limited account backs off on its own: skipped until its back-off ends, the others neither slowed nor hidden', async () => {
  const m = await machine({ pool: 3, scenarios: { 1: 'rate-limited' } });
  await m.controller.refresh();
  const limited = m.controller.getState().accounts?.find((a) => a.label === 'user01@example.com');
  assert.ok(limited?.usage !== null && limited?.usage !== undefined && isUsageFailure(limited.usage));
  assert.equal(limited.usage.error.retryAfterSeconds, 30);
  m.clock.ms += 5 * MIN;
  await m.controller.refresh();
  assert.deepEqual(m.asked(), { main: 2, 'acc-00': 2, 'acc-01': 1, 'acc-02': 2 }, 'one failure: 10 minutes of back-off for that account only');
  for (const label of ['me@example.com', 'user00@example.com', 'user02@example.com']) {
    const entry = m.controller.getState().accounts?.find((a) => a.label === label);
    assert.ok(entry?.usage !== null && entry?.usage !== undefined && !isUsageFailure(entry.usage), `${label} still shows its usage`);
  }
  m.clock.ms += 5 * MIN;
  await m.controller.refresh();
  assert.equal(m.asked()['acc-01'], 2, 'asked again once its back-off is over');
});

test('a shown pool account that is rate-limited is still listed with its failure, and the others keep their usage', async () => {
  const m = await machine({ pool: 2, scenarios: { 0: 'rate-limited' }, settings: { activeAccountId: 'ccs:acc-00' } });
  // Its Retry-After is the scheduler's to honour, read from state.usage as with one account.
  assert.equal(await m.controller.refresh(), false);
  const state = m.controller.getState();
  assert.equal(state.shownAccountId, 'ccs:acc-00');
  assert.ok(state.usage !== null && isUsageFailure(state.usage) && state.usage.error.retryAfterSeconds === 30);
  const other = state.accounts?.find((a) => a.id === 'ccs:acc-01');
  assert.ok(other?.usage !== null && other?.usage !== undefined && !isUsageFailure(other.usage));
});

test('showing a pool account puts its result in usage at once, stores its id, and the next refresh asks it', async () => {
  const m = await machine({ pool: 2, workHome: true });
  await m.controller.refresh();
  m.events.length = 0;
  const saved = m.controller.saveSettings({ activeAccountId: 'ccs:acc-01' });
  assert.ok(saved.ok);
  assert.equal(saved.settings.activeAccountId, 'ccs:acc-01');
  // No waiting for a fetch: the switch's own state event carries the account's latest result.
  const first = m.events[0];
  assert.ok(first?.type === 'state');
  assert.equal(first.state.shownAccountId, 'ccs:acc-01');
  assert.ok(first.state.usage !== null && !isUsageFailure(first.state.usage));
  assert.equal(first.state.usage.account.accountId, 'acc-01');
  assert.equal(first.state.usage.source, 'oauth');
  assert.equal(first.state.lastGoodUsage?.account.accountId, 'acc-01');
  // The switch refreshes the newly shown account (only it: the others are inside their 5 minutes).
  await m.controller.refresh(); // joins the refresh the switch started
  assert.equal(m.asked()['acc-01'], 2);
  assert.equal(m.asked()['acc-00'], 1);
});

test('a switch while a refresh is under way is not undone when that refresh ends', async () => {
  const m = await machine({ pool: 2, slowMs: 300 });
  await m.controller.refresh();
  // The default home's next answer is held back, so the switch lands in the middle of its refresh.
  m.backend.setScenario('slow');
  const refreshing = m.controller.refresh();
  while (m.asked().main !== 2) await new Promise((r) => setTimeout(r, 5));
  m.events.length = 0;
  assert.ok(m.controller.saveSettings({ activeAccountId: 'ccs:acc-01' }).ok);
  await refreshing;
  await m.controller.refresh(); // the refresh the switch queued
  const states = m.events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
  assert.ok(states.length >= 2);
  assert.deepEqual([...new Set(states.map((s) => s.shownAccountId))], ['ccs:acc-01'], 'no state shows the account left');
  for (const s of states) assert.equal(s.usage !== null && !isUsageFailure(s.usage) ? s.usage.account.accountId : null, 'acc-01');
  const usageEvents = m.events.flatMap((e) => (e.type === 'usage' && !isUsageFailure(e.usage) ? [e.usage.account.accountId] : []));
  assert.ok(!usageEvents.includes('acc-main'), 'no usage event of the account left');
  assert.equal(m.controller.getState().shownAccountId, 'ccs:acc-01');
});

test('a home chosen by its §7 id is stored as its settings id, the default home as null, an unknown id is refused', async () => {
  const m = await machine({ pool: 1, workHome: true });
  await m.controller.refresh();
  const work = m.controller.saveSettings({ activeAccountId: homeAccountId(join(m.home, 'work-codex')) });
  assert.ok(work.ok);
  assert.equal(work.settings.activeAccountId, 'work');
  assert.equal(m.controller.getState().shownAccountId, homeAccountId(join(m.home, 'work-codex')));
  const main = m.controller.saveSettings({ activeAccountId: homeAccountId(join(m.home, '.codex')) });
  assert.ok(main.ok);
  assert.equal(main.settings.activeAccountId, null);
  const bad = m.controller.saveSettings({ activeAccountId: 'no-such-account' });
  assert.equal(bad.ok, false);
});

test('an account that is no longer found falls back to the default home, and the state says so', async () => {
  const m = await machine({ pool: 1, settings: { activeAccountId: 'ccs:acc-gone' } });
  await m.controller.refresh();
  const state = m.controller.getState();
  assert.equal(state.settings.activeAccountId, 'ccs:acc-gone', 'the choice is kept for when it comes back');
  assert.equal(state.shownAccountId, homeAccountId(join(m.home, '.codex')));
  assert.ok(state.usage !== null && !isUsageFailure(state.usage) && state.usage.account.accountId === 'acc-main');
});

test('no token of any account reaches the state, its events or the accounts report', async () => {
  const m = await machine({ pool: 3, workHome: true });
  await m.controller.refresh();
  m.controller.saveSettings({ activeAccountId: 'ccs:acc-02' });
  await m.controller.refresh();
  const seen = JSON.stringify([m.controller.getState(), m.events, m.controller.getAccountsReport()]);
  assert.ok(m.markers.length >= 5);
  for (const marker of m.markers) {
    assert.ok(!seen.includes(marker), 'a marked secret leaked');
    assert.ok(!seen.includes(Buffer.from(marker).toString('base64url').slice(0, 20)), 'a marked secret leaked (encoded)');
  }
});
