import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiEvent } from '../../../../shared/quotabar-api.js';
import { defaultSettings, type Settings } from '../../../../shared/settings-model.js';
import type { UsageResult } from '../../../../shared/usage-model.js';
import type { CostReport } from '../../../../shared/cost-model.js';
import { createAppController, type AppControllerOptions } from '../../../../electron/core/app/app-controller.js';
import { MANUAL_COOKIE_HEADER_KEY, memorySecretStore } from '../../../../electron/core/secrets/secret-store.js';
import type { UsageRequest } from '../../../../electron/core/usage/usage-request.js';
import { silentLogger } from '../../../../electron/core/util/logger.js';
import { scrubSecrets } from '../../../../electron/core/util/secret-registry.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSettingsStore } from '../../../../electron/core/settings/settings-store.js';
import { openHistoryStore } from '../../../../electron/core/history/history-store.js';
import { costReport, failure, FIXTURE_NOW, plusReport } from '../../../renderer/popover-fixtures.js';
import { FakeClock } from '../scheduler/fake-clock.js';
import { FakeFs } from '../scheduler/fake-dir-watch.js';

const homes: string[] = [];
after(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

/** The real settings file store in a fresh QuotaBar home, starting from `settings` over the defaults. */
function settingsStoreWith(settings: Partial<Settings>) {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-controller-'));
  homes.push(home);
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ ...defaultSettings(), ...settings }));
  return openSettingsStore(home);
}

interface Harness {
  controller: ReturnType<typeof createAppController>;
  events: ApiEvent[];
  requests: UsageRequest[];
  costCalls: number;
  setUsage(...results: Array<UsageResult | Error>): void;
  setCost(cost: CostReport | Error): void;
  gate(): () => void;
  settingsPath: string;
}

function harness(opts: { settings?: Partial<Settings>; options?: Partial<AppControllerOptions> } = {}): Harness {
  let queue: Array<UsageResult | Error> = [plusReport()];
  let cost: CostReport | Error = costReport();
  let gate: Promise<void> | null = null;
  const settingsStore = settingsStoreWith(opts.settings ?? {});
  const h: Harness = {
    settingsPath: settingsStore.path,
    events: [],
    requests: [],
    costCalls: 0,
    setUsage: (...r) => {
      queue = r;
    },
    setCost: (c) => {
      cost = c;
    },
    gate() {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = () => {
          gate = null;
          resolve();
        };
      });
      return open;
    },
    controller: undefined as unknown as ReturnType<typeof createAppController>,
  };
  h.controller = createAppController({
    quotabarHome: '/tmp/quotabar-home-unused',
    env: { HOME: '/home/someone' },
    host: 'web',
    version: '9.9.9',
    secretStore: memorySecretStore(),
    settingsStore,
    logger: silentLogger,
    now: () => FIXTURE_NOW,
    fetchUsage: async (request) => {
      h.requests.push(request);
      if (gate !== null) await gate;
      const next = queue.length > 1 ? queue.shift() : queue[0];
      if (next instanceof Error) throw next;
      assert.ok(next);
      return next;
    },
    computeCost: async () => {
      h.costCalls += 1;
      if (cost instanceof Error) throw cost;
      return cost;
    },
    ...opts.options,
  });
  h.controller.subscribe((e) => h.events.push(e));
  return h;
}

const types = (events: ApiEvent[]) => events.map((e) => e.type);
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

test('a refresh fetches usage, then cost: a notice when it starts, an event for each part, and one state change when it ends', async () => {
  const h = harness();
  assert.equal(h.controller.getState().usage, null);
  assert.equal(await h.controller.refresh(), true);
  const state = h.controller.getState();
  assert.deepEqual(state.usage, plusReport());
  assert.deepEqual(state.lastGoodUsage, plusReport());
  assert.deepEqual(state.cost, costReport());
  assert.equal(state.refreshing, false);
  assert.equal(state.version, '9.9.9');
  assert.deepEqual(types(h.events), ['refreshing', 'usage', 'cost', 'state']);
  assert.equal((h.events[3] as Extract<ApiEvent, { type: 'state' }>).state.refreshing, false);
});

test('a second refresh while one is under way joins it instead of starting another', async () => {
  const h = harness();
  const open = h.gate();
  const first = h.controller.refresh();
  const second = h.controller.refresh({ interactive: true });
  assert.equal(first, second);
  open();
  await Promise.all([first, second]);
  assert.equal(h.requests.length, 1);
  assert.equal(h.costCalls, 1);
  await h.controller.refresh();
  assert.equal(h.requests.length, 2, 'the next refresh after it ends is a new one');
});

test('a failed refresh keeps the last good usage and reports the failure', async () => {
  const h = harness();
  await h.controller.refresh();
  h.setUsage(failure('network', 'Could not reach chatgpt.com. Check your connection, then refresh.'));
  assert.equal(await h.controller.refresh(), false);
  const state = h.controller.getState();
  assert.deepEqual(state.lastGoodUsage, plusReport());
  assert.ok(state.usage && 'error' in state.usage);
  assert.equal(state.usage.error.code, 'network');
});

test('usage and cost events fire only when the data changed, not when only the fetch time did', async () => {
  const h = harness();
  h.setUsage(plusReport(), { ...plusReport(), fetchedAt: new Date().toISOString(), attempts: [{ source: 'oauth', ok: true, ms: 999, error: null }] });
  await h.controller.refresh();
  h.events.length = 0;
  await h.controller.refresh();
  assert.deepEqual(types(h.events), ['refreshing', 'state'], 'same usage and cost: the start and the end only');
  h.setUsage({ ...plusReport(), session: { usedPercent: 24, windowMinutes: 300, resetsAt: plusReport().session?.resetsAt ?? null } });
  h.setCost({ ...costReport(), totals: { ...costReport().totals, costUSD: 1 } });
  h.events.length = 0;
  await h.controller.refresh();
  assert.deepEqual(types(h.events), ['refreshing', 'usage', 'cost', 'state']);
});

test('the usage request follows the settings: source, web extras, binary and the active account', async () => {
  const h = harness({
    settings: {
      usageSource: 'cli',
      openaiCookies: 'automatic',
      codexBinaryPath: '/opt/codex/bin/codex',
      accounts: [{ id: 'work', label: 'Work', codexHome: '/home/someone/.codex-work' }],
      activeAccountId: 'work',
    },
    options: { timeoutSeconds: 7 },
  });
  await h.controller.refresh({ interactive: true });
  const request = h.requests[0];
  assert.ok(request);
  // "cli" means what `--source cli` means: the Codex CLI, rpc then pty (interface §2).
  assert.equal(request.source, 'cli');
  assert.equal(request.webExtras, true);
  assert.equal(request.codexBin, '/opt/codex/bin/codex');
  assert.equal(request.codexHome, '/home/someone/.codex-work');
  assert.equal(request.interactive, true);
  assert.equal(request.timeoutSeconds, 7);
  assert.equal(request.cookieHeader, undefined, 'automatic mode reads browsers, not a stored header');
});

test('command-line overrides beat the settings', async () => {
  const h = harness({
    settings: { codexBinaryPath: '/from/settings', accounts: [{ id: 'w', label: 'W', codexHome: '/from/settings/home' }], activeAccountId: 'w' },
    options: { codexHomeOverride: '/from/flag/home', codexBinOverride: '/from/flag/codex', cookieHeader: 'a=from-flag-cookie' },
  });
  await h.controller.refresh();
  assert.equal(h.requests[0]?.codexHome, '/from/flag/home');
  assert.equal(h.requests[0]?.codexBin, '/from/flag/codex');
  assert.equal(h.requests[0]?.cookieHeader, 'a=from-flag-cookie');
  assert.equal(h.requests[0]?.source, 'auto');
  assert.equal(h.requests[0]?.webExtras, false);
});

test('a saved setting is announced, and one that changes where usage comes from triggers a refresh', async () => {
  const h = harness();
  await h.controller.refresh();
  h.events.length = 0;
  const display = h.controller.saveSettings({ display: { barsShow: 'used' } });
  assert.equal(display.ok, true);
  assert.equal(h.controller.getState().settings.display.barsShow, 'used');
  assert.deepEqual(types(h.events), ['state']);
  await settle();
  assert.equal(h.requests.length, 1, 'a display change does not refresh');

  const source = h.controller.saveSettings({ usageSource: 'oauth' });
  assert.equal(source.ok, true);
  await settle();
  assert.equal(h.requests.length, 2);
  assert.equal(h.requests[1]?.source, 'oauth');
});

test('an invalid setting is refused with the store’s errors and changes nothing', () => {
  const h = harness();
  const result = h.controller.saveSettings({ refresh: { fixedMinutes: 7 } });
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.errors[0]?.path === 'refresh.fixedMinutes');
  assert.equal(h.controller.getState().settings.refresh.fixedMinutes, 5);
  assert.deepEqual(h.events, []);
});

test('a saved setting lands in the settings file', () => {
  const h = harness();
  assert.equal(h.controller.saveSettings({ notifications: { weekly: { enabled: true, levels: [10, 30] } } }).ok, true);
  const onDisk = JSON.parse(readFileSync(h.settingsPath, 'utf8')) as Settings;
  assert.deepEqual(onDisk.notifications.weekly, { enabled: true, levels: [30, 10] });
  assert.deepEqual(h.controller.getState().settings.notifications.weekly, { enabled: true, levels: [30, 10] });
});

test('a pasted Cookie header is stored, used in manual mode, and never shown back', async () => {
  const secretStore = memorySecretStore();
  const value = 'sessionvalue-7f3c9a1d2e';
  const h = harness({ settings: { openaiCookies: 'manual' }, options: { secretStore } });
  assert.equal(h.controller.getState().manualCookieHeaderPersistent, false, 'a memory store is said to forget on restart');
  const bad = h.controller.setManualCookieHeader('not a cookie header');
  assert.equal(bad.ok, false);
  assert.equal(h.controller.getState().manualCookieHeaderSet, false);

  const ok = h.controller.setManualCookieHeader(`Cookie: __Secure-next-auth.session-token=${value}; other=1`);
  assert.equal(ok.ok, true);
  assert.equal(secretStore.get(MANUAL_COOKIE_HEADER_KEY), `__Secure-next-auth.session-token=${value}; other=1`);
  assert.equal(h.controller.getState().manualCookieHeaderSet, true);
  await settle();
  assert.equal(h.requests.at(-1)?.cookieHeader, `__Secure-next-auth.session-token=${value}; other=1`);
  assert.ok(!JSON.stringify(h.controller.getState()).includes(value));
  assert.ok(!JSON.stringify(h.events).includes(value));
  assert.equal(scrubSecrets(`oops ${value}`), 'oops [redacted]', 'the value is registered as a secret');

  h.controller.setManualCookieHeader(null);
  assert.equal(secretStore.get(MANUAL_COOKIE_HEADER_KEY), null);
  assert.equal(h.controller.getState().manualCookieHeaderSet, false);
});

test('a usage service that throws is shown as a failure, with secrets scrubbed', async () => {
  const h = harness();
  h.setUsage(new Error('socket hang up; Authorization: Bearer abcdefghijklmnop'));
  assert.equal(await h.controller.refresh(), false);
  const usage = h.controller.getState().usage;
  assert.ok(usage && 'error' in usage);
  assert.equal(usage.error.code, 'bad_response');
  assert.ok(!usage.error.message.includes('abcdefghijklmnop'));
});

test('a failed cost scan is reported and the previous cost stays', async () => {
  const h = harness();
  await h.controller.refresh();
  h.setCost(new Error('EACCES: permission denied, open sessions/2026/11/21/x.jsonl'));
  await h.controller.refresh();
  const state = h.controller.getState();
  assert.deepEqual(state.cost, costReport());
  assert.match(state.costError ?? '', /^Local cost could not be computed: EACCES/);
  h.setCost(costReport());
  await h.controller.refresh();
  assert.equal(h.controller.getState().costError, null);
});

test('after dispose nothing is announced and refresh does nothing', async () => {
  const h = harness();
  h.controller.dispose();
  assert.equal(await h.controller.refresh(), false);
  assert.deepEqual(h.events, []);
  assert.equal(h.requests.length, 0);
});

test('a cost scan that never ends is reported, and the refresh still finishes', async () => {
  const h = harness({ options: { costTimeoutMs: 50, computeCost: () => new Promise(() => {}) } });
  assert.equal(await h.controller.refresh(), true);
  const state = h.controller.getState();
  assert.equal(state.refreshing, false);
  assert.match(state.costError ?? '', /taking too long/);
});

test('a usage refresh that never ends is let go as a timeout, so later refreshes do not join it forever', { timeout: 30_000 }, async () => {
  let calls = 0;
  const h = harness({
    options: {
      usageTimeoutMs: 50,
      fetchUsage: () => {
        calls += 1;
        return calls === 1 ? new Promise<UsageResult>(() => {}) : Promise.resolve(plusReport());
      },
    },
  });
  assert.equal(await h.controller.refresh(), false);
  const usage = h.controller.getState().usage;
  assert.ok(usage !== null && 'error' in usage);
  assert.equal(usage.error.code, 'timeout');
  assert.match(usage.error.message, /took longer than .* and was stopped; it is tried again at the next refresh/);
  assert.equal(h.controller.getState().refreshing, false);
  assert.equal(await h.controller.refresh(), true, 'the next refresh is a new one, not the stuck one');
  assert.equal(calls, 2);
});

test('session activity: the active Codex home is watched while someone listens, and follows an account switch', async () => {
  const clock = new FakeClock();
  const fs = new FakeFs('/home/someone/.codex/sessions/2026/03/06', '/home/someone/.codex-work/sessions/2026/03/06');
  const h = harness({ options: { clock, sessionWatchFs: fs, activityDebounceMs: 10_000 } });
  assert.equal(fs.watched.size, 0, 'nothing is watched before anyone listens');
  let heard = 0;
  const stop = h.controller.onSessionActivity(() => heard++);
  assert.ok(fs.watched.has('/home/someone/.codex/sessions/2026/03/06'));
  fs.write('/home/someone/.codex/sessions/2026/03/06/rollout-a.jsonl');
  fs.write('/home/someone/.codex/sessions/2026/03/06/rollout-a.jsonl');
  await clock.advance(10_000);
  assert.equal(heard, 1, 'a burst is heard once');

  const saved = h.controller.saveSettings({ accounts: [{ id: 'work', label: 'Work', codexHome: '/home/someone/.codex-work' }], activeAccountId: 'work' });
  assert.equal(saved.ok, true);
  assert.ok(!fs.watched.has('/home/someone/.codex/sessions/2026/03/06'), 'the old home is no longer watched');
  fs.write('/home/someone/.codex/sessions/2026/03/06/rollout-a.jsonl');
  await clock.advance(10_000);
  assert.equal(heard, 1);
  fs.write('/home/someone/.codex-work/sessions/2026/03/06/rollout-b.jsonl');
  await clock.advance(10_000);
  assert.equal(heard, 2);

  stop();
  assert.equal(fs.watched.size, 0, 'the last listener gone, nothing is watched');
  h.controller.onSessionActivity(() => heard++);
  h.controller.dispose();
  assert.equal(fs.watched.size, 0, 'dispose closes the watches');
  assert.equal(clock.pendingTimers(), 0);
});

test('every successful refresh is recorded in the history, announced, and the shown account’s part is in the state', async () => {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-controller-history-'));
  homes.push(home);
  const warnings: string[] = [];
  const history = openHistoryStore({ path: join(home, 'history.sqlite'), warn: (m) => warnings.push(m) });
  const h = harness({ options: { history } });
  h.setUsage(plusReport(), failure());
  assert.equal(await h.controller.refresh(), true);
  assert.deepEqual(types(h.events), ['refreshing', 'usage', 'history', 'cost', 'state']);
  const announced = h.events.find((e) => e.type === 'history');
  assert.ok(announced?.type === 'history');
  assert.deepEqual(announced.history, h.controller.getHistory());
  const report = plusReport();
  const expected = {
    schemaVersion: 1,
    accounts: [
      {
        accountId: report.account.accountId,
        email: report.account.email,
        windows: [
          {
            id: 'session',
            windowMinutes: 300,
            samples: [{ at: report.fetchedAt, usedPercent: report.session!.usedPercent, resetsAt: report.session!.resetsAt }],
            resets: [],
          },
          {
            id: 'weekly',
            windowMinutes: 10080,
            samples: [{ at: report.fetchedAt, usedPercent: report.weekly!.usedPercent, resetsAt: report.weekly!.resetsAt }],
            resets: [],
          },
        ],
      },
    ],
  };
  assert.deepEqual(announced.history, expected);
  assert.deepEqual(h.controller.getState().history, expected);
  h.events.length = 0;
  assert.equal(await h.controller.refresh(), false);
  assert.ok(!types(h.events).includes('history'), 'a failed refresh records nothing');
  assert.deepEqual(h.controller.getHistory({ account: 'nobody@example.com' }), { schemaVersion: 1, accounts: [] });
  assert.deepEqual(warnings, []);
});

// ---- the refresh lifecycle: the controller alone decides when to refresh ----

test('a source chosen while a refresh that read the old one is running is fetched right after it, not at the next timer', async () => {
  const clock = new FakeClock();
  const h = harness({ options: { clock, sessionWatchFs: new FakeFs() } });
  const open = h.gate();
  h.controller.start();
  await until(() => h.requests.length === 1);
  assert.equal(h.requests.length, 1, 'start refreshes at once');
  assert.equal(h.requests[0]?.source, 'auto');
  const saved = h.controller.saveSettings({ usageSource: 'cli' });
  assert.equal(saved.ok, true);
  open();
  await until(() => h.requests.length === 2);
  assert.equal(h.requests.length, 2, 'one more refresh, with the new settings, as soon as the old one ended');
  assert.equal(h.requests[1]?.source, 'cli');
  h.controller.dispose();
});

test('a saved cadence re-plans the next refresh, and the host hears each saved effect once', async () => {
  const clock = new FakeClock();
  const heard: Array<{ reschedule: boolean; refetch: boolean; loginItem: boolean; redraw: boolean }> = [];
  const h = harness({
    settings: { refresh: { mode: 'fixed', fixedMinutes: 60 } },
    options: { clock, sessionWatchFs: new FakeFs(), onSettingsSaved: (effects) => heard.push(effects) },
  });
  h.controller.start();
  await until(() => h.requests.length === 1 && !h.controller.getState().refreshing);
  await clock.advance(30_000);
  h.controller.saveSettings({ refresh: { mode: 'fixed', fixedMinutes: 1 } });
  h.controller.saveSettings({ launchAtLogin: true });
  await settle();
  assert.equal(h.requests.length, 1, 'a cadence change fetches nothing by itself');
  assert.deepEqual(heard, [
    { reschedule: true, refetch: false, loginItem: false, redraw: false },
    { reschedule: false, refetch: false, loginItem: true, redraw: false },
  ]);
  await clock.advance(30_000);
  await until(() => h.requests.length === 2);
  assert.equal(h.requests.length, 2, 'one minute after the last refresh, not sixty');
  h.controller.dispose();
  await clock.advance(10 * 60_000);
  await settle();
  assert.equal(h.requests.length, 2, 'nothing after dispose');
});

/** Waits for work the fake clock started (account discovery reads real files) to get where `done` says. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
