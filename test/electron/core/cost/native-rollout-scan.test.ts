import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NATIVE_KINDS, nativeRolloutScan, type NativeRolloutScan } from '../../../../electron/core/cost/native-rollout-scan.js';
import { classifyLineHead, lineMentionsRelevantType } from '../../../../electron/core/cost/rollout-line-classifier.js';
import { scanRolloutFile, type LineSink } from '../../../../electron/core/cost/rollout-line-scanner.js';
import { fastTokenCount } from '../../../../electron/core/cost/token-count-fast-path.js';
import { fastTurnContext } from '../../../../electron/core/cost/turn-context-fast-path.js';
import { rateLimitsOnly, sessionMeta, testHomes, tokenCount, toolOutput, turnContext, userMessage } from './rollout-log.js';

// The C accelerator must answer exactly as the TypeScript it stands in for, or step aside. Every check
// below runs both on the same bytes: Codex's own lines, odd layouts, and seeded random damage to both.

const homes = testHomes('quotabar-native-scan-');
after(() => homes.cleanup());

const A = '2026-11-20T10:00:00.123Z';
const FIXTURES = new URL('./fixtures/codexbar/', import.meta.url);

function loaded(): NativeRolloutScan {
  const native = nativeRolloutScan();
  assert.ok(native, 'build/Release/rollout_scan.node should be built by npm install (scripts/build-native.mjs)');
  return native;
}

const codexLines = [
  sessionMeta(A, 'solo'),
  sessionMeta(A, 'child', 'parent'),
  turnContext(A, 'gpt-5.5'),
  turnContext('2026-11-20T10:00:00Z', 'gpt-5.5'),
  turnContext(A, 'modèle-ü'),
  turnContext(A, ''),
  tokenCount(A, [1000, 800, 100, 40], [500, 400, 50, 20]),
  tokenCount(A, [1000, 800, 100, 40]),
  tokenCount(A, null, [500, 400, 50, 20]),
  tokenCount('2026-11-20T10:00:00Z', [1, 0, 1, 0]),
  tokenCount('2026-11-20T10:00:00.5Z', [123456789012345, 0, 1, 0]),
  tokenCount('2026-11-20T10:00:00.123456789Z', [7, 3, 2, 1]),
  rateLimitsOnly(A),
  userMessage(A, 'count the token_count events'),
  toolOutput(A, 3000),
  ...readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(new URL(name, FIXTURES), 'utf8').split('\n')),
];

const oddLines = [
  '',
  '{',
  '{}',
  'not json at all',
  `{"timestamp": "${A}", "type": "event_msg", "payload": {"type": "token_count", "info": null}}`,
  `{"type":"turn_context","timestamp":"${A}","payload":{"model":"gpt-5.5"}}`,
  `{"timestamp":"${A}","type":"event_msg","payload":{"info":{},"type":"token_count"}}`,
  `{"timestamp":"${A}","type":"event_msg","payload":{"text":"no payload type"}}`,
  `{"timestamp":"${A}","type":"compacted","payload":{"message":"token_count turn_context session_meta"}}`,
  `{"timestamp":"${A}","type":"response_item","payload":{"type":"message","content":"\\"type\\":\\"token_count\\""}}`,
  `{"timestamp":"${A}","type":"something_new","payload":{}}`,
  `{"timestamp":"0026-11-20T10:00:00.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1,"cached_input_tokens":0,"output_tokens":1,"reasoning_output_tokens":0,"total_tokens":2}}}}`,
  `{"timestamp":"2026-13-20T10:00:00.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1,"cached_input_tokens":0,"output_tokens":1,"reasoning_output_tokens":0,"total_tokens":2}}}}`,
  `{"timestamp":"2026-02-31T25:61:61.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1,"cached_input_tokens":0,"output_tokens":1,"reasoning_output_tokens":0,"total_tokens":2}}}}`,
  `{"timestamp":"2026-11-20T10:00:00.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1234567890123456,"cached_input_tokens":0,"output_tokens":1,"reasoning_output_tokens":0,"total_tokens":2}}}}`,
  `{"timestamp":"${A}","type":"turn_context","payload":{"model":"gpt-\\u0035"}}`,
  `{"timestamp":"${A}","type":"turn_context","payload":{"settings":{"model":"nested"},"model":"top"}}`,
  `{"timestamp":"${A}","type":"turn_context","payload":{"cwd":"/a\\"b","model":"gpt-5.5"}}`,
  `{"timestamp":"${A}","type":"turn_context","payload":{"model":5}}`,
  `{"timestamp":"${A}","type":"turn_context","payload":{"effort":"high"}}`,
];

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Each line damaged a few ways: a byte dropped, changed or doubled, most often near the head and the numbers. */
function damaged(lines: readonly string[], seed: number, perLine: number): string[] {
  const next = random(seed);
  const alphabet = '0123456789"{}[],:.\\ZTtx- \r';
  const out: string[] = [];
  for (const line of lines) {
    for (let k = 0; k < perLine && line.length > 0; k++) {
      const at = Math.floor(next() < 0.7 ? next() * Math.min(line.length, 260) : next() * line.length);
      const c = alphabet[Math.floor(next() * alphabet.length)] ?? 'x';
      const how = next();
      out.push(
        how < 0.33 ? line.slice(0, at) + line.slice(at + 1) : how < 0.66 ? line.slice(0, at) + c + line.slice(at + 1) : line.slice(0, at) + c + line.slice(at),
      );
    }
  }
  return out;
}

const corpus = [...codexLines, ...oddLines, ...damaged([...codexLines, ...oddLines], 20261129, 12)];

function bytesOf(line: string): [Buffer, number, number] {
  // Bytes around the line make sure a reader keeps to the range it is given.
  const buf = Buffer.from(`garbage\n${line}\n{"more":1}`);
  return [buf, 8, 8 + Buffer.byteLength(line)];
}

/** What the scanner's TypeScript walk makes of one line. */
function tsKind(buf: Buffer, start: number, end: number): string {
  const kind = classifyLineHead(buf, start, end);
  if (kind !== 'unknown') return kind;
  return lineMentionsRelevantType(buf, start, end) ? 'unknown' : 'other';
}

test('the C accelerator is built and loads', () => {
  loaded();
});

test('the C line walker stops at exactly the lines the TypeScript classifier keeps, with the same kind', () => {
  const native = loaded();
  const text = corpus.join('\n') + '\n';
  const buf = Buffer.from(text);
  const expected: string[] = [];
  for (let pos = 0; pos < buf.length;) {
    const nl = buf.indexOf(10, pos);
    if (nl > pos) {
      const kind = tsKind(buf, pos, nl);
      if (kind !== 'other') expected.push(`${pos}-${nl}:${kind}`);
    }
    pos = nl + 1;
  }
  const seen: string[] = [];
  const out = new Float64Array(2);
  let pos = 0;
  for (;;) {
    const at = native.nextRelevantLine(buf, pos, buf.length, out);
    if (at < 0) {
      assert.equal(-1 - at, buf.length, 'the walk consumes every complete line');
      break;
    }
    seen.push(`${at}-${out[1]}:${NATIVE_KINDS[out[0] ?? 0]}`);
    pos = (out[1] ?? 0) + 1;
  }
  assert.deepEqual(seen, expected);
  assert.ok(expected.length > 100, 'the corpus has relevant lines of every kind');
});

test('the C walker leaves a last line without its newline, and keeps to the range it is given', () => {
  const native = loaded();
  const line = tokenCount(A, [1, 0, 1, 0]);
  const buf = Buffer.from(`${line}\n${line}`);
  const out = new Float64Array(2);
  assert.equal(native.nextRelevantLine(buf, 0, buf.length, out), 0);
  assert.equal(out[1], line.length);
  assert.equal(native.nextRelevantLine(buf, line.length + 1, buf.length, out), -1 - (line.length + 1));
  assert.equal(native.nextRelevantLine(buf, 0, line.length, out), -1, 'a range ending before the newline holds no complete line');
  assert.throws(() => native.nextRelevantLine(buf, 0, buf.length + 1, out), TypeError);
  assert.throws(() => native.nextRelevantLine(buf, 0, buf.length, new Float64Array(1)), TypeError);
});

test('the C token_count reader answers as the TypeScript reader does, or steps aside', () => {
  const native = loaded();
  const answered = { withoutLast: 0, withLast: 0 };
  for (const line of corpus) {
    const [buf, start, end] = bytesOf(line);
    for (const last of [false, true]) {
      const needs = { model: false, last };
      if (native.readTokenCount(buf, start, end, last, new Float64Array(11)) !== 0) answered[last ? 'withLast' : 'withoutLast']++;
      assert.deepEqual(fastTokenCount(buf, start, end, needs, native), fastTokenCount(buf, start, end, needs, null), `${JSON.stringify(needs)} ${line}`);
    }
  }
  assert.ok(answered.withoutLast > 15 && answered.withLast > 15, `the C reader took Codex's own lines (${JSON.stringify(answered)})`);
});

test('the C turn_context reader answers as the TypeScript reader does, or steps aside', () => {
  const native = loaded();
  let answered = 0;
  for (const line of corpus) {
    const [buf, start, end] = bytesOf(line);
    if (native.readTurnContext(buf, start, end, new Float64Array(3)) === 1) answered++;
    assert.deepEqual(fastTurnContext(buf, start, end, native), fastTurnContext(buf, start, end, null), line);
  }
  assert.ok(answered > 10, `the C reader took Codex's own lines (${answered})`);
});

interface Trace {
  events: string[];
  outcome: ReturnType<typeof scanRolloutFile>;
}

/** A sink that wants timestamps for a while after some relevant lines, as a fork's copy burst does. */
function traceScan(path: string, size: number, native: boolean, chunkBytes: number): Trace {
  const events: string[] = [];
  let relevantSeen = 0;
  const sink: LineSink = {
    relevant(bytes, start, end, kind, truncated, complete) {
      relevantSeen++;
      events.push(`R ${kind} ${truncated} ${complete} ${bytes.toString('latin1', start, end)}`);
      return relevantSeen === 400 ? 'stop' : 'ok';
    },
    wantsTimestamps: () => relevantSeen % 7 < 3,
    other: (ms) => events.push(`O ${ms}`),
  };
  const fd = openSync(path, 'r');
  try {
    return { events, outcome: scanRolloutFile(fd, 0, size, sink, { native, chunkBytes, maxLineBytes: 4096, firstReadBytes: 1024 }) };
  } finally {
    closeSync(fd);
  }
}

test('a scan with the C walker delivers the same lines, timestamps and offsets as one without it', () => {
  loaded();
  const text = corpus.join('\n') + '\n' + tokenCount(A, [9, 0, 9, 0]);
  const path = join(homes.dir, 'corpus.jsonl');
  writeFileSync(path, text);
  const size = Buffer.byteLength(text);
  // 2 KiB makes every line over 1 KiB a long line, carried across reads, between the C walks.
  for (const chunkBytes of [2048, 8192, 65536, 1 << 20]) {
    const withC = traceScan(path, size, true, chunkBytes);
    const without = traceScan(path, size, false, chunkBytes);
    assert.deepEqual(withC.outcome, without.outcome, `chunk ${chunkBytes}`);
    assert.deepEqual(withC.events, without.events, `chunk ${chunkBytes}`);
    assert.ok(withC.events.length > 400, 'the scan went past the relevant lines and some others');
  }
});
