import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountEntry } from '../../../../shared/quotabar-api.js';
import type { UsageReport } from '../../../../shared/usage-model.js';
import { trayAccountView } from '../../../../electron/core/tray-icon/tray-account.js';
import { trayIconStateFromApp } from '../../../../electron/core/tray-icon/tray-icon-state.js';
import { trayTooltip } from '../../../../electron/core/tray-icon/tray-tooltip.js';
import { appState, failure, FIXTURE_NOW, plusReport } from '../../../renderer/popover-fixtures.js';

function withWeekly(usedPercent: number, accountId: string): UsageReport {
  const base = plusReport();
  return { ...base, account: { ...base.account, accountId }, weekly: base.weekly && { ...base.weekly, usedPercent } };
}

const entry = (id: string, label: string, report: UsageReport | null, failed = false): AccountEntry => ({
  id,
  label,
  origin: id.startsWith('ccs:') ? 'ccs' : 'codex-home',
  email: null,
  usage: failed ? failure() : report,
  lastGoodUsage: report,
});

const shown = withWeekly(40, 'acc-main');
const accounts = [
  entry('codex-home:main', 'Me', shown),
  entry('ccs:a', 'Alice', withWeekly(10, 'acc-a')),
  entry('ccs:b', 'Bob', withWeekly(70, 'acc-b'), true),
];

test('by default the tray follows the shown account and names it when there is more than one', () => {
  const view = trayAccountView(appState({ usage: shown, lastGoodUsage: shown, accounts, shownAccountId: 'codex-home:main' }));
  assert.equal(view.lastGoodUsage, shown);
  assert.equal(view.label, 'Me');
});

test('with "lowest" the tray follows the account with the least weekly left, dimmed when its latest fetch failed', () => {
  const state = appState({ usage: shown, lastGoodUsage: shown, accounts, shownAccountId: 'codex-home:main' }, { trayAccount: 'lowest' });
  const view = trayAccountView(state);
  assert.equal(view.label, 'Bob');
  assert.equal(view.lastGoodUsage?.account.accountId, 'acc-b');
  const icon = trayIconStateFromApp(state, FIXTURE_NOW);
  assert.equal(icon.weeklyRemaining, 30);
  assert.equal(icon.dimmed, true);
});

test('one account alone: the shown usage, no name, as before', () => {
  const view = trayAccountView(appState({ usage: shown, lastGoodUsage: shown, accounts: [], shownAccountId: 'codex-home:main' }, { trayAccount: 'lowest' }));
  assert.equal(view.lastGoodUsage, shown);
  assert.equal(view.label, null);
});

test('the tooltip starts with the account’s label when it names one', () => {
  const text = trayTooltip({
    report: shown,
    error: null,
    barsShow: 'remaining',
    resetStyle: 'countdown',
    now: FIXTURE_NOW,
    timeZone: 'UTC',
    accountLabel: 'Work',
  });
  assert.match(text, /^Work\nSession \d+% left/);
  assert.equal(
    trayTooltip({ report: null, error: null, barsShow: 'remaining', resetStyle: 'countdown', now: FIXTURE_NOW, accountLabel: 'Work' }),
    'QuotaBar (Work): loading usage…',
  );
});
