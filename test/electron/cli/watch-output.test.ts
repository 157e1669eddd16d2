import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChangePrinter } from '../../../electron/cli/watch-output.js';
import { failure, FIXTURE_NOW, plusReport } from '../../renderer/popover-fixtures.js';

const later = (minutes: number) => new Date(FIXTURE_NOW.getTime() + minutes * 60_000);

test('watch prints the first result and then only results that look different', () => {
  for (const format of ['json', 'waybar', 'line'] as const) {
    const lines: string[] = [];
    const print = createChangePrinter(
      format,
      (line) => lines.push(line),
      () => FIXTURE_NOW,
    );
    print(plusReport(FIXTURE_NOW));
    // Fetched later, timed differently, same usage: nothing new to show.
    print({
      ...plusReport(later(5)),
      session: plusReport(FIXTURE_NOW).session,
      weekly: plusReport(FIXTURE_NOW).weekly,
      attempts: [{ source: 'oauth', ok: true, ms: 999, error: null }],
    });
    print(plusReport(FIXTURE_NOW, { session: { usedPercent: 30, windowMinutes: 300, resetsAt: null } }));
    print(failure());
    print(failure());
    print(plusReport(FIXTURE_NOW));
    assert.equal(lines.length, 4, `${format}: ${lines.join('\n')}`);
    assert.ok(
      lines.every((line) => !line.includes('\n')),
      'one line each',
    );
  }
});

test('with --json each line is one compact usage object; with --format line the short text', () => {
  const json: string[] = [];
  createChangePrinter(
    'json',
    (line) => json.push(line),
    () => FIXTURE_NOW,
  )(plusReport());
  assert.deepEqual(JSON.parse(json[0]!), plusReport());
  const text: string[] = [];
  createChangePrinter(
    'line',
    (line) => text.push(line),
    () => FIXTURE_NOW,
  )(plusReport());
  assert.deepEqual(text, ['5h 77% · wk 59%']);
});
