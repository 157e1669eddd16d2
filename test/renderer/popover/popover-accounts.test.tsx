// The popover with several accounts (interface §7), rendered by React without a browser; and with
// none or one, exactly as before there was a list (pinned against a rendering kept from then).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultSettings } from '../../../shared/settings-model.js';
import { accountEntries, accountsAppState, appState, failure, FIXTURE_NOW } from '../popover-fixtures.js';
import { markupText as text, renderPopover as render } from '../static-markup.js';

/** The popover's markup for these states at FIXTURE_NOW, as rendered before accounts were listed. */
const before = JSON.parse(readFileSync(new URL('./single-account-popover.snapshot.json', import.meta.url), 'utf8')) as Record<
  'plain' | 'hideEmail' | 'failed',
  string
>;
const hideEmail = { display: { ...defaultSettings().display, hideEmail: true } };

test('with no account list, an empty one or one account, the popover is exactly what it was', () => {
  const one = accountEntries(1);
  for (const accounts of [undefined, [], one]) {
    const extra = accounts === undefined ? {} : { accounts, shownAccountId: one[0]?.id ?? null };
    assert.equal(render(appState({ host: 'electron', ...extra })), before.plain);
    assert.equal(render(appState(extra, hideEmail)), before.hideEmail);
    assert.equal(render(appState({ usage: failure('unauthorized', 'Rejected.'), ...extra })), before.failed);
  }
});

test('with several accounts the shown one keeps its cards and the others follow as rows under their origin', () => {
  const html = render(accountsAppState(5));
  assert.match(html, /data-testid="window-session"/);
  assert.match(html, /data-testid="account-list"/);
  assert.equal((html.match(/data-testid="account-row"/g) ?? []).length, 4);
  const t = text(html);
  assert.match(
    t,
    /Other accounts 4 accounts · % left Codex homes Work .* CCS pool pool02@mail\.example Token stale — run CCS .* codex-proxy pool04@mail\.example .* Sign-in rejected — codex-proxy signs in/,
  );
  assert.ok(html.indexOf('data-testid="window-session"') < html.indexOf('data-testid="account-list"'), 'the shown account comes first');
  assert.doesNotMatch(html, /data-account-id="codex-home:0a1b2c"/, 'the shown account is not a row');
});

test('with emails hidden no email is left anywhere in the list, and email labels read "Account N"', () => {
  const html = render(accountsAppState(5, FIXTURE_NOW, hideEmail));
  assert.doesNotMatch(html, /@/);
  assert.match(text(html), /CCS pool Account 3 .* Account 4 .* codex-proxy Account 5/);
  assert.match(html, /data-testid="account-name">Account 1</, 'the header names the shown account without its email');
});

test('a row is a button whose accessible name says everything it shows', () => {
  const html = render(accountsAppState(5));
  assert.match(
    html,
    /<button type="button" class="acct-row status-ok" aria-label="Work, session \d+% left, weekly \d+% left, resets in [^"]+\. Show this account"/,
  );
});
