import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../../renderer/api/sse-parser.js';

test('events are split on blank lines, with their names and data', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('retry: 2000\n\nevent: usage\ndata: {"a":1}\n\nevent: cost\ndata: {}\n\n'), [
    { event: 'usage', data: '{"a":1}' },
    { event: 'cost', data: '{}' },
  ]);
});

test('a message split across chunks anywhere, even inside a CRLF, comes out whole', () => {
  const whole = 'event: state\r\ndata: {"x":"y"}\r\n\r\n';
  for (let cut = 1; cut < whole.length; cut++) {
    const p = new SseParser();
    const out = [...p.push(whole.slice(0, cut)), ...p.push(whole.slice(cut))];
    assert.deepEqual(out, [{ event: 'state', data: '{"x":"y"}' }], `cut at ${cut}`);
  }
});

test('comments are ignored, multi-line data is joined, an unnamed event is "message"', () => {
  const p = new SseParser();
  assert.deepEqual(p.push(': keep-alive\n\ndata: one\ndata:two\n\n'), [{ event: 'message', data: 'one\ntwo' }]);
});

test('a name without data sends nothing and does not leak into the next event', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('event: usage\n\ndata: 1\n\n'), [{ event: 'message', data: '1' }]);
});
