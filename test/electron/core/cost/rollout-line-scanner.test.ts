import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanRolloutFile, type LineSink, type RelevantKind } from '../../../../electron/core/cost/rollout-line-scanner.js';
import { sessionMeta, testHomes, tokenCount, toolOutput, turnContext } from './rollout-log.js';

const homes = testHomes('quotabar-scanner-');
after(() => homes.cleanup());

interface Seen {
  relevant: Array<{ kind: RelevantKind; text: string; truncated: boolean; complete: boolean }>;
  other: Array<number | null>;
}

function sink(seen: Seen, wantsTimestamps = false, validate = true): LineSink {
  return {
    relevant(bytes, start, end, kind, truncated, complete) {
      const text = bytes.toString('utf8', start, end);
      if (validate && !truncated) {
        try {
          JSON.parse(text);
        } catch {
          return 'invalid';
        }
      }
      seen.relevant.push({ kind, text, truncated, complete });
      return 'ok';
    },
    wantsTimestamps: () => wantsTimestamps,
    other: (ms) => seen.other.push(ms),
  };
}

let n = 0;
function scan(content: string, options: Parameters<typeof scanRolloutFile>[4] = {}, startOffset = 0, wantsTimestamps = false) {
  const path = join(homes.dir, `f${n++}.jsonl`);
  writeFileSync(path, content);
  const seen: Seen = { relevant: [], other: [] };
  const fd = openSync(path, 'r');
  try {
    const outcome = scanRolloutFile(fd, startOffset, Buffer.byteLength(content), sink(seen, wantsTimestamps), options);
    return { outcome, seen };
  } finally {
    closeSync(fd);
  }
}

const A = '2026-11-20T10:00:00.000Z';

test('only session_meta, turn_context and token_count lines reach the parser', () => {
  const lines = [
    sessionMeta(A, 's'),
    toolOutput(A, 100),
    turnContext(A, 'gpt-5.5'),
    `{"timestamp":"${A}","type":"event_msg","payload":{"type":"agent_message","message":"token_count is mentioned here"}}`,
    tokenCount(A, [1, 0, 1, 0]),
  ];
  const { seen, outcome } = scan(lines.map((l) => `${l}\n`).join(''));
  assert.deepEqual(
    seen.relevant.map((r) => r.kind),
    ['session_meta', 'turn_context', 'token_count'],
  );
  assert.equal(outcome.endOffset, Buffer.byteLength(lines.join('\n')) + 1);
});

test('lines that span reads are put back together, whatever the buffer size', () => {
  const lines = [
    sessionMeta(A, 's'),
    turnContext(A, 'gpt-5.5'),
    toolOutput(A, 300),
    tokenCount(A, [10, 5, 2, 1], [10, 5, 2, 1]),
    tokenCount(A, [20, 5, 4, 1], [10, 0, 2, 0]),
  ];
  const content = lines.map((l) => `${l}\n`).join('');
  for (const chunkBytes of [64, 97, 128, 1000, 4096]) {
    const { seen } = scan(content, { chunkBytes });
    assert.deepEqual(
      seen.relevant.map((r) => r.text),
      [lines[0], lines[1], lines[3], lines[4]],
      `chunk ${chunkBytes}`,
    );
  }
});

test('a line of many megabytes that the scan does not need is skipped without being kept', () => {
  const huge = toolOutput(A, 12 << 20);
  const content = `${turnContext(A, 'gpt-5.5')}\n${huge}\n${tokenCount(A, [7, 0, 1, 0])}\n`;
  const { seen, outcome } = scan(content, { chunkBytes: 1 << 16, maxLineBytes: 1 << 20 });
  assert.deepEqual(
    seen.relevant.map((r) => r.kind),
    ['turn_context', 'token_count'],
  );
  // Only lines it parses are ever handed over, and the huge one never was.
  assert.ok(seen.relevant.every((r) => r.text.length < 4096));
  assert.equal(outcome.endOffset, Buffer.byteLength(content));
});

test('a relevant line longer than the limit is handed over as a bounded head, marked truncated', () => {
  const longTurn = turnContext(A, 'gpt-5.4').replace('"cwd":"/work"', `"cwd":"/work","developer_instructions":"${'y'.repeat(3 << 20)}"`);
  const content = `${longTurn}\n${tokenCount(A, [7, 0, 1, 0])}\n`;
  const { seen } = scan(content, { chunkBytes: 1 << 16, maxLineBytes: 1 << 20 });
  assert.equal(seen.relevant.length, 2);
  assert.equal(seen.relevant[0]?.truncated, true);
  assert.ok((seen.relevant[0]?.text.length ?? 0) <= 1 << 20);
  assert.equal(seen.relevant[1]?.truncated, false);
});

test('a last line still being written is not consumed: the offset stops before it', () => {
  const first = `${tokenCount(A, [10, 0, 1, 0])}\n`;
  const partial = tokenCount(A, [20, 0, 2, 0]).slice(0, 60);
  const { seen, outcome } = scan(first + partial);
  assert.equal(seen.relevant.length, 1);
  assert.equal(outcome.endOffset, Buffer.byteLength(first));
});

test('a last line without its newline is consumed once it is whole JSON', () => {
  const content = `${tokenCount(A, [10, 0, 1, 0])}\n${tokenCount(A, [20, 0, 2, 0])}`;
  const { seen, outcome } = scan(content);
  assert.equal(seen.relevant.length, 2);
  assert.equal(seen.relevant[1]?.complete, false);
  assert.equal(outcome.endOffset, Buffer.byteLength(content));
});

test('a scan resumes from an offset and reads only what follows', () => {
  const first = `${tokenCount(A, [10, 0, 1, 0])}\n`;
  const content = `${first}${tokenCount(A, [20, 0, 2, 0])}\n`;
  const { seen, outcome } = scan(content, {}, Buffer.byteLength(first));
  assert.equal(seen.relevant.length, 1);
  assert.equal(outcome.bytesRead, Buffer.byteLength(content) - Buffer.byteLength(first));
});

test('empty lines, blank files and Windows line endings are harmless', () => {
  assert.equal(scan('').outcome.endOffset, 0);
  const { seen } = scan(`\n\n${tokenCount(A, [10, 0, 1, 0])}\r\n\n`);
  assert.equal(seen.relevant.length, 1);
});

test('other lines report their timestamps only when asked', () => {
  const content = `${toolOutput('2026-11-20T10:00:01.250Z', 10)}\n${toolOutput(A, 10)}\n`;
  assert.deepEqual(scan(content).seen.other, []);
  assert.deepEqual(scan(content, {}, 0, true).seen.other, [Date.parse('2026-11-20T10:00:01.250Z'), Date.parse(A)]);
});

test('a record with its keys in another order or spacing is still found', () => {
  const spaced = `{ "timestamp": "${A}", "type" : "event_msg", "payload": { "type" : "token_count", "info": { "total_token_usage": { "input_tokens": 100, "output_tokens": 5 } } } }`;
  const payloadFirst = `{"payload":{"model":"gpt-5.5","cwd":"/w"},"type":"turn_context","timestamp":"${A}"}`;
  const { seen } = scan(`${spaced}\n${payloadFirst}\n`);
  assert.equal(seen.relevant.length, 2);
});
