// Component tests without a browser: the popover's parts rendered to HTML by React itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { defaultSettings } from '../../../shared/settings-model.js';
import { CostSection } from '../../../renderer/popover/cost-section.js';
import { bannerForError, ErrorBanner } from '../../../renderer/popover/error-banner.js';
import { PopoverHeader } from '../../../renderer/popover/popover-header.js';
import { windowCards } from '../../../renderer/popover/view-model.js';
import { WindowCard } from '../../../renderer/popover/window-card.js';
import { costReport, FIXTURE_NOW, proEverythingReport } from '../popover-fixtures.js';
import { markupText as text } from '../static-markup.js';

test('a window card tells screen readers its percent, reset and pace in one progress bar', () => {
  const [card] = windowCards(proEverythingReport(FIXTURE_NOW), defaultSettings(), FIXTURE_NOW);
  assert.ok(card);
  const html = renderToStaticMarkup(<WindowCard model={card} />);
  assert.match(html, /role="progressbar"/);
  assert.match(html, /aria-valuenow="38"/);
  assert.match(html, /aria-valuetext="38% left, Resets in 2h 30m, 12% in deficit, Runs out in 1h 32m"/);
  assert.match(text(html), /Session · 5 hours 38% left Resets in 2h 30m 12% in deficit History appears after a few refreshes Runs out in 1h 32m/);
  assert.match(html, /data-testid="history-pending"/, 'a main window without history keeps the chart’s room');
});

test('the skeleton card has the real card’s parts and is hidden from screen readers', () => {
  const html = renderToStaticMarkup(<WindowCard model={null} skeletonTitle="Session" />);
  assert.match(html, /aria-hidden="true"/);
  for (const part of ['card-top', 'bar', 'card-bottom']) assert.match(html, new RegExp(`class="${part}[ "]`));
});

test('the cost section shows today, the period, one bar per day and the top models', () => {
  const report = costReport(FIXTURE_NOW);
  const html = renderToStaticMarkup(<CostSection cost={report} error={null} now={FIXTURE_NOW} />);
  const t = text(html);
  assert.match(t, /Today \$2\.05 /);
  assert.match(t, /Last 30 days \$\d+\.\d\d /);
  assert.equal((html.match(/<rect /g) ?? []).length, 30);
  assert.match(t, /gpt-5\.4 .* tok \$/);
});

test('the cost section switches between by-day, by-model and by-project views, by day first', () => {
  const base = costReport(FIXTURE_NOW);
  const report = {
    ...base,
    projects: [
      { ...base.totals, cwd: '/home/someone/src/quotabar', sessions: 3, totalTokens: 2_500_000, costUSD: 4.5, models: [] },
      { ...base.totals, cwd: null, sessions: 1, totalTokens: 1_000, costUSD: null, models: [] },
    ],
  };
  const day = renderToStaticMarkup(<CostSection cost={report} error={null} now={FIXTURE_NOW} />);
  assert.match(day, /role="radiogroup" aria-label="Show local cost by"/);
  assert.deepEqual(
    [...day.matchAll(/<input type="radio" name="cost-view"( checked="")? value="(\w+)"/g)].map((m) => [m[2], m[1] !== undefined]),
    [
      ['day', true],
      ['model', false],
      ['project', false],
    ],
  );
  assert.equal((day.match(/<rect /g) ?? []).length, 30);

  const byModel = renderToStaticMarkup(<CostSection cost={report} error={null} now={FIXTURE_NOW} initialView="model" />);
  assert.equal((byModel.match(/<rect /g) ?? []).length, 0);
  assert.match(byModel, /aria-label="Models by cost"/);
  assert.deepEqual(
    [...byModel.matchAll(/class="model-name">([^<]+)</g)].map((m) => m[1]),
    ['gpt-5.4', 'gpt-5.4-mini'],
  );

  const byProject = renderToStaticMarkup(<CostSection cost={report} error={null} now={FIXTURE_NOW} initialView="project" />);
  assert.match(byProject, /aria-label="Projects by cost"/);
  // Named by the last two folders, the whole path in the tooltip; a session without a cwd is an unknown folder.
  assert.match(text(byProject), /src\/quotabar 3 sessions · 2\.5M tok \$4\.50 Unknown folder 1 session · 1K tok —/);
  assert.match(byProject, /title="\/home\/someone\/src\/quotabar"/);

  const { projects: _, ...older } = report;
  const withoutProjects = renderToStaticMarkup(<CostSection cost={older} error={null} now={FIXTURE_NOW} initialView="project" />);
  assert.match(text(withoutProjects), /This report has no per-project figures/);
});

test('the cost section shows the scan error when there is no report', () => {
  const html = renderToStaticMarkup(<CostSection cost={null} error="Local cost could not be computed: EACCES" now={FIXTURE_NOW} />);
  assert.match(text(html), /Local cost could not be computed: EACCES/);
});

test('the error banner is an alert with a title per error code, the message, and a copy button', () => {
  const banner = bannerForError('not_logged_in', 'Run `codex login`, then refresh.', 'Showing data from 11:58.');
  const html = renderToStaticMarkup(<ErrorBanner banner={banner} />);
  assert.match(html, /role="alert"/);
  assert.match(text(html), /Not signed in to Codex Run `codex login`, then refresh\. Showing data from 11:58\. Copy/);
  assert.match(html, /aria-label="Copy error message"/);
  assert.equal(banner.copyText, 'not_logged_in: Run `codex login`, then refresh.');
});

test('a pool account whose sign-in failed gets a banner naming the tool that signs it in, not Codex', () => {
  assert.equal(bannerForError('token_stale', 'run CCS to refresh it', null, 'ccs').title, 'CCS sign-in needs renewing');
  assert.equal(bannerForError('unauthorized', 'rejected', null, 'codex-proxy').title, 'codex-proxy sign-in was rejected');
  assert.equal(bannerForError('token_stale', 'run codex login', null, 'codex-home').title, 'Codex sign-in needs renewing');
  assert.equal(bannerForError('network', 'offline', null, 'ccs').title, 'Can’t reach ChatGPT');
});

test('the header names a shown account that failed before it had numbers, and keeps skeletons while loading', () => {
  const header = (loading: boolean, accountLabel?: string) =>
    renderToStaticMarkup(
      <PopoverHeader
        report={null}
        hideEmail={false}
        refreshing={false}
        stale={!loading}
        now={FIXTURE_NOW}
        loading={loading}
        {...(accountLabel !== undefined ? { accountLabel } : {})}
      />,
    );
  assert.match(header(false, 'ccs-b@example.com'), /data-testid="account-name">ccs-b@example\.com</);
  assert.doesNotMatch(header(false, 'ccs-b@example.com'), /skeleton/);
  assert.match(header(true, 'ccs-b@example.com'), /skeleton/);
  // One account: as it always was.
  assert.match(header(false), /skeleton/);
});
