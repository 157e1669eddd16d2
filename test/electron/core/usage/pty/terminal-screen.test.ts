import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import nodePty from 'node-pty';
import xtermHeadless from '@xterm/headless';
import { TerminalScreen } from '../../../../../electron/core/usage/pty/terminal-screen.js';
import { tempDir } from '../../../../helpers/codex-home-fixture.js';
import { assertNothingLeft, liveGroupMembers, ptyScenario } from './pty-harness.js';

const dir = tempDir('quotabar-term-');
mkdirSync(join(dir.path, 'home'), { recursive: true });
after(() => dir.cleanup());

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' };

/** A small program for the terminal, run by this Node binary. */
function nodeProgram(source: string, cols = 40, rows = 10): TerminalScreen {
  return TerminalScreen.open({ command: process.execPath, args: ['-e', source], env: ENV, cwd: dir.path, cols, rows });
}

async function waitFor(screen: TerminalScreen, predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out; screen was:\n${screen.text()}`);
    await screen.waitForActivity(100);
  }
}

test('cursor moves are applied: text written right-to-left reads left-to-right', async () => {
  const screen = nodeProgram(String.raw`process.stdout.write('\x1b[2J\x1b[1;7Hworld\x1b[1;1Hhello'); setTimeout(() => {}, 5000);`);
  try {
    await waitFor(screen, () => screen.text().includes('world'));
    await waitFor(screen, () => screen.idleMs() > 100);
    assert.equal(screen.text().split('\n')[0], 'hello world');
  } finally {
    await screen.close();
  }
});

test('a line longer than the terminal is read back as one line', async () => {
  const long = 'x'.repeat(30) + 'END';
  const screen = nodeProgram(`process.stdout.write(${JSON.stringify(long)} + '\\r\\nnext'); setTimeout(() => {}, 5000);`, 20, 5);
  try {
    await waitFor(screen, () => screen.text().includes('next'));
    assert.deepEqual(screen.text().split('\n').slice(0, 2), [long, 'next']);
  } finally {
    await screen.close();
  }
});

test('the cursor-position query is answered, as a real terminal would', async () => {
  const program = String.raw`
    process.stdin.setRawMode(true);
    process.stdout.write('\x1b[3;5H\x1b[6n');
    let got = '';
    process.stdin.on('data', (d) => { got += d; if (got.includes('R')) process.stdout.write('\x1b[5;1Hreply ' + JSON.stringify(got)); });
    setTimeout(() => {}, 5000);`;
  const screen = nodeProgram(program);
  try {
    await waitFor(screen, () => screen.text().includes('reply'));
    assert.match(screen.text(), /reply "\\u001b\[3;5R"/);
  } finally {
    await screen.close();
  }
});

test('the alternate screen is read while it is up', async () => {
  const screen = nodeProgram(String.raw`process.stdout.write('main\r\n\x1b[?1049h\x1b[Halternate'); setTimeout(() => {}, 5000);`);
  try {
    await waitFor(screen, () => screen.text().includes('alternate'));
    assert.match(screen.text(), /main[\s\S]*alternate/);
  } finally {
    await screen.close();
  }
});

test("reading the double's card needs a terminal emulator: its raw bytes never hold a row in one piece", async () => {
  const s = ptyScenario(dir.path, 'credits');
  const pty = nodePty.spawn(s.bin, [], { name: 'xterm-256color', cols: 200, rows: 60, cwd: dir.path, env: { PATH: '/usr/bin:/bin', HOME: s.home } });
  let raw = '';
  pty.onData((d) => {
    raw += d;
    if (d.includes('\x1b[6n')) pty.write('\x1b[1;1R');
  });
  const exited = new Promise((r) => pty.onExit(r));
  try {
    const deadline = Date.now() + 10_000;
    while (!raw.includes('context left') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    pty.write('/status');
    await new Promise((r) => setTimeout(r, 300));
    pty.write('\r');
    while (!raw.includes('Credits') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    // eslint-disable-next-line no-control-regex -- stripping CSI sequences is the point here
    const stripped = raw.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
    assert.doesNotMatch(stripped, /5h limit:\s+\[█+░+\] 55% left \(resets/, 'a regex over the byte stream cannot see the row');
    const term = new xtermHeadless.Terminal({ cols: 200, rows: 60, allowProposedApi: true });
    await new Promise<void>((r) => term.write(raw, r));
    const rendered: string[] = [];
    for (let i = 0; i < term.buffer.active.length; i++) rendered.push(term.buffer.active.getLine(i)?.translateToString(true) ?? '');
    term.dispose();
    assert.match(rendered.join('\n'), /│ {2}5h limit: {9}\[█{11}░{9}\] 55% left \(resets \d\d:\d\d( on \d+ \w+)?\) +│/);
  } finally {
    pty.kill('SIGKILL');
    await exited;
  }
  await assertNothingLeft(s);
});

test('close() kills the whole process group, even members that ignore SIGTERM', async () => {
  const s = ptyScenario(dir.path, 'silent');
  const screen = TerminalScreen.open({ command: s.bin, args: [], env: { PATH: '/usr/bin:/bin', HOME: s.home }, cwd: dir.path, cols: 80, rows: 24 });
  const deadline = Date.now() + 10_000;
  while (!s.entries().some((e) => typeof e.grandchild === 'number') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(liveGroupMembers(screen.pid).length >= 2, "the double and its helper share the terminal's process group");
  await screen.close();
  assert.notEqual(screen.exitStatus, null, 'the child was reaped');
  await assertNothingLeft(s);
});

test('a program that cannot be started shows the reason on screen and exits', async () => {
  const screen = TerminalScreen.open({ command: join(dir.path, 'missing'), args: [], env: ENV, cwd: dir.path, cols: 80, rows: 24 });
  try {
    await waitFor(screen, () => screen.exitStatus !== null);
    assert.equal(screen.exitStatus?.exitCode, 1);
    await waitFor(screen, () => screen.text().includes('execvp'));
  } finally {
    await screen.close();
  }
});
