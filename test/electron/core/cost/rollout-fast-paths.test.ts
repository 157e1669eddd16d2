import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRolloutLine, sniffTruncatedRecord } from '../../../../electron/core/cost/rollout-record.js';
import { fastSessionMeta } from '../../../../electron/core/cost/session-meta-fast-path.js';
import { fastTokenCount } from '../../../../electron/core/cost/token-count-fast-path.js';
import { fastTurnContext } from '../../../../electron/core/cost/turn-context-fast-path.js';
import { rateLimitsOnly, sessionMeta, tokenCount, turnContext } from './rollout-log.js';

// The byte-level readers must agree with JSON.parse whenever they answer, and step aside (null) otherwise.

const A = '2026-11-20T10:00:00.123Z';
const ALL = { model: true, last: true };

function bytes(line: string): [Buffer, number, number] {
  // Surrounding bytes make sure the readers respect the range they are given.
  const buf = Buffer.from(`garbage\n${line}\n{"more":1}`);
  return [buf, 8, 8 + Buffer.byteLength(line)];
}

const tokenLines = [
  tokenCount(A, [1000, 800, 100, 40], [500, 400, 50, 20]),
  tokenCount(A, [1000, 800, 100, 40], null),
  tokenCount(A, null, [500, 400, 50, 20]),
  rateLimitsOnly(A),
];

test('token_count lines read from bytes equal their JSON parse', () => {
  for (const line of tokenLines) {
    assert.deepEqual(fastTokenCount(...bytes(line), ALL), parseRolloutLine(line), line);
  }
});

test('token_count with a model on the event, extra keys, or non-integer counts is left to JSON.parse', () => {
  const withModel = `{"timestamp":"${A}","type":"event_msg","payload":{"type":"token_count","info":{"model":"gpt-5.5","total_token_usage":{"input_tokens":10,"output_tokens":1}}}}`;
  const modelAfter = `{"timestamp":"${A}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":10,"output_tokens":1}},"model":"gpt-5.5"}}`;
  const floats = tokenCount(A, [10, 0, 1, 0]).replace('"input_tokens":10', '"input_tokens":10.5');
  const unknownKey = tokenCount(A, [10, 0, 1, 0]).replace('"model_context_window":258400', '"surprise":{"a":1}');
  for (const line of [withModel, floats, unknownKey]) assert.equal(fastTokenCount(...bytes(line), ALL), null, line);
  assert.equal(fastTokenCount(...bytes(modelAfter), ALL), null);
  // Once the file's model is known, a model on the event no longer matters, and the early exit is taken.
  assert.deepEqual(fastTokenCount(...bytes(modelAfter), { model: false, last: false }), { ...parseRolloutLine(modelAfter), model: null });
});

test('without a need for last_token_usage the reader stops after the total', () => {
  const line = tokenCount(A, [1000, 800, 100, 40], [500, 400, 50, 20]);
  const record = fastTokenCount(...bytes(line), { model: false, last: false });
  assert.deepEqual(record, {
    type: 'token_count',
    timestampMs: Date.parse(A),
    total: { input: 1000, cached: 800, output: 100, reasoning: 40, total: 1100 },
    last: null,
    model: null,
  });
});

test('session_meta lines give their id and fork parent from the head', () => {
  for (const line of [sessionMeta(A, 'child', 'parent'), sessionMeta(A, 'solo')]) {
    assert.deepEqual(fastSessionMeta(...bytes(line)), parseRolloutLine(line));
  }
  // A fork id written somewhere unexpected is not missed: the full parse takes it.
  const late = `{"timestamp":"${A}","type":"session_meta","payload":{"id":"x","cwd":"/w","forked_from_id":"p"}}`;
  assert.equal(fastSessionMeta(...bytes(late)), null);
  assert.deepEqual(parseRolloutLine(late), { type: 'session_meta', timestampMs: Date.parse(A), id: 'x', forkedFromId: 'p', cwd: '/w' });
});

test('session_meta gives the cwd from the head, and leaves an escaped, non-ASCII or displaced one to JSON.parse', () => {
  assert.equal((fastSessionMeta(...bytes(sessionMeta(A, 's', undefined, '/src/alpha'))) as { cwd: string | null }).cwd, '/src/alpha');
  const none = sessionMeta(A, 's', undefined, null);
  assert.deepEqual(fastSessionMeta(...bytes(none)), parseRolloutLine(none));
  assert.equal((parseRolloutLine(none) as { cwd: string | null }).cwd, null);
  for (const cwd of ['C:\\Users\\alex\\src', '/home/zoë/src', '/src/"quoted"']) {
    const line = sessionMeta(A, 's', 'p', cwd);
    assert.equal(fastSessionMeta(...bytes(line)), null, line);
    assert.equal((parseRolloutLine(line) as { cwd: string | null }).cwd, cwd);
  }
  const displaced = `{"timestamp":"${A}","type":"session_meta","payload":{"id":"x","originator":"o","cwd":"/w"}}`;
  assert.equal(fastSessionMeta(...bytes(displaced)), null);
});

test('cached input is the larger of cached_input_tokens and cache_read_input_tokens, on both paths', () => {
  // 900 in total; the older key says 300 cached, the newer 700: 700 counts, whichever comes first.
  const both = (a: string, b: string) =>
    `{"timestamp":"${A}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":900,${a},${b},"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":910},"model_context_window":258400}}}`;
  for (const line of [both('"cached_input_tokens":300', '"cache_read_input_tokens":700'), both('"cache_read_input_tokens":700', '"cached_input_tokens":300')]) {
    const parsed = parseRolloutLine(line);
    assert.equal(parsed?.type === 'token_count' ? parsed.total?.cached : undefined, 700, line);
    assert.deepEqual(fastTokenCount(...bytes(line), ALL), parsed, line);
  }
  const newerOnly = `{"timestamp":"${A}","type":"event_msg","payload":{"type":"token_count","info":{"last_token_usage":{"input_tokens":900,"cache_read_input_tokens":650,"output_tokens":10}}}}`;
  const parsed = parseRolloutLine(newerOnly);
  assert.equal(parsed?.type === 'token_count' ? parsed.last?.cached : undefined, 650);
  assert.deepEqual(fastTokenCount(...bytes(newerOnly), ALL), parsed);
});

test('turn_context lines give the payload model, not a nested one', () => {
  const line = turnContext(A, 'openai/gpt-5.5');
  assert.deepEqual(fastTurnContext(...bytes(line)), parseRolloutLine(line));
  const nestedFirst = `{"timestamp":"${A}","type":"turn_context","payload":{"collaboration_mode":{"settings":{"model":"inner"}},"model":"outer"}}`;
  assert.deepEqual(fastTurnContext(...bytes(nestedFirst)), { type: 'turn_context', timestampMs: Date.parse(A), model: 'outer' });
  const escaped = `{"timestamp":"${A}","type":"turn_context","payload":{"model":"gpt\\u002d5"}}`;
  assert.equal(fastTurnContext(...bytes(escaped)), null);
  assert.equal(parseRolloutLine(escaped)?.type, 'turn_context');
});

test('the head of an over-long line still gives its model or session identity', () => {
  assert.deepEqual(
    sniffTruncatedRecord(`{"timestamp":"${A}","type":"turn_context","payload":{"cwd":"/w","model":"gpt-5.4","developer_instructions":"aaaa`, 'turn_context'),
    {
      type: 'turn_context',
      timestampMs: Date.parse(A),
      model: 'gpt-5.4',
    },
  );
  assert.deepEqual(
    sniffTruncatedRecord(`{"timestamp":"${A}","type":"session_meta","payload":{"id":"c","forked_from_id":"p","base_instructions":{"text":"aaa`, 'session_meta'),
    {
      type: 'session_meta',
      timestampMs: Date.parse(A),
      id: 'c',
      forkedFromId: 'p',
      cwd: null,
    },
  );
  assert.equal(
    (
      sniffTruncatedRecord(
        `{"timestamp":"${A}","type":"session_meta","payload":{"id":"c","cwd":"/src/alpha","base_instructions":{"text":"aaa`,
        'session_meta',
      ) as { cwd: string | null }
    ).cwd,
    '/src/alpha',
  );
});

test('malformed lines and unknown record types are not records the counter acts on', () => {
  assert.equal(parseRolloutLine('{"timestamp":"x","type":"event_msg","payload":{"type":"token_'), null);
  assert.equal(parseRolloutLine('not json at all'), null);
  assert.deepEqual(parseRolloutLine(`{"timestamp":"${A}","type":"future_item","payload":{}}`), { type: 'other', timestampMs: Date.parse(A) });
  assert.deepEqual(parseRolloutLine(`{"timestamp":"${A}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":"lots"}}}`), {
    type: 'token_count',
    timestampMs: Date.parse(A),
    total: null,
    last: null,
    model: null,
  });
});
