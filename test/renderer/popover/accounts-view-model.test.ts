import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, type Settings } from '../../../shared/settings-model.js';
import type { AccountEntry } from '../../../shared/quotabar-api.js';
import {
  accountDisplayLabel,
  accountListModel,
  accountRow,
  maskEmails,
  sameAccountRow,
  shortFailureReason,
} from '../../../renderer/popover/accounts-view-model.js';
import { accountEntries, failure, FIXTURE_NOW, plusReport } from '../popover-fixtures.js';

const display = (patch: Partial<Settings['display']>): Settings => ({ ...defaultSettings(), display: { ...defaultSettings().display, ...patch } });
const at = (minutes: number) => new Date(FIXTURE_NOW.getTime() + minutes * 60_000).toISOString();

function entry(overrides: Partial<AccountEntry> = {}): AccountEntry {
  const usage = plusReport(FIXTURE_NOW, {
    session: { usedPercent: 23, windowMinutes: 300, resetsAt: at(125) },
    weekly: { usedPercent: 92, windowMinutes: 10080, resetsAt: at(3 * 1440) },
  });
  return { id: 'ccs:acc-1', label: 'pool@mail.example', origin: 'ccs', email: 'pool@mail.example', usage, lastGoodUsage: usage, ...overrides };
}

test('with fewer than two accounts there is no list, so the popover looks as it always has', () => {
  assert.equal(accountListModel(undefined, null, defaultSettings(), FIXTURE_NOW), null);
  assert.equal(accountListModel([], null, defaultSettings(), FIXTURE_NOW), null);
  assert.equal(accountListModel(accountEntries(1), 'codex-home:0a1b2c', defaultSettings(), FIXTURE_NOW), null);
});

test('a row has the session and weekly bars as % left, their tones, and the sooner reset as a countdown', () => {
  const row = accountRow(entry(), 3, defaultSettings(), FIXTURE_NOW);
  assert.equal(row.status, 'ok');
  assert.deepEqual(row.session, { caption: '5h', percentLabel: '77%', fillPercent: 77, tone: 'ok' });
  assert.deepEqual(row.weekly, { caption: 'Wk', percentLabel: '8%', fillPercent: 8, tone: 'critical' });
  assert.equal(row.resetLabel, 'Resets in 2h 5m');
  assert.equal(row.reason, null);
  assert.equal(row.summary, 'pool@mail.example, session 77% left, weekly 8% left, resets in 2h 5m');
});

test('a row honours bars-show-used and the clock reset style', () => {
  const row = accountRow(entry(), 3, display({ barsShow: 'used', resetStyle: 'clock' }), FIXTURE_NOW, 'UTC');
  assert.equal(row.session?.percentLabel, '23%');
  assert.equal(row.session?.fillPercent, 23);
  assert.equal(row.weekly?.tone, 'critical', 'the tone follows what is left whichever way the bar reads');
  assert.equal(row.resetLabel, 'Resets 14:05');
  assert.match(row.summary, /session 23% used, weekly 92% used/);
});

test('the next reset is the sooner one still ahead, so a passed session reset gives way to the weekly one', () => {
  const usage = plusReport(FIXTURE_NOW, {
    session: { usedPercent: 0, windowMinutes: 300, resetsAt: at(-5) },
    weekly: { usedPercent: 10, windowMinutes: 10080, resetsAt: at(1440 + 60) },
  });
  assert.equal(accountRow(entry({ usage, lastGoodUsage: usage }), 0, defaultSettings(), FIXTURE_NOW).resetLabel, 'Resets in 1d 1h');
});

test('a stale pool token keeps the older bars and says which tool refreshes it', () => {
  const stale = failure(
    'token_stale',
    'The CCS access token for pool@mail.example expired at 2026-11-21T10:30:00.000Z. QuotaBar never refreshes it: run CCS to refresh it, then refresh.',
  );
  const row = accountRow(entry({ usage: stale }), 3, defaultSettings(), FIXTURE_NOW);
  assert.equal(row.status, 'stale');
  assert.equal(row.reason, 'Token stale — refreshed by CCS');
  assert.equal(row.staleLabel, 'Token stale — run CCS', 'fewer words where the label shares the line');
  assert.equal(row.session?.percentLabel, '77%');
  assert.match(row.detail ?? '', /^token_stale: The CCS access token for pool@mail\.example expired/);
  assert.match(row.summary, /older numbers: Token stale — refreshed by CCS$/);
});

test('a failed account with nothing to show has no bars and a short reason; a home’s failure keeps its usual words', () => {
  const rejected = failure('unauthorized', 'ChatGPT rejected the codex-proxy access token for x. Run codex-proxy to refresh or sign in again, then refresh.');
  const row = accountRow(entry({ origin: 'codex-proxy', usage: rejected, lastGoodUsage: null }), 3, defaultSettings(), FIXTURE_NOW);
  assert.equal(row.status, 'failed');
  assert.equal(row.session, null);
  assert.equal(row.resetLabel, null);
  assert.equal(row.reason, 'Sign-in rejected — codex-proxy signs in');
  assert.equal(shortFailureReason(failure('network', 'Could not reach chatgpt.com.')), 'Can’t reach ChatGPT');
  assert.equal(shortFailureReason(failure('token_stale', 'Your Codex sign-in is too old; run `codex` once.')), 'Sign-in needs renewing');
});

test('an account not read yet is loading', () => {
  const row = accountRow(entry({ usage: null, lastGoodUsage: null }), 3, defaultSettings(), FIXTURE_NOW);
  assert.equal(row.status, 'loading');
  assert.equal(row.session, null);
  assert.equal(row.summary, 'pool@mail.example, loading');
});

test('with emails hidden, a label that is an email becomes "Account N", and no email is left in the row', () => {
  const hidden = display({ hideEmail: true });
  assert.equal(accountDisplayLabel({ label: 'pool@mail.example', email: 'pool@mail.example' }, 4, hidden.display.hideEmail), 'Account 5');
  assert.equal(accountDisplayLabel({ label: 'Work', email: 'w@corp.example' }, 1, true), 'Work');
  assert.equal(accountDisplayLabel({ label: 'Team (t@corp.example)', email: 't@corp.example' }, 1, true), 'Team (…)');
  assert.equal(accountDisplayLabel({ label: 'pool@mail.example', email: 'pool@mail.example' }, 4, false), 'pool@mail.example');
  assert.equal(maskEmails('for someone.else+x@sub.mail.example now'), 'for … now');

  const stale = failure('token_stale', 'The CCS access token for pool@mail.example expired. Run CCS to refresh it, then refresh.');
  const row = accountRow(entry({ usage: stale }), 4, hidden, FIXTURE_NOW);
  assert.equal(row.label, 'Account 5');
  assert.equal(row.detail, 'token_stale: The CCS access token for Account 5 expired. Run CCS to refresh it, then refresh.');
  assert.doesNotMatch(JSON.stringify(row), /@/);
});

test('the list leaves out the shown account, puts homes first and groups the pools under their origin', () => {
  const accounts = accountEntries(5);
  const list = accountListModel(accounts, accounts[0]?.id, defaultSettings(), FIXTURE_NOW);
  assert.ok(list !== null);
  assert.equal(list.shownLabel, 'a@example.com');
  assert.equal(list.rowCount, 4);
  assert.deepEqual(
    list.groups.map((g) => [g.heading, g.rows.map((r) => r.label)]),
    [
      ['Codex homes', ['Work']],
      ['CCS pool', ['pool02@mail.example', 'pool03@mail.example']],
      ['codex-proxy', ['pool04@mail.example']],
    ],
  );
  assert.deepEqual(
    list.groups.flatMap((g) => g.rows.map((r) => r.status)),
    ['ok', 'stale', 'ok', 'failed'],
  );
});

test('when a pool account is shown, the default home is a row; homes alone need no heading', () => {
  const accounts = accountEntries(5);
  const list = accountListModel(accounts, 'ccs:acct-3', defaultSettings(), FIXTURE_NOW);
  assert.equal(list?.shownLabel, 'pool03@mail.example');
  assert.deepEqual(
    list?.groups[0]?.rows.map((r) => r.label),
    ['a@example.com', 'Work'],
  );
  const homes = accountListModel(accountEntries(2), null, defaultSettings(), FIXTURE_NOW);
  assert.deepEqual(
    homes?.groups.map((g) => g.heading),
    [null],
  );
  assert.equal(homes?.shownLabel, 'a@example.com', 'no shown id: the first account (the default home) is shown');
});

test('a row model computed again a second later is the same, so its row does not re-render', () => {
  const accounts = accountEntries(20);
  const a = accountListModel(accounts, accounts[0]?.id, defaultSettings(), FIXTURE_NOW);
  const b = accountListModel(accounts, accounts[0]?.id, defaultSettings(), new Date(FIXTURE_NOW.getTime() + 1000));
  const rows = (l: typeof a) => l?.groups.flatMap((g) => g.rows) ?? [];
  assert.equal(rows(a).length, 19);
  assert.ok(rows(a).every((row, i) => sameAccountRow(row, rows(b)[i] ?? row)));
  const later = accountListModel(accounts, accounts[0]?.id, defaultSettings(), new Date(FIXTURE_NOW.getTime() + 60_000));
  assert.ok(
    rows(a).some((row, i) => !sameAccountRow(row, rows(later)[i] ?? row)),
    'a minute later the countdowns change',
  );
});
