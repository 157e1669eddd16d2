import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerminalScreen } from '../../../../../electron/core/usage/pty/terminal-screen.js';
import { driveStatus } from '../../../../../electron/core/usage/pty/tui-driver.js';
import { silentLogger } from '../../../../../electron/core/util/logger.js';
import { SourceError } from '../../../../../electron/core/util/source-error.js';
import { tempDir } from '../../../../helpers/codex-home-fixture.js';

// The driver against small stand-in programs for screens the codex double does not draw.

const dir = tempDir('quotabar-driver-');
after(() => dir.cleanup());

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' };

/** Runs `source` under Node in a terminal; every byte it receives is appended to the returned log file. */
function program(name: string, source: string): { screen: TerminalScreen; inputLog: string } {
  const inputLog = join(dir.path, `${name}.input`);
  const prelude = `const fs = require('fs'); process.stdin.setRawMode(true); process.stdin.on('data', (d) => fs.appendFileSync(${JSON.stringify(inputLog)}, d));`;
  const screen = TerminalScreen.open({ command: process.execPath, args: ['-e', `${prelude}\n${source}`], env: ENV, cwd: dir.path, cols: 120, rows: 30 });
  return { screen, inputLog };
}

async function driveError(screen: TerminalScreen, budgetMs = 3000): Promise<SourceError> {
  try {
    await driveStatus({ terminal: screen, deadline: Date.now() + budgetMs, budgetMs, acceptPartial: false, now: () => new Date(), logger: silentLogger });
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  } finally {
    await screen.close();
  }
  assert.fail('expected the drive to fail');
}

test('a codex binary that cannot be executed is codex_not_found', async () => {
  const screen = TerminalScreen.open({ command: join(dir.path, 'missing-codex'), args: [], env: ENV, cwd: dir.path, cols: 80, rows: 24 });
  const error = await driveError(screen);
  assert.equal(error.code, 'codex_not_found');
  assert.match(error.message, /could not be started/);
});

for (const [name, drawn] of [
  [
    'Codex 0.171',
    `WARNING: proceeding, even though we could not create PATH aliases\r\n\x1b[?1049h\x1b[H  >_ OpenAI Codex (v0.171.0)\r\n\r\n  Folder access\r\n  Trust this folder?\r\n\r\n› 1. Trust and continue\r\n  2. Quit\r\n\r\n  Press enter to continue`,
  ],
  [
    'older Codex',
    `\x1b[2J\x1b[H> You are in /home/me\r\n\r\n  Do you trust the contents of this directory?\r\n\r\n› 1. Yes, continue\r\n  2. No, quit\r\n\r\n  Press enter to continue`,
  ],
] as const) {
  test(`the directory-trust question (${name}) is never answered: not_supported and not one key typed`, async () => {
    const { screen, inputLog } = program(`trust-${name.replace(/\W/g, '')}`, `process.stdout.write(${JSON.stringify(drawn)}); setInterval(() => {}, 1000);`);
    const error = await driveError(screen);
    assert.equal(error.code, 'not_supported');
    assert.match(error.message, /trust/i);
    assert.match(error.message, /never answers/);
    assert.equal(existsSync(inputLog) ? readFileSync(inputLog, 'utf8') : '', '');
  });
}

test('a screen that never settles into a prompt times out saying so, without typing', async () => {
  const { screen, inputLog } = program(
    'spinner',
    String.raw`const frames = '|/-\\'; let i = 0; setInterval(() => process.stdout.write('\x1b[1;1HBooting MCP servers ' + frames[i++ % 4]), 100);`,
  );
  const error = await driveError(screen, 1500);
  assert.equal(error.code, 'timeout');
  assert.match(error.message, /did not reach its prompt within 1\.5 s/);
  assert.equal(existsSync(inputLog) ? readFileSync(inputLog, 'utf8') : '', '');
});

test('a question that shows up after /status was typed stops the probe; its choice is never made', async () => {
  const { screen, inputLog } = program(
    'late-question',
    String.raw`process.stdout.write('\x1b[2J\x1b[10;1H› Ask Codex to do anything\r\n  ? for shortcuts');
      let typed = '';
      process.stdin.on('data', (d) => {
        typed += d;
        if (typed.endsWith('/status\r')) process.stdout.write('\x1b[2J\x1b[H  Approaching rate limits\r\n  Switch to a smaller model?\r\n\r\n› 1. Switch model\r\n  2. Keep current model\r\n');
      });`,
  );
  const error = await driveError(screen, 6000);
  assert.equal(error.code, 'not_supported');
  assert.match(error.message, /Switch to a smaller model\?/);
  assert.match(readFileSync(inputLog, 'utf8'), /^\/status\r$/, 'only /status and its Enter were typed, nothing after the question');
});

test('a composer that never goes quiet (an animated footer) still gets /status typed, and the card is read', async () => {
  const { screen, inputLog } = program(
    'animated',
    String.raw`let typed = '';
      process.stdout.write('\x1b[2J\x1b[10;1H› Ask Codex to do anything');
      const frames = '⠋⠙⠹⠸'; let i = 0;
      setInterval(() => process.stdout.write('\x1b[12;1H  ' + frames[i++ % 4] + ' indexing workspace'), 80);
      process.stdin.on('data', (d) => {
        typed += d;
        if (typed.endsWith('/status\r')) process.stdout.write('\x1b[1;1H╭──────────────────────────────────────────────────╮\r\n│  5h limit:   [██████████░░░░░░░░░░] 50% left    │\r\n╰──────────────────────────────────────────────────╯');
      });`,
  );
  try {
    const status = await driveStatus({
      terminal: screen,
      deadline: Date.now() + 6000,
      budgetMs: 6000,
      acceptPartial: false,
      now: () => new Date(),
      logger: silentLogger,
    });
    assert.deepEqual(
      status.rows.map((r) => [r.label, r.usedPercent]),
      [['5h limit', 50]],
    );
  } finally {
    await screen.close();
  }
  assert.match(readFileSync(inputLog, 'utf8'), /\/status\r/);
});

test('a Codex too old for --no-daemon is not_supported, saying to update it', async () => {
  const { screen } = program(
    'old-codex',
    String.raw`process.stdout.write("error: unexpected argument '--no-daemon' found\r\n\r\nUsage: codex [OPTIONS] [PROMPT]\r\n"); process.exit(2);`,
  );
  const error = await driveError(screen);
  assert.equal(error.code, 'not_supported');
  assert.match(error.message, /too old/);
});
