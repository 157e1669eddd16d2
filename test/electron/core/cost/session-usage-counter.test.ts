import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanSessionFile } from '../../../../electron/core/cost/session-file-scan.js';
import { parseRolloutLine, type RolloutRecord } from '../../../../electron/core/cost/rollout-record.js';
import {
  NO_FORK_CONTEXT,
  SessionUsageCounter,
  type CounterEnvironment,
  type CounterState,
  type UsageEvent,
} from '../../../../electron/core/cost/session-usage-counter.js';
import { totalsFingerprint } from '../../../../electron/core/cost/totals-digest.js';
import { rateLimitsOnly, sessionMeta, tokenCount, toolOutput, turnContext, userMessage, type Usage } from './rollout-log.js';

function record(line: string): RolloutRecord {
  const r = parseRolloutLine(line);
  assert.ok(r, `not a record: ${line}`);
  return r;
}

/** Feeds lines as the scan would (relevant ones parsed, others seen by their timestamp) and sums what counts. */
function count(lines: string[], env: CounterEnvironment = NO_FORK_CONTEXT, state: CounterState | null = null) {
  const events: UsageEvent[] = [];
  const counter = new SessionUsageCounter(state, env, (e) => events.push(e));
  let stopped = false;
  for (const line of lines) {
    const r = record(line);
    if (r.type === 'other') counter.observeLine(r.timestampMs);
    else if (counter.feed(r) === 'stop') {
      stopped = true;
      break;
    }
  }
  const sum = { input: 0, cached: 0, output: 0, reasoning: 0 };
  for (const e of events) {
    sum.input += e.usage.input;
    sum.cached += e.usage.cached;
    sum.output += e.usage.output;
    sum.reasoning += e.usage.reasoning;
  }
  return { events, sum, state: counter.state, stopped, fingerprints: counter.fingerprints };
}

const T = (s: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, s)).toISOString();

const RESTARTED = [
  turnContext(T(1), 'gpt-5.4'),
  tokenCount(T(2), [5000, 0, 500, 0], [5000, 0, 500, 0]),
  tokenCount(T(3), [2000, 0, 200, 0], [2000, 0, 200, 0]),
  tokenCount(T(4), [6000, 0, 600, 0], [4000, 0, 400, 0]),
];

const step: Usage = [1000, 0, 100, 0];
const OUT_OF_ORDER = [
  turnContext(T(1), 'gpt-5.4'),
  tokenCount(T(2), [1000, 0, 100, 0], step),
  tokenCount(T(4), [3000, 0, 300, 0], step),
  tokenCount(T(3), [2000, 0, 200, 0], step),
  tokenCount(T(5), [4000, 0, 400, 0], step),
  tokenCount(T(4), [3000, 0, 300, 0], step),
  tokenCount(T(6), [5000, 0, 500, 0], step),
];

test('usage is the growth of the cumulative total, event by event', () => {
  const { events, sum } = count([
    sessionMeta(T(0), 's1'),
    turnContext(T(1), 'gpt-5.5'),
    tokenCount(T(2), [1000, 800, 100, 40], [1000, 800, 100, 40]),
    tokenCount(T(3), [2500, 2000, 250, 90], [1500, 1200, 150, 50]),
    tokenCount(T(4), [4000, 3500, 300, 100], [1500, 1500, 50, 10]),
  ]);
  // Final total: 4000 in (3500 cached), 300 out (100 reasoning); per event 1000, 1500, 1500 in.
  assert.deepEqual(sum, { input: 4000, cached: 3500, output: 300, reasoning: 100 });
  assert.deepEqual(
    events.map((e) => e.usage.input),
    [1000, 1500, 1500],
  );
  assert.ok(events.every((e) => e.model === 'gpt-5.5'));
});

test('a token_count repeating an earlier total adds nothing, even with a non-zero last usage', () => {
  const { sum, events } = count([
    turnContext(T(1), 'gpt-5.4'),
    tokenCount(T(2), [1000, 0, 100, 0], [1000, 0, 100, 0]),
    // Re-emitted on a rate-limit update: same total, same last.
    tokenCount(T(3), [1000, 0, 100, 0], [1000, 0, 100, 0]),
    tokenCount(T(4), [3000, 0, 300, 0], [2000, 0, 200, 0]),
    // An older total seen again later (out of order) is not counted twice either.
    tokenCount(T(5), [1000, 0, 100, 0], [1000, 0, 100, 0]),
    rateLimitsOnly(T(6)),
  ]);
  // Summing last_token_usage would give 5000/500; the growth of the total is 3000/300.
  assert.deepEqual(sum, { input: 3000, cached: 0, output: 300, reasoning: 0 });
  assert.equal(events.length, 2);
});

test('a total below the running one is a new baseline, not negative usage: a restarted counter counts again', () => {
  const { sum, events } = count(RESTARTED);
  // 5000/500; then 2000/200 sets the baseline (nothing counted); then 6000/600, whose own last usage says
  // 4000/400 were used since: 4000/400 count. Total 9000 in, 900 out (the highest total alone would say 6000).
  assert.deepEqual(sum, { input: 9000, cached: 0, output: 900, reasoning: 0 });
  assert.deepEqual(
    events.map((e) => e.usage.input),
    [5000, 4000],
  );
});

test('token_count events written out of order do not count anything twice', () => {
  const { sum, events } = count(OUT_OF_ORDER);
  // Written 1000, 3000, 2000, 4000, 3000, 5000 (in Codex's order 1000 … 5000, 1000 in and 100 out each):
  // 1000; +2000 up to 3000; 2000 is a baseline (nothing); 4000 grows 2000 over it, but its own last usage
  // is 1000, so 1000; 3000 again is a repeat (nothing); 5000 grows 1000 over 4000. 5000 in, 500 out: exact.
  assert.deepEqual(sum, { input: 5000, cached: 0, output: 500, reasoning: 0 });
  assert.deepEqual(
    events.map((e) => e.usage.input),
    [1000, 2000, 1000, 1000],
  );
});

test('the byte-level scan and the JSON parse count restarts and out-of-order totals alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quotabar-counter-'));
  try {
    for (const [name, lines] of [
      ['restarted', RESTARTED],
      ['out-of-order', OUT_OF_ORDER],
    ] as const) {
      const path = join(dir, `${name}.jsonl`);
      writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
      const result = scanSessionFile({ path, size: statSync(path).size, startOffset: 0, state: null, buckets: [], env: NO_FORK_CONTEXT });
      const scanned = result.buckets.reduce(
        (a, r) => ({ input: a.input + r[3], cached: a.cached + r[4], output: a.output + r[5], reasoning: a.reasoning + r[6] }),
        { input: 0, cached: 0, output: 0, reasoning: 0 },
      );
      assert.deepEqual(scanned, count(lines).sum, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('last_token_usage counts only on an event without a total, and is not counted again by a later total', () => {
  const { sum } = count([
    turnContext(T(1), 'gpt-5.4'),
    tokenCount(T(2), null, [700, 500, 70, 20]),
    tokenCount(T(3), null, [300, 100, 30, 10]),
    // A later cumulative total includes both: only its growth beyond 1000/100 counts.
    tokenCount(T(4), [1600, 900, 160, 50], [600, 300, 60, 20]),
  ]);
  assert.deepEqual(sum, { input: 1600, cached: 900, output: 160, reasoning: 50 });
});

test('cached input stays inside input and reasoning inside output, even when a log says otherwise', () => {
  const { events } = count([turnContext(T(1), 'gpt-5.4'), tokenCount(T(2), [100, 150, 10, 25], null)]);
  assert.deepEqual(events[0]?.usage, { input: 100, cached: 100, output: 10, reasoning: 10, total: 110 });
});

test('the model is the latest turn_context before each event, without provider prefix or date suffix', () => {
  const { events } = count([
    tokenCount(T(1), [10, 0, 1, 0], [10, 0, 1, 0]),
    turnContext(T(2), 'openai/gpt-5.5-2026-04-23'),
    tokenCount(T(3), [30, 0, 3, 0], [20, 0, 2, 0]),
    turnContext(T(4), 'gpt-5.4-mini'),
    tokenCount(T(5), [60, 0, 6, 0], [30, 0, 3, 0]),
  ]);
  assert.deepEqual(
    events.map((e) => [e.model, e.usage.input]),
    [
      ['unknown', 10],
      ['gpt-5.5', 20],
      ['gpt-5.4-mini', 30],
    ],
  );
});

test('without any turn_context, a model named on the event itself is used', () => {
  const line = `{"timestamp":"${T(1)}","type":"event_msg","payload":{"type":"token_count","info":{"model":"openai/gpt-5.5","total_token_usage":{"input_tokens":10,"output_tokens":1}}}}`;
  const { events } = count([line]);
  assert.equal(events[0]?.model, 'gpt-5.5');
});

test('each event keeps its own timestamp', () => {
  const { events } = count([
    turnContext(T(1), 'gpt-5.4'),
    tokenCount('2026-11-20T23:59:59.900Z', [10, 0, 1, 0]),
    tokenCount('2026-11-21T00:00:00.100Z', [30, 0, 3, 0]),
  ]);
  assert.deepEqual(
    events.map((e) => new Date(e.timestampMs).toISOString()),
    ['2026-11-20T23:59:59.900Z', '2026-11-21T00:00:00.100Z'],
  );
});

// ---- Forks ----

const PARENT_HISTORY: Array<[Usage, Usage]> = [
  [
    [1000, 0, 100, 0],
    [1000, 0, 100, 0],
  ],
  [
    [3000, 1000, 250, 50],
    [2000, 1000, 150, 50],
  ],
];

function parentTotals(): Set<number> {
  return new Set(
    PARENT_HISTORY.map(([total]) =>
      totalsFingerprint({ input: total[0], cached: total[1], output: total[2], reasoning: total[3], total: total[0] + total[2] }),
    ),
  );
}

/** A fork of the parent above: the copied history re-stamped at the fork instant, then its own turn later. */
function forkLines(copyAt: number, ownAt: number): string[] {
  const instant = (ms: number) => new Date(Date.UTC(2026, 10, 20, 12, 0, 0) + ms).toISOString();
  return [
    sessionMeta(instant(copyAt), 'child', 'parent'),
    sessionMeta(instant(copyAt + 1), 'parent'), // the ancestor's own meta, copied too
    turnContext(instant(copyAt + 1), 'gpt-5.5'),
    userMessage(instant(copyAt + 2)),
    tokenCount(instant(copyAt + 2), ...(PARENT_HISTORY[0] as [Usage, Usage])),
    toolOutput(instant(copyAt + 3), 50),
    tokenCount(instant(copyAt + 4), ...(PARENT_HISTORY[1] as [Usage, Usage])),
    // The child's own turn, after a model round trip.
    turnContext(instant(ownAt), 'gpt-5.5'),
    userMessage(instant(ownAt + 1)),
    tokenCount(instant(ownAt + 4000), [4500, 2500, 300, 60], [1500, 1500, 50, 10]),
    tokenCount(instant(ownAt + 9000), [5000, 2600, 400, 90], [500, 100, 100, 30]),
  ];
}

// The child's own usage: 4500 − 3000 + 5000 − 4500 = 2000 in; cached 1600; output 150; reasoning 40.
const CHILD_OWN = { input: 2000, cached: 1600, output: 150, reasoning: 40 };

test('a fork does not count the history it copied from its parent when the parent is at hand', () => {
  const env: CounterEnvironment = { resolveFork: () => ({ mode: 'parent', parentTotals: parentTotals() }), parentTotals: () => parentTotals() };
  const { sum, state } = count(forkLines(0, 2500), env);
  assert.deepEqual(sum, CHILD_OWN);
  assert.equal(state.copiedEvents, 2);
  assert.equal(state.sessionId, 'child');
  assert.equal(state.forkedFromId, 'parent');
});

test('a fork whose parent is missing skips the burst of lines re-stamped at the fork instant', () => {
  const env: CounterEnvironment = { resolveFork: () => ({ mode: 'burst' }), parentTotals: () => null };
  const { sum, state } = count(forkLines(0, 6000), env);
  assert.deepEqual(sum, CHILD_OWN);
  assert.equal(state.copiedEvents, 2);
});

test('a fork that inherited totals without copying them counts from what it inherited', () => {
  // A fork by reference: no copied token_count, but its first event's total already holds the parent's 3000.
  const env: CounterEnvironment = { resolveFork: () => ({ mode: 'burst' }), parentTotals: () => null };
  const { sum } = count(
    [
      sessionMeta('2026-11-20T12:00:00.000Z', 'child', 'parent'),
      turnContext('2026-11-20T12:00:05.000Z', 'gpt-5.5'),
      tokenCount('2026-11-20T12:00:09.000Z', [4500, 2500, 300, 60], [1500, 1500, 50, 10]),
    ],
    env,
  );
  assert.deepEqual(sum, { input: 1500, cached: 1500, output: 50, reasoning: 10 });
});

test('a fork waits for its parent when asked to, leaving its state untouched', () => {
  const env: CounterEnvironment = { resolveFork: () => 'defer', parentTotals: () => null };
  const { stopped, state, events } = count(forkLines(0, 6000), env);
  assert.equal(stopped, true);
  assert.equal(events.length, 0);
  assert.equal(state.sawSessionMeta, false);
});

test('the fingerprints of every total in a file are kept, copied or not, for its own forks', () => {
  const env: CounterEnvironment = { resolveFork: () => ({ mode: 'burst' }), parentTotals: () => null };
  const { fingerprints } = count(forkLines(0, 6000), env);
  assert.equal(fingerprints.length, 4);
});

test('counting resumed from a saved state gives the same totals as one pass', () => {
  const lines = [
    sessionMeta(T(0), 's1'),
    turnContext(T(1), 'gpt-5.5'),
    tokenCount(T(2), [1000, 800, 100, 40], [1000, 800, 100, 40]),
    tokenCount(T(3), [2500, 2000, 250, 90], [1500, 1200, 150, 50]),
    tokenCount(T(4), [2500, 2000, 250, 90], [1500, 1200, 150, 50]),
    tokenCount(T(5), [4000, 3500, 300, 100], [1500, 1500, 50, 10]),
  ];
  const whole = count(lines);
  const first = count(lines.slice(0, 3));
  const saved = JSON.parse(JSON.stringify(first.state)) as CounterState;
  const rest = count(lines.slice(3), NO_FORK_CONTEXT, saved);
  assert.deepEqual(
    {
      input: first.sum.input + rest.sum.input,
      output: first.sum.output + rest.sum.output,
      cached: first.sum.cached + rest.sum.cached,
      reasoning: first.sum.reasoning + rest.sum.reasoning,
    },
    whole.sum,
  );
  assert.deepEqual(whole.sum, { input: 4000, cached: 3500, output: 300, reasoning: 100 });
});
