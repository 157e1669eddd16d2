import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAmount, parseStatusScreen, type StatusScreen } from '../../../../../electron/core/usage/pty/status-screen-parser.js';

// The runner sets TZ=UTC, so local times below read as UTC.
const NOW = new Date('2026-05-06T08:00:00.000Z');

/** A fixture's rendered screen: the insta snapshot minus its `---` header. */
function fixtureScreen(name: string): string {
  const text = readFileSync(new URL(`./fixtures/codex_tui__status__tests__status_snapshot_${name}.snap`, import.meta.url), 'utf8');
  const parts = text.split(/^---$/m);
  assert.equal(parts.length, 3, 'an insta snapshot has a front-matter block between two --- lines');
  return (parts[2] ?? '').replace(/^\n/, '');
}

function status(screen: StatusScreen): Extract<StatusScreen, { kind: 'status' }> {
  assert.equal(screen.kind, 'status', `expected a readable card, got ${JSON.stringify(screen)}`);
  return screen as Extract<StatusScreen, { kind: 'status' }>;
}

/** A card in Codex's layout around the given rows (labels padded to one column, as card.rs does). */
function card(rows: string[]): string {
  const body = [' >_ OpenAI Codex (v0.200.0)', '', ...rows];
  const width = Math.max(...body.map((l) => l.length)) + 2;
  return [`╭${'─'.repeat(width)}╮`, ...body.map((l) => `│ ${l.padEnd(width - 1)}│`), `╰${'─'.repeat(width)}╯`].join('\n');
}

test("the credits-and-limits fixture gives 5h and weekly as used percent with today's reset times and 38 credits", () => {
  const s = status(parseStatusScreen(fixtureScreen('includes_credits_and_limits'), NOW));
  assert.equal(s.complete, true);
  assert.deepEqual(
    s.rows.map((r) => [r.label, r.bucket, r.windowMinutes, r.usedPercent, r.resetsAt]),
    [
      ['5h limit', null, 300, 45, '2026-05-06T09:25:00.000Z'],
      ['Weekly limit', null, 10080, 30, '2026-05-06T09:55:00.000Z'],
    ],
  );
  assert.deepEqual(s.credits, { balance: 38, hasCredits: true, unlimited: false });
  assert.equal(s.monthlyLimit, null);
  assert.deepEqual(s.warnings, []);
  assert.deepEqual(s.unreadableRows, []);
});

test('the reasoning-details fixture, read late in the evening, rolls its early-morning resets to tomorrow', () => {
  const s = status(parseStatusScreen(fixtureScreen('includes_reasoning_details'), new Date('2026-05-06T23:00:00.000Z')));
  assert.deepEqual(
    s.rows.map((r) => [r.label, r.usedPercent, r.resetsAt]),
    [
      ['5h limit', 72, '2026-05-07T03:14:00.000Z'],
      ['Weekly limit', 45, '2026-05-07T03:24:00.000Z'],
    ],
  );
  assert.equal(s.credits, null, 'no Credits row means no credits, not zero credits');
});

test('the stale fixture keeps its limits and reports the stale warning', () => {
  const s = status(parseStatusScreen(fixtureScreen('shows_stale_limits_message'), NOW));
  assert.deepEqual(
    s.rows.map((r) => r.usedPercent),
    [72, 40],
  );
  // At 08:00 a 5 h window cannot reset at 03:14 tomorrow (19 h away): that reset has passed.
  // The weekly window can, so its 03:34 is tomorrow.
  assert.deepEqual(
    s.rows.map((r) => r.resetsAt),
    ['2026-05-06T03:14:00.000Z', '2026-05-07T03:34:00.000Z'],
  );
  assert.deepEqual(s.warnings, ['limits may be stale - start new turn to refresh.']);
});

test('the generic-labels fixture reads resets from the continuation line and dated resets as absolute times', () => {
  const s = status(parseStatusScreen(fixtureScreen('uses_generic_limit_labels_for_unsupported_windows'), NOW));
  assert.deepEqual(
    s.rows.map((r) => [r.label, r.length, r.secondary, r.windowMinutes, r.usedPercent, r.resetsAt]),
    [
      ['Usage limit', null, false, null, 35, '2026-05-07T07:08:00.000Z'],
      ['Secondary usage limit', null, true, null, 50, '2026-05-08T07:08:00.000Z'],
    ],
  );
});

test('the monthly credit limit row reads its percent, reset and the "8,000 of 25,000 credits used" continuation', () => {
  const screen = card([
    ' 5h limit:               [█████████████████░░░] 88% left (resets 10:00)',
    ' Monthly credit limit:   [██████████████░░░░░░] 68% left (resets 07:08 on 7 May)',
    '                         8,000 of 25,000 credits used',
  ]);
  const s = status(parseStatusScreen(screen, NOW));
  assert.deepEqual(s.monthlyLimit, { limit: 25000, used: 8000, remainingPercent: 68, resetsAt: '2026-05-07T07:08:00.000Z' });
  assert.deepEqual(
    s.rows.map((r) => r.label),
    ['5h limit'],
    'the monthly credit limit is not a rate-limit window',
  );
});

test('"Monthly limit" (a 30-day window) is a window, unlike the monthly credit limit', () => {
  const s = status(parseStatusScreen(card([' Monthly limit:    [██████████████████░░] 88% left (resets 07:08 on 7 May)']), NOW));
  assert.deepEqual(
    s.rows.map((r) => [r.length, r.windowMinutes, r.usedPercent]),
    [['monthly', 43200, 12]],
  );
});

test('daily and annual labels carry their lengths; older "% used" values are taken as used', () => {
  const s = status(
    parseStatusScreen(card([' Daily limit:    [████░░░░░░░░░░░░░░░░] 20% left (resets 10:00)', ' Annual limit:   [░░░░░░░░░░░░░░░░░░░░] 7% used']), NOW),
  );
  assert.deepEqual(
    s.rows.map((r) => [r.length, r.windowMinutes, r.usedPercent, r.resetsAt]),
    [
      ['daily', 1440, 80, '2026-05-06T10:00:00.000Z'],
      ['annual', 525600, 7, null],
    ],
  );
});

test('"Credits: Unlimited" is unlimited with no balance', () => {
  const s = status(parseStatusScreen(card([' 5h limit:   [████████████████████] 100% left', ' Credits:    Unlimited']), NOW));
  assert.deepEqual(s.credits, { balance: null, hasCredits: true, unlimited: true });
  assert.deepEqual(
    s.rows.map((r) => [r.usedPercent, r.resetsAt]),
    [[0, null]],
  );
});

test('"data not available yet" and "refresh requested" ask for another try', () => {
  const missing = parseStatusScreen(card([' Limits:           data not available yet']), NOW);
  assert.deepEqual(missing, { kind: 'not_ready', message: 'data not available yet' });
  const refreshing = parseStatusScreen(card([' Limits:           refresh requested; run /status again shortly.']), NOW);
  assert.equal(refreshing.kind, 'not_ready');
});

test('"not available for this account" is reported with the account, and an API-key login is recognised', () => {
  const chatgpt = parseStatusScreen(card([' Account:   dev@example.com (Business)', ' Limits:    not available for this account']), NOW);
  assert.deepEqual(chatgpt, { kind: 'unavailable', account: { account: { email: 'dev@example.com', plan: 'team', accountId: null }, apiKey: false } });
  const apiKey = parseStatusScreen(
    card([' Account:   API key configured (run codex login to use ChatGPT)', ' Limits:    not available for this account']),
    NOW,
  );
  assert.equal(apiKey.kind === 'unavailable' && apiKey.account.apiKey, true);
});

test('the 0.171 Pro tiers on the Account row become the plan ids the app-server reports', () => {
  const tiers: Array<[string, string]> = [
    ['Pro 200', 'pro'],
    ['Pro 100', 'prolite'],
    ['Pro 500', 'promax'],
  ];
  for (const [display, plan] of tiers) {
    const s = status(parseStatusScreen(card([` Account:    a@example.org (${display})`, ' 5h limit:   [██████████░░░░░░░░░░] 50% left']), NOW));
    assert.deepEqual(s.account.account, { email: 'a@example.org', plan, accountId: null }, display);
  }
});

test('the Account row gives the email and the plan id behind its display name', () => {
  const s = status(parseStatusScreen(card([' Account:    me@example.com (Pro Lite)', ' 5h limit:   [██████████░░░░░░░░░░] 50% left']), NOW));
  assert.deepEqual(s.account, { account: { email: 'me@example.com', plan: 'prolite', accountId: null }, apiKey: false });
  const planOnly = status(parseStatusScreen(card([' Account:    Plus', ' 5h limit:   [██████████░░░░░░░░░░] 50% left']), NOW));
  assert.deepEqual(planOnly.account.account, { email: null, plan: 'plus', accountId: null });
});

test("an additional bucket's header, rows and credits are kept apart from the main limit", () => {
  const s = status(
    parseStatusScreen(
      card([
        ' 5h limit:                    [██████████████████░░] 90% left (resets 10:00)',
        ' Credits:                     5 credits',
        ' GPT-5.3-Codex-Spark limit:',
        ' 5h limit:                    [███████████████████░] 97% left (resets 11:00)',
        ' Weekly limit:                [██████████████████░░] 91% left (resets 09:00 on 9 May)',
        ' Credits:                     99 credits',
        ' codex-other 5h limit:        [████████████████░░░░] 80% left (resets 12:00)',
      ]),
      NOW,
    ),
  );
  assert.deepEqual(
    s.rows.map((r) => [r.bucket, r.label, r.windowMinutes, r.usedPercent]),
    [
      [null, '5h limit', 300, 10],
      ['GPT-5.3-Codex-Spark', '5h limit', 300, 3],
      ['GPT-5.3-Codex-Spark', 'Weekly limit', 10080, 9],
      ['codex-other', 'codex-other 5h limit', 300, 20],
    ],
  );
  assert.deepEqual(s.credits, { balance: 5, hasCredits: true, unlimited: false }, "the bucket's own 99 credits are not the account's");
});

test('a narrow card that dropped "% left" is unreadable, so the caller can retry wider', () => {
  const narrow = card([' Context window:   99% left (2.25K used /', ' 5h limit:         [███████████████░░░░░]', '                   (resets 03:14)']);
  assert.deepEqual(parseStatusScreen(narrow, NOW), { kind: 'unreadable', complete: true, lines: ['5h limit: [███████████████░░░░░] (resets 03:14)'] });
});

test('a readable card with one unreadable row keeps the good rows and names the bad one', () => {
  const s = status(parseStatusScreen(card([' 5h limit:       [██████████░░░░░░░░░░] 50% left', ' Weekly limit:   [██████████░░░░░░░░░░]']), NOW));
  assert.deepEqual(
    s.rows.map((r) => r.label),
    ['5h limit'],
  );
  assert.deepEqual(s.unreadableRows, ['Weekly limit: [██████████░░░░░░░░░░]']);
});

test('the status card is found among the start-up header, earlier cards and the composer; the last one wins', () => {
  const screen = [
    '╭──────────────────────────────────────────────────────╮',
    '│ >_ OpenAI Codex (v0.200.0)                           │',
    '│ model:     gpt-5.1-codex medium   /model to change   │',
    '│ directory: ~                                         │',
    '╰──────────────────────────────────────────────────────╯',
    '  /status - show current session configuration',
    card([' Limits:     data not available yet']),
    '',
    card([' 5h limit:   [██████████░░░░░░░░░░] 50% left (resets 10:00)']),
    '',
    '› Ask Codex to do anything',
    '  ? for shortcuts                                 100% context left',
  ].join('\n');
  const s = status(parseStatusScreen(screen, NOW));
  assert.deepEqual(
    s.rows.map((r) => r.usedPercent),
    [50],
  );
});

test('a card still being drawn is reported incomplete; a screen without one is "none"', () => {
  const partial = card([' Token usage:   0 total', ' 5h limit:      [██████████░░░░░░░░░░] 50% left']).split('\n').slice(0, -1).join('\n');
  assert.equal(status(parseStatusScreen(partial, NOW)).complete, false);
  assert.deepEqual(parseStatusScreen('› Ask Codex to do anything\n  ? for shortcuts', NOW), { kind: 'none' });
  assert.deepEqual(parseStatusScreen('', NOW), { kind: 'none' });
});

test('without a box border the rows are still read', () => {
  const s = status(
    parseStatusScreen(
      '  5h limit:   [██████████░░░░░░░░░░] 50% left (resets 10:00)\n  Weekly limit:   [████████████████░░░░] 80% left (resets 09:00 on 9 May)',
      NOW,
    ),
  );
  assert.deepEqual(
    s.rows.map((r) => [r.windowMinutes, r.usedPercent]),
    [
      [300, 50],
      [10080, 20],
    ],
  );
});

test('amounts with thousands separators or decimal commas parse; garbage does not', () => {
  assert.equal(parseAmount('8,000'), 8000);
  assert.equal(parseAmount('25 000'), 25000);
  assert.equal(parseAmount('1.234,5'), 1234.5);
  assert.equal(parseAmount('1,234.5'), 1234.5);
  assert.equal(parseAmount('37.5'), 37.5);
  assert.equal(parseAmount('7,5'), 7.5);
  assert.equal(parseAmount('1.000.000'), 1000000);
  assert.equal(parseAmount('abc'), null);
  assert.equal(parseAmount(''), null);
});

// Whole screens of the real Codex 0.171 (fixtures/README.md), read at the time they were captured.
const CAPTURED = new Date('2026-11-29T05:31:00.000Z');

function realScreen(name: string): string {
  return readFileSync(new URL(`./fixtures/codex-0.171-status-${name}.screen.txt`, import.meta.url), 'utf8');
}

test('Codex 0.171: the borderless card is read by its labels, after the warning line printed before the TUI', () => {
  const screen = realScreen('plus');
  assert.match(screen.split('\n')[0] ?? '', /^WARNING: proceeding/);
  const s = status(parseStatusScreen(screen, CAPTURED));
  assert.equal(s.complete, true, 'the composer below the card means it is drawn in full');
  assert.deepEqual(
    s.rows.map((r) => [r.label, r.bucket, r.windowMinutes, r.usedPercent, r.resetsAt]),
    [
      ['5h limit', null, 300, 23, '2026-11-29T07:35:00.000Z'],
      ['Weekly limit', null, 10080, 41, '2026-12-02T16:50:00.000Z'],
    ],
  );
  assert.deepEqual(s.account.account, { email: 'a@example.org', plan: 'plus', accountId: null });
  assert.deepEqual(s.warnings, [], 'the WARNING line before the TUI is not a /status warning');
});

test('Codex 0.171: a weekly-only free plan, and a Pro plan with credits, a 30-minute limit and the Spark bucket', () => {
  const free = status(parseStatusScreen(realScreen('free-weekly'), CAPTURED));
  assert.deepEqual(
    free.rows.map((r) => [r.label, r.usedPercent, r.resetsAt]),
    [['Weekly limit', 62, '2026-12-02T02:57:00.000Z']],
  );
  assert.equal(free.account.account.plan, 'free');

  const pro = status(parseStatusScreen(realScreen('pro-spark'), CAPTURED));
  assert.deepEqual(
    pro.rows.map((r) => [r.label, r.bucket, r.windowMinutes, r.usedPercent, r.resetsAt]),
    [
      ['5h limit', null, 300, 4, '2026-11-29T07:54:00.000Z'],
      ['Weekly limit', null, 10080, 19, '2026-12-01T09:37:00.000Z'],
      ['codex_other Usage limit', 'codex_other', null, 88, '2026-11-29T05:39:00.000Z'],
      ['5h limit', 'GPT-5.3-Codex-Spark', 300, 3, '2026-11-29T07:59:00.000Z'],
      ['Weekly limit', 'GPT-5.3-Codex-Spark', 10080, 9, '2026-12-01T13:03:00.000Z'],
    ],
  );
  assert.deepEqual(pro.credits, { balance: 8, hasCredits: true, unlimited: false });
  assert.deepEqual(pro.account.account, { email: 'a@example.org', plan: 'pro', accountId: null }, '"Pro 200" is the pro plan');
});

test('Codex 0.171: while the card says "refresh requested" it is not read as limits', () => {
  const screen = realScreen('plus').replace(/ {2}5h limit:.*\n {2}Weekly limit:.*\n/, '  Limits:              refresh requested; run /status again shortly.\n');
  assert.equal(parseStatusScreen(screen, CAPTURED).kind, 'not_ready');
});

test('a borderless card still being drawn (nothing below it yet) is incomplete', () => {
  const screen = realScreen('plus');
  const cut = screen.slice(0, screen.indexOf('› Ask Codex'));
  assert.equal(status(parseStatusScreen(cut, CAPTURED)).complete, false);
});
