import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCostReport } from '../../../../electron/core/cost/cost-report.js';
import { bundledPriceTable } from '../../../../electron/core/cost/price-table.js';
import { SLOT_MS, type BucketRow } from '../../../../electron/core/cost/usage-buckets.js';

const slot = (iso: string) => Math.floor(Date.parse(iso) / SLOT_MS);
const scan = { files: 2, bytes: 10, filesFromCache: 0, ms: 1 };

/** One bucket row holding a single event at `iso`. */
function row(iso: string, model: string, long: 0 | 1, input: number, cached: number, output: number, reasoning: number): BucketRow {
  return [slot(iso), model, long, input, cached, output, reasoning, Date.parse(iso), Date.parse(iso)];
}
const one = (buckets: BucketRow[]) => [{ sessionId: 's', file: 'sessions/s.jsonl', cwd: null, buckets }];

test('days are sorted, empty ones omitted, and each has one row per model with its cost', () => {
  const rows: BucketRow[] = [
    row('2026-11-20T10:00:00Z', 'gpt-5.5', 0, 1_000_000, 800_000, 10_000, 4_000),
    row('2026-11-18T10:00:00Z', 'gpt-5.4', 0, 2_000_000, 0, 0, 0),
    row('2026-11-20T11:00:00Z', 'gpt-5.4', 1, 400_000, 100_000, 1_000, 0),
    row('2026-11-20T11:00:00Z', 'gpt-5.5', 0, 0, 0, 0, 0),
  ];
  const report = buildCostReport({
    sessions: one(rows),
    prices: bundledPriceTable(),
    range: { since: '2026-11-01', until: '2026-11-30' },
    timeZone: 'UTC',
    scan,
    notices: [],
  });
  assert.deepEqual(
    report.daily.map((d) => d.date),
    ['2026-11-18', '2026-11-20'],
  );
  const day = report.daily[1];
  // gpt-5.5: 0.2 × 5 + 0.8 × 0.5 + 0.01 × 30 = 1.7
  // gpt-5.4 long context (400k > 272k): 0.3 × 5 + 0.1 × 0.5 + 0.001 × 22.5 = 1.5725
  assert.deepEqual(day?.models, [
    {
      model: 'gpt-5.5',
      inputTokens: 1_000_000,
      cachedInputTokens: 800_000,
      outputTokens: 10_000,
      reasoningOutputTokens: 4_000,
      totalTokens: 1_010_000,
      costUSD: 1.7,
    },
    {
      model: 'gpt-5.4',
      inputTokens: 400_000,
      cachedInputTokens: 100_000,
      outputTokens: 1_000,
      reasoningOutputTokens: 0,
      totalTokens: 401_000,
      costUSD: 1.5725,
    },
  ]);
  assert.equal(day?.costUSD, 3.2725);
  assert.equal(day?.totalTokens, 1_411_000);
  // 2,000,000 uncached at 2.5 = 5
  assert.equal(report.totals.costUSD, 8.2725);
  assert.equal(report.totals.inputTokens, 3_400_000);
  assert.deepEqual(report.unpricedModels, []);
  assert.equal(report.notices, undefined);
});

test('an unpriced model has a null cost, never 0, and makes its day and the total unknown too', () => {
  const rows: BucketRow[] = [
    row('2026-11-20T10:00:00Z', 'acme-labs-preview', 0, 1000, 0, 10, 0),
    row('2026-11-20T10:00:00Z', 'gpt-5.5', 0, 1_000_000, 0, 0, 0),
    row('2026-11-21T10:00:00Z', 'gpt-5.5', 0, 1_000_000, 0, 0, 0),
  ];
  const report = buildCostReport({
    sessions: one(rows),
    prices: bundledPriceTable(),
    range: { since: '2026-11-20', until: '2026-11-21' },
    timeZone: 'UTC',
    scan,
    notices: ['n'],
  });
  assert.deepEqual(report.unpricedModels, ['acme-labs-preview']);
  assert.deepEqual(
    report.daily.map((d) => d.costUSD),
    [null, 5],
  );
  assert.equal(report.daily[0]?.models.find((m) => m.model === 'acme-labs-preview')?.costUSD, null);
  assert.equal(report.daily[0]?.models.find((m) => m.model === 'gpt-5.5')?.costUSD, 5);
  assert.equal(report.totals.costUSD, null);
  assert.deepEqual(report.notices, ['n']);
});

test("usage outside the window, or in another zone's day, lands where its own time says", () => {
  const rows: BucketRow[] = [row('2026-11-20T23:30:00Z', 'gpt-5.5', 0, 100, 0, 0, 0)];
  const inBerlin = buildCostReport({
    sessions: one(rows),
    prices: bundledPriceTable(),
    range: { since: '2026-11-21', until: '2026-11-21' },
    timeZone: 'Europe/Berlin',
    scan,
    notices: [],
  });
  assert.deepEqual(
    inBerlin.daily.map((d) => d.date),
    ['2026-11-21'],
  );
  const inUtc = buildCostReport({
    sessions: one(rows),
    prices: bundledPriceTable(),
    range: { since: '2026-11-21', until: '2026-11-21' },
    timeZone: 'UTC',
    scan,
    notices: [],
  });
  assert.deepEqual(inUtc.daily, []);
  assert.equal(inUtc.totals.costUSD, 0);
});

// Four sessions in Berlin time (UTC+1 from 25 October 2026), worked out by hand with the bundled prices:
// gpt-5.5 5 / 0.5 / 30 per million (input / cached / output), gpt-5.4 2.5 / 0.25 / 15, long context 5 / 0.5 / 22.5.
const grouped = [
  {
    sessionId: 'a',
    file: 'sessions/2026/10/31/rollout-a.jsonl',
    cwd: '/src/alpha',
    buckets: [
      row('2026-10-31T22:30:00Z', 'gpt-5.5', 0, 1_000_000, 0, 0, 0), // 23:30 on 31 October in Berlin: $5
      row('2026-10-31T23:30:00Z', 'gpt-5.5', 0, 0, 0, 100_000, 0), // 00:30 on 1 November in Berlin: $3
    ],
  },
  {
    sessionId: 'b',
    file: 'sessions/2026/11/02/rollout-b.jsonl',
    cwd: '/src/beta',
    buckets: [
      row('2026-11-02T08:00:00Z', 'gpt-5.4', 0, 2_000_000, 1_000_000, 0, 0), // 1M × 2.5 + 1M × 0.25 = $2.75
      row('2026-11-02T09:10:00Z', 'gpt-5.4', 1, 400_000, 0, 0, 0), // long context: 0.4M × 5 = $2
    ],
  },
  {
    sessionId: 'c',
    file: 'archived_sessions/rollout-c.jsonl',
    cwd: '/src/alpha',
    buckets: [
      row('2026-09-15T12:00:00Z', 'gpt-5.5', 0, 1_000_000, 0, 0, 0), // before the window
      row('2026-11-03T12:00:00Z', 'gpt-5.5', 0, 200_000, 100_000, 10_000, 4_000), // 0.5 + 0.05 + 0.3 = $0.85
    ],
  },
  // Only before the window: in no grouping.
  { sessionId: 'e', file: 'sessions/2026/09/01/rollout-e.jsonl', cwd: '/src/gamma', buckets: [row('2026-09-01T12:00:00Z', 'gpt-5.5', 0, 5, 0, 5, 0)] },
];
const unpricedSession = {
  sessionId: null,
  file: 'sessions/2026/11/04/rollout-d.jsonl',
  cwd: null,
  buckets: [row('2026-11-04T12:00:00Z', 'acme-labs-preview', 0, 1000, 0, 10, 0)],
};
const window = { since: '2026-10-01', until: '2026-11-30' };
const build = (groupBy: 'day' | 'month' | 'session' | 'project', withUnpriced = false) =>
  buildCostReport({
    sessions: withUnpriced ? [...grouped, unpricedSession] : grouped,
    prices: bundledPriceTable(),
    range: window,
    timeZone: 'Europe/Berlin',
    scan,
    notices: [],
    groupBy,
  });

const totalsKeys = ['inputTokens', 'cachedInputTokens', 'outputTokens', 'reasoningOutputTokens', 'totalTokens', 'costUSD'] as const;
function assertAddsUp(entries: ReadonlyArray<Record<(typeof totalsKeys)[number], number | null>>, totals: Record<(typeof totalsKeys)[number], number | null>) {
  for (const key of totalsKeys) {
    const sum = entries.reduce<number>((acc, e) => acc + (e[key] ?? Number.NaN), 0);
    assert.ok(Math.abs(sum - (totals[key] ?? Number.NaN)) < 1e-9, `${key}: ${sum} vs ${totals[key]}`);
  }
}

test('by month: months in the report zone, oldest first, each with its models, adding up to the totals', () => {
  const report = build('month');
  assert.deepEqual(report.monthly, [
    {
      month: '2026-10',
      inputTokens: 1_000_000,
      cachedInputTokens: 0,
      outputTokens: 0,
      reasoningOutputTokens: 0,
      totalTokens: 1_000_000,
      costUSD: 5,
      models: [
        { model: 'gpt-5.5', inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 1_000_000, costUSD: 5 },
      ],
    },
    {
      month: '2026-11',
      inputTokens: 2_600_000,
      cachedInputTokens: 1_100_000,
      outputTokens: 110_000,
      reasoningOutputTokens: 4_000,
      totalTokens: 2_710_000,
      costUSD: 8.6,
      models: [
        {
          model: 'gpt-5.4',
          inputTokens: 2_400_000,
          cachedInputTokens: 1_000_000,
          outputTokens: 0,
          reasoningOutputTokens: 0,
          totalTokens: 2_400_000,
          costUSD: 4.75,
        },
        {
          model: 'gpt-5.5',
          inputTokens: 200_000,
          cachedInputTokens: 100_000,
          outputTokens: 110_000,
          reasoningOutputTokens: 4_000,
          totalTokens: 310_000,
          costUSD: 3.85,
        },
      ],
    },
  ]);
  assert.equal(report.totals.costUSD, 13.6);
  assertAddsUp(report.monthly ?? [], report.totals);
  // The grouping sits right after daily, and only the one asked for is there.
  assert.deepEqual(Object.keys(report).slice(0, 5), ['schemaVersion', 'timezone', 'range', 'daily', 'monthly']);
  assert.equal(report.sessions, undefined);
  assert.equal(report.projects, undefined);
});

test('by session: each session with its file, cwd and first and last event inside the window, oldest first', () => {
  const report = build('session', true);
  assert.deepEqual(
    report.sessions?.map(({ sessionId, file, cwd, firstAt, lastAt, costUSD, totalTokens }) => ({
      sessionId,
      file,
      cwd,
      firstAt,
      lastAt,
      costUSD,
      totalTokens,
    })),
    [
      {
        sessionId: 'a',
        file: 'sessions/2026/10/31/rollout-a.jsonl',
        cwd: '/src/alpha',
        firstAt: '2026-10-31T22:30:00.000Z',
        lastAt: '2026-10-31T23:30:00.000Z',
        costUSD: 8,
        totalTokens: 1_100_000,
      },
      {
        sessionId: 'b',
        file: 'sessions/2026/11/02/rollout-b.jsonl',
        cwd: '/src/beta',
        firstAt: '2026-11-02T08:00:00.000Z',
        lastAt: '2026-11-02T09:10:00.000Z',
        costUSD: 4.75,
        totalTokens: 2_400_000,
      },
      // Its September event is outside the window: neither counted nor its firstAt.
      {
        sessionId: 'c',
        file: 'archived_sessions/rollout-c.jsonl',
        cwd: '/src/alpha',
        firstAt: '2026-11-03T12:00:00.000Z',
        lastAt: '2026-11-03T12:00:00.000Z',
        costUSD: 0.85,
        totalTokens: 210_000,
      },
      {
        sessionId: null,
        file: 'sessions/2026/11/04/rollout-d.jsonl',
        cwd: null,
        firstAt: '2026-11-04T12:00:00.000Z',
        lastAt: '2026-11-04T12:00:00.000Z',
        costUSD: null,
        totalTokens: 1010,
      },
    ],
  );
  assert.deepEqual(
    report.sessions?.[0]?.models.map((m) => [m.model, m.costUSD]),
    [['gpt-5.5', 8]],
  );
  assert.equal(report.totals.costUSD, null);
  assertAddsUp(
    (report.sessions ?? []).map((s) => ({ ...s, costUSD: 0 })),
    { ...report.totals, costUSD: 0 },
  );
  assertAddsUp(build('session').sessions ?? [], build('session').totals);
});

test('by project: sessions grouped by cwd (null when unknown), by cost descending, unknown cost last', () => {
  const report = build('project', true);
  assert.deepEqual(
    report.projects?.map(({ cwd, sessions, costUSD, inputTokens, outputTokens }) => ({ cwd, sessions, costUSD, inputTokens, outputTokens })),
    [
      { cwd: '/src/alpha', sessions: 2, costUSD: 8.85, inputTokens: 1_200_000, outputTokens: 110_000 },
      { cwd: '/src/beta', sessions: 1, costUSD: 4.75, inputTokens: 2_400_000, outputTokens: 0 },
      { cwd: null, sessions: 1, costUSD: null, inputTokens: 1000, outputTokens: 10 },
    ],
  );
  assert.deepEqual(
    report.projects?.[0]?.models.map((m) => [m.model, m.totalTokens, m.costUSD]),
    [['gpt-5.5', 1_310_000, 8.85]],
  );
  assertAddsUp(build('project').projects ?? [], build('project').totals);
});

test('by day adds nothing beside daily', () => {
  const report = build('day');
  assert.deepEqual(Object.keys(report), ['schemaVersion', 'timezone', 'range', 'daily', 'totals', 'unpricedModels', 'scan']);
  assert.deepEqual(
    report.daily.map((d) => [d.date, d.costUSD]),
    [
      ['2026-10-31', 5],
      ['2026-11-01', 3],
      ['2026-11-02', 4.75],
      ['2026-11-03', 0.85],
    ],
  );
});
