// The popover's history charts and burn-rate forecast, rendered to HTML by React itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { defaultSettings } from '../../../shared/settings-model.js';
import { historyChartModel } from '../../../renderer/popover/history-chart-model.js';
import { windowCards } from '../../../renderer/popover/view-model.js';
import { WindowCard } from '../../../renderer/popover/window-card.js';
import { FIXTURE_NOW, proEverythingReport } from '../popover-fixtures.js';
import { proHistory } from '../history-fixtures.js';
import { markupText as text } from '../static-markup.js';

test('the chart is a step line over the span, with a mark at each reset inside it', () => {
  const now = FIXTURE_NOW.getTime();
  const H = 3_600_000;
  const model = historyChartModel(
    {
      id: 'session',
      windowMinutes: 300,
      samples: [
        { at: new Date(now - 30 * H).toISOString(), usedPercent: 50, resetsAt: null },
        { at: new Date(now - 12 * H).toISOString(), usedPercent: 100, resetsAt: null },
        { at: new Date(now - 6 * H).toISOString(), usedPercent: 0, resetsAt: null },
      ],
      resets: [{ at: new Date(now - 6 * H).toISOString(), usedPercentBefore: 100 }],
    },
    now,
  );
  assert.ok(model);
  // 24 h over 300 px: 12 h ago is x 150, 6 h ago x 225; used 50 % is y 36 − 17 − 1 = 18, 100 % y 1, 0 % y 35.
  assert.equal(model.linePath, 'M0 18 H150 V1 H225 V35 H300');
  assert.deepEqual(model.resetXs, [225]);
  assert.equal(model.summary, 'Last 24 h: peak 100% used, 1 reset');
  assert.equal(historyChartModel({ id: 'codex-spark-session', windowMinutes: 300, samples: [], resets: [] }, now), null, 'only the main windows are charted');
});

test('with a history, the session and weekly cards carry their charts and the burn-rate forecast', () => {
  const cards = windowCards(proEverythingReport(FIXTURE_NOW), defaultSettings(), FIXTURE_NOW, undefined, proHistory(FIXTURE_NOW));
  const [session, weekly] = cards;
  assert.ok(session && weekly);
  // 32 % an hour ago, 62 % now: 30 %/h, 38 % left is 76 minutes (the straight line said 1h 32m).
  assert.equal(session.runOutLabel, 'Runs out in 1h 16m');
  // Weekly: 55 % at the lookback's start (33.6 h ago), 88 % now: 33 % in 2016 min; 12 % left is 733.1 min,
  // which a countdown rounds up.
  assert.equal(weekly.runOutLabel, 'Runs out in 12h 14m');
  assert.equal(session.chart?.resetXs.length, 3);
  assert.equal(weekly.chart?.resetXs.length, 1);
  assert.equal(cards.filter((c) => c.chart != null).length, 2, 'extra windows get no chart');
  const html = renderToStaticMarkup(<WindowCard model={session} />);
  assert.match(html, /role="img" aria-label="Last 24 h: peak 71% used, 3 resets"/);
  assert.equal((html.match(/data-testid="history-reset"/g) ?? []).length, 3);
  assert.match(text(html), /24 h ago ┆ reset Now Runs out in 1h 16m$/);
});

test('without a history the cards are as before: the straight-line pace says when it runs out', () => {
  const [session] = windowCards(proEverythingReport(FIXTURE_NOW), defaultSettings(), FIXTURE_NOW);
  assert.equal(session?.runOutLabel, 'Runs out in 1h 32m');
  assert.equal(session?.chart, undefined);
});
