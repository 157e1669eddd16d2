import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountsReport } from '../../../../shared/accounts-model.js';
import { createAccountsFeed } from '../../../../electron/core/accounts/accounts-feed.js';
import { failure, plusReport } from '../../../renderer/popover-fixtures.js';

function report(usedPercent: number, fetchedAt = '2026-11-21T19:00:00.000Z'): AccountsReport {
  const usage = plusReport();
  return {
    schemaVersion: 1,
    accounts: [
      {
        id: 'codex-home:1',
        label: 'me',
        origin: 'codex-home',
        email: 'a@example.com',
        usage: { ...usage, fetchedAt, session: usage.session && { ...usage.session, usedPercent } },
      },
      { id: 'ccs:acc-2', label: 'b@example.com', origin: 'ccs', email: 'b@example.com', usage: failure('token_stale') },
    ],
  };
}

test('a refresh within 30 s of the last serves the latest; later ones load again', async () => {
  let clock = 0;
  let loads = 0;
  const feed = createAccountsFeed({ now: () => clock, load: async () => report(++loads) });
  assert.equal(feed.latest(), null);
  await feed.refresh();
  clock = 29_999;
  await feed.refresh();
  assert.equal(loads, 1);
  clock = 30_000;
  await feed.refresh();
  assert.equal(loads, 2);
});

test('concurrent refreshes share one load', async () => {
  let loads = 0;
  const feed = createAccountsFeed({ load: async () => report(++loads) });
  const [a, b] = await Promise.all([feed.refresh(), feed.refresh()]);
  assert.equal(loads, 1);
  assert.equal(a, b);
});

test('listeners hear a report only when more than its fetch times changed', async () => {
  let clock = 0;
  const reports = [report(10, 'T1'), report(10, 'T2'), report(11, 'T3')];
  const feed = createAccountsFeed({ now: () => clock, load: async () => reports.shift() ?? report(0) });
  const heard: AccountsReport[] = [];
  feed.subscribe((r) => heard.push(r));
  for (let i = 0; i < 3; i++) {
    await feed.refresh();
    clock += 60_000;
  }
  assert.equal(heard.length, 2);
  assert.equal(feed.latest()?.accounts[0]?.usage.schemaVersion, 1);
});
