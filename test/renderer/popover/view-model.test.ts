import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, type Settings } from '../../../shared/settings-model.js';
import {
  costModel,
  creditsLabel,
  planLabel,
  resetLabel,
  sourceLabel,
  topModels,
  updatedLabel,
  windowCard,
  windowCards,
  windowLengthLabel,
} from '../../../renderer/popover/view-model.js';
import { costReport, FIXTURE_NOW, plusReport, proEverythingReport } from '../popover-fixtures.js';

const now = FIXTURE_NOW;
const settings = (display: Partial<Settings['display']> = {}): Settings => ({ ...defaultSettings(), display: { ...defaultSettings().display, ...display } });

test('a card per window, in order: session, weekly, each extra window, code review', () => {
  const cards = windowCards(proEverythingReport(now), settings(), now);
  assert.deepEqual(
    cards.map((c) => c.title),
    ['Session', 'Weekly', 'Codex Spark 5h', 'Codex Spark weekly', 'Code review'],
  );
});

test('bars show what is left by default, and what is used when the setting says so', () => {
  const left = windowCard('session', 'Session', { usedPercent: 23, windowMinutes: 300, resetsAt: null }, settings(), now);
  assert.equal(left.percentLabel, '77% left');
  assert.equal(left.fillPercent, 77);
  const used = windowCard('session', 'Session', { usedPercent: 23, windowMinutes: 300, resetsAt: null }, settings({ barsShow: 'used' }), now);
  assert.equal(used.percentLabel, '23% used');
  assert.equal(used.fillPercent, 23);
});

test('the reset reads as a countdown, or as a clock time when the setting says so', () => {
  const report = plusReport(now);
  assert.equal(resetLabel(report.session?.resetsAt ?? null, settings(), now), 'Resets in 2h 5m');
  assert.equal(resetLabel(report.weekly?.resetsAt ?? null, settings(), now), 'Resets in 4d 21h');
  assert.equal(resetLabel(report.session?.resetsAt ?? null, settings({ resetStyle: 'clock' }), now, 'UTC'), 'Resets 14:05');
  assert.equal(resetLabel(new Date(now.getTime() + 20 * 3_600_000).toISOString(), settings({ resetStyle: 'clock' }), now, 'UTC'), 'Resets tomorrow 08:00');
  assert.equal(resetLabel(null, settings(), now), null);
});

test('the pace marker sits where an even pace would be, on the same scale as the fill', () => {
  // Session resets in 2h 30m of 5h: half elapsed, so 50 % expected; 62 % used is 12 points ahead,
  // and at 62 % per 150 minutes the last 38 % lasts 92 minutes.
  const card = windowCards(proEverythingReport(now), settings(), now)[0];
  assert.ok(card);
  assert.equal(card.paceMarkerPercent, 50);
  assert.equal(card.paceLabel, '12% in deficit');
  assert.equal(card.runOutLabel, 'Runs out in 1h 32m');
  const usedScale = windowCards(proEverythingReport(now), settings({ barsShow: 'used' }), now)[0];
  assert.equal(usedScale?.paceMarkerPercent, 50);
});

test('a window behind pace shows its reserve and no run-out', () => {
  const card = windowCards(plusReport(now), settings(), now)[0];
  // 23 % used with 2h 55m of 5h elapsed (58 % expected).
  assert.equal(card?.paceLabel, '35% in reserve');
  assert.equal(card?.runOutLabel, null);
});

test('low windows turn amber, then red', () => {
  const tone = (used: number) => windowCard('w', 'W', { usedPercent: used, windowMinutes: 300, resetsAt: null }, settings(), now).tone;
  assert.deepEqual([tone(50), tone(75), tone(80), tone(90), tone(100)], ['ok', 'warn', 'warn', 'critical', 'critical']);
  assert.equal(windowCard('w', 'W', { usedPercent: 100, windowMinutes: 300, resetsAt: null }, settings(), now).exhausted, true);
});

test('plan badges use CodexBar names and the header names the source that answered', () => {
  assert.equal(planLabel('pro'), 'Pro 20x');
  assert.equal(planLabel('prolite'), 'Pro 5x');
  assert.equal(planLabel('plus'), 'Plus');
  assert.equal(planLabel('enterprise_cbp'), 'Enterprise Cbp');
  assert.equal(planLabel(null), null);
  assert.equal(sourceLabel(proEverythingReport(now)), 'OAuth + chatgpt.com');
  assert.equal(updatedLabel(plusReport(now), now), 'Updated 2m ago via OAuth');
});

test('window lengths are named in hours or days', () => {
  assert.deepEqual([300, 10080, 1440, 45, null].map(windowLengthLabel), ['5 hours', '7 days', '1 day', '45 min', null]);
});

test('cost: today, the whole range zero-filled day by day, and the top models by cost', () => {
  const report = costReport(now);
  const model = costModel(report, now);
  assert.equal(model.days.length, 30);
  assert.equal(model.days.at(-1)?.date, '2026-11-21');
  assert.equal(model.days[0]?.costUSD, 0, 'a day without usage is a zero bar');
  const today = report.daily.find((d) => d.date === '2026-11-21');
  assert.equal(model.today.costUSD, today?.costUSD);
  assert.equal(model.period.costUSD, report.totals.costUSD);
  assert.deepEqual(
    model.topModels.map((m) => m.model),
    ['gpt-5.4', 'gpt-5.4-mini'],
  );
  const sum = report.daily
    .flatMap((d) => d.models)
    .filter((m) => m.model === 'gpt-5.4')
    .reduce((s, m) => s + (m.costUSD ?? 0), 0);
  assert.ok(Math.abs((model.topModels[0]?.costUSD ?? 0) - sum) < 1e-9);
});

test('a model without a price is never summed as free', () => {
  const report = costReport(now);
  const first = report.daily[0];
  assert.ok(first);
  first.models.push({ model: 'mystery-1', inputTokens: 9e9, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 9e9, costUSD: null });
  const top = topModels(report, 5);
  const mystery = top.find((m) => m.model === 'mystery-1');
  assert.equal(mystery?.costUSD, null);
  assert.equal(top.at(-1)?.model, 'mystery-1', 'unknown cost sorts after known costs');
});

test('today is taken in the cost report’s own time zone', () => {
  const report = { ...costReport(now), timezone: 'Pacific/Kiritimati' }; // UTC+14: already the 22nd
  assert.equal(costModel(report, now).today.costUSD, 0);
});

test('credits read from a rounded display show as about, exact ones as they are', () => {
  assert.equal(creditsLabel({ balance: 8, hasCredits: true, unlimited: false, approximate: true }), '≈ 8 left');
  assert.equal(creditsLabel({ balance: 7.5, hasCredits: true, unlimited: false }), '7.5 left');
  assert.equal(creditsLabel({ balance: null, hasCredits: true, unlimited: true }), 'Unlimited');
  assert.equal(creditsLabel({ balance: null, hasCredits: false, unlimited: false }), null);
});
