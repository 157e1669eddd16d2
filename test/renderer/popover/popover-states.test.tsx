// The whole popover rendered by React without a browser, in the states the app goes through.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../../shared/settings-model.js';
import { appState, failure, FIXTURE_NOW, plusReport } from '../popover-fixtures.js';
import { markupText as text, renderPopover as render } from '../static-markup.js';

test('before the first state arrives, skeletons stand where the cards will be', () => {
  const html = render(null);
  assert.equal((html.match(/data-testid="window-card-skeleton"/g) ?? []).length, 2);
  assert.match(html, /aria-busy="true"/);
  assert.doesNotMatch(html, /role="alert"/);
});

test('Quit is offered in the tray app and not in a browser tab', () => {
  assert.match(render(appState({ host: 'electron' })), /data-testid="quit"/);
  assert.doesNotMatch(render(appState({ host: 'web' })), /data-testid="quit"/);
});

test('the account email can be hidden', () => {
  assert.match(text(render(appState())), /a@example\.com/);
  const hidden = render(appState({}, { display: { ...defaultSettings().display, hideEmail: true } }));
  assert.doesNotMatch(hidden, /a@example\.com/);
});

test('a failed refresh shows the banner above the last good cards, which look stale', () => {
  const html = render(appState({ usage: failure('unauthorized', 'Your ChatGPT sign-in was rejected. Run `codex login`, then refresh.') }));
  const t = text(html);
  assert.match(t, /Sign-in was rejected Your ChatGPT sign-in was rejected\. Run `codex login`, then refresh\. Showing data from 11:58\./);
  assert.match(html, /class="section windows stale"/);
  assert.match(t, /Session · 5 hours 77% left/);
});

test('data from an earlier day is labelled with its date, not only its time', () => {
  const nextDay = new Date(FIXTURE_NOW.getTime() + 86_400_000);
  const t = text(render(appState({ usage: failure('network', 'Check your connection, then refresh.') }), nextDay));
  assert.match(t, /Showing data from 21 Nov 11:58\./);
});

test('a failure with nothing to show yet says so instead of empty cards', () => {
  const html = render(appState({ usage: failure('not_logged_in', 'Run `codex login`, then refresh.'), lastGoodUsage: null }));
  assert.match(html, /data-testid="no-usage"/);
  assert.doesNotMatch(html, /data-testid="window-session"/);
});

test('an account with no limits reported says so', () => {
  const empty = plusReport(undefined, { session: null, weekly: null });
  assert.match(render(appState({ usage: empty, lastGoodUsage: empty })), /data-testid="no-limits"/);
});

test('zero credits on a plan without credits are not worth a row; a balance is', () => {
  const none = plusReport(undefined, { credits: { balance: 0, hasCredits: false, unlimited: false } });
  assert.doesNotMatch(render(appState({ usage: none, lastGoodUsage: none })), /data-testid="credits"/);
  assert.match(text(render(appState())), /Credits 7\.5 left/);
});
