// The plain `codex` TUI stand-in: a full-screen program for a real pseudo-terminal. It draws with
// real ANSI sequences (alternate screen, absolute cursor moves, SGR colours, box drawing), asks
// its terminal for the cursor position at start-up and refuses to run without an answer (as
// crossterm does), and reacts to keystrokes: `/status` + Enter inserts the status card.
//
// The card is drawn out of order — rows bottom-up, each row's right half before its left half — so
// only a terminal emulator, not a regex over the byte stream, sees the rows as a person does.
//
// Scenario: $CODEX_DOUBLE_TUI. $CODEX_DOUBLE_TRANSCRIPT, when set, receives one JSON line per event
// (start, keystrokes typed, the exact reset instants of each card drawn, login/update choices).

import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';

const scenario = process.env.CODEX_DOUBLE_TUI ?? 'credits';
/**
 * `boxed`: the card in a rounded box (Codex up to 0.16x). `0.171`: Codex 0.171's look — a warning
 * line printed before the TUI, no box around the header or the card, and a provisional composer
 * that takes `/status` while Codex is still starting ("Waiting for startup") and runs it later.
 */
const style = process.env.CODEX_DOUBLE_STYLE === '0.171' ? '0.171' : 'boxed';
const transcript = process.env.CODEX_DOUBLE_TRANSCRIPT;

function record(entry: Record<string, unknown>): void {
  if (transcript) appendFileSync(transcript, `${JSON.stringify(entry)}\n`);
}

const cols = process.stdout.columns || 80;
const rows = process.stdout.rows || 24;
record({
  start: {
    argv: process.argv.slice(2),
    envKeys: Object.keys(process.env).sort(),
    term: process.env.TERM ?? null,
    cwd: process.cwd(),
    cwdMode: statSync(process.cwd()).mode & 0o777,
    cwdEntries: readdirSync(process.cwd()),
    cols,
    rows,
    pid: process.pid,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  },
});

// ---------------------------------------------------------------------------------------------
// Output: every byte goes through one queue, so the split scenario can cut it anywhere.

const ESC = '\x1b';
const CSI = `${ESC}[`;
let outQueue: Promise<void> = Promise.resolve();
let seed = 0x2545f491;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x100000000;
}

function writeRaw(chunk: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    if (!process.stdout.write(chunk, () => resolve())) process.stdout.once('drain', () => resolve());
  });
}

function out(text: string): Promise<void> {
  outQueue = outQueue.then(async () => {
    if (scenario !== 'split') return writeRaw(text);
    // Arbitrary byte boundaries: through UTF-8 sequences, escape sequences and box characters.
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length;) {
      const size = 1 + Math.floor(random() * 5);
      await writeRaw(bytes.subarray(i, i + size));
      i += size;
      await new Promise((r) => setImmediate(r));
    }
  });
  return outQueue;
}

process.stdout.on('error', () => process.exit(0));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (row: number, col: number) => `${CSI}${row};${col}H`;
const dim = (s: string) => `${CSI}2m${s}${CSI}22m`;
const cyan = (s: string) => `${CSI}36m${s}${CSI}39m`;
const bold = (s: string) => `${CSI}1m${s}${CSI}22m`;
const grey = (s: string) => `${CSI}38;5;244m${s}${CSI}39m`;

/** Colours as Codex uses them: dim borders, cyan link note, green bar cells. */
function paint(segment: string): string {
  return segment
    .replace(/[╭╮╰╯─│]+/g, (m) => dim(m))
    .replace(/[█]+/g, (m) => `${CSI}32m${m}${CSI}39m`)
    .replace(/(Visit https:\S+|information on rate limits and credits)/g, (m) => cyan(m));
}

// ---------------------------------------------------------------------------------------------
// Cards: the fixture screens (reset times made real) and synthetic ones in the same layout.

const FIXTURES = new URL('../electron/core/usage/pty/fixtures/', import.meta.url);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** helpers.rs::format_reset_timestamp: `%H:%M` on the same local date, else `%H:%M on %-d %b`. */
function resetText(offsetSec: number, iso: string[]): string {
  const now = new Date();
  const reset = new Date(now.getTime() + offsetSec * 1000);
  reset.setSeconds(0, 0);
  iso.push(reset.toISOString());
  const time = `${pad2(reset.getHours())}:${pad2(reset.getMinutes())}`;
  const sameDay = reset.toDateString() === now.toDateString();
  return sameDay ? time : `${time} on ${reset.getDate()} ${MONTHS[reset.getMonth()]}`;
}

function fixtureCard(name: string): string[] {
  const text = readFileSync(new URL(`codex_tui__status__tests__status_snapshot_${name}.snap`, FIXTURES), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('╭'));
  const end = lines.findIndex((l) => l.startsWith('╰'));
  return lines.slice(start, end + 1);
}

/** Replaces each `(resets …)` with a real time `offsets[i]` seconds ahead, keeping the box aligned. */
function withResets(card: string[], offsets: number[], iso: string[]): string[] {
  let next = 0;
  return card.map((line) => {
    if (!/\(resets [^)]*\)/.test(line)) return line;
    const width = line.length;
    const replaced = line.replace(/\(resets [^)]*\)/, () => `(resets ${resetText(offsets[next++] ?? 3600, iso)})`);
    const body = replaced.slice(0, -1).replace(/\s+$/, '');
    return `${body.padEnd(width - 1)}│`;
  });
}

function bar(leftPercent: number): string {
  const filled = Math.round((leftPercent / 100) * 20);
  return `[${'█'.repeat(filled)}${'░'.repeat(20 - filled)}]`;
}

type Row = [label: string, value: string];

/** A card in Codex's layout: labels padded to the longest plus three spaces, continuation lines aligned. */
function buildCard(limitRows: Row[], account: string | null): string[] {
  const rowsIn: Row[] = [
    ['Model', 'gpt-5.1-codex (reasoning medium, summaries auto)'],
    ['Directory', '~'],
    ['Permissions', 'Read Only (Never ask for approval)'],
    ['Agents.md', '<none>'],
    ...(account !== null ? ([['Account', account]] as Row[]) : []),
    ['', ''],
    ['Token usage', '0 total  (0 input + 0 output)'],
    ['Context window', '100% left (0 used / 272K)'],
    ...limitRows,
  ];
  const labelWidth = Math.max(...rowsIn.map(([l]) => l.length)) + 1 + 3;
  const body = [
    '  >_ OpenAI Codex (v0.200.0)',
    '',
    ' Visit https://chatgpt.com/codex/settings/usage for up-to-date',
    ' information on rate limits and credits',
    '',
    ...rowsIn.map(([label, value]) => (label === '' && value === '' ? '' : `  ${(label === '' ? '' : `${label}:`).padEnd(labelWidth)}${value}`)),
  ];
  const inner = Math.max(...body.map((l) => l.length)) + 1;
  return [`╭${'─'.repeat(inner)}╮`, ...body.map((l) => `│${l.padEnd(inner)}│`), `╰${'─'.repeat(inner)}╯`];
}

function windowValue(leftPercent: number, offsetSec: number, iso: string[]): string {
  return `${bar(leftPercent)} ${leftPercent}% left (resets ${resetText(offsetSec, iso)})`;
}

/** A narrow terminal: the bar stays, "% left" is dropped and the reset wraps (upstream's narrow snapshot). */
function narrow(card: string[]): string[] {
  const outLines: string[] = [];
  for (const line of card) {
    const match = /^(│\s+\S[^│]*?limit:\s+\[[█░]+\])\s+\d+% left\s+(\(resets [^)]*\))/.exec(line);
    if (!match) {
      outLines.push(line);
      continue;
    }
    const width = line.length;
    const head = match[1] ?? '';
    outLines.push(`${head.padEnd(width - 1)}│`);
    outLines.push(`${`│${' '.repeat(head.indexOf('[') - 1)}${match[2] ?? ''}`.padEnd(width - 1)}│`);
  }
  return outLines;
}

let statusCount = 0;

/** The card for the n-th `/status` of this run, and the reset instants it shows. */
function statusCard(): string[] {
  statusCount++;
  const iso: string[] = [];
  let card: string[];
  switch (scenario) {
    case 'reasoning':
      card = withResets(fixtureCard('includes_reasoning_details'), [9000, 200000], iso);
      break;
    case 'stale':
      card = withResets(fixtureCard('shows_stale_limits_message'), [9000, 250000], iso);
      break;
    case 'generic':
      card = withResets(fixtureCard('uses_generic_limit_labels_for_unsupported_windows'), [86400 + 600, 2 * 86400 + 600], iso);
      break;
    case 'monthly':
      card = buildCard(
        [
          ['5h limit', windowValue(88, 10800, iso)],
          ['Weekly limit', windowValue(67, 345600, iso)],
          ['Monthly credit limit', windowValue(68, 20 * 86400, iso)],
          ['', '8,000 of 25,000 credits used'],
        ],
        'dev@example.com (Business)',
      );
      break;
    case 'unlimited':
      card = buildCard(
        [
          ['5h limit', windowValue(96, 7200, iso)],
          ['Weekly limit', windowValue(81, 400000, iso)],
          ['Credits', 'Unlimited'],
        ],
        'pro@example.com (Pro)',
      );
      break;
    case 'spark':
      card = buildCard(
        [
          ['5h limit', windowValue(77, 7200, iso)],
          ['Weekly limit', windowValue(59, 400000, iso)],
          ['Credits', '12 credits'],
          ['GPT-5.3-Codex-Spark limit', ''],
          ['5h limit', windowValue(97, 9000, iso)],
          ['Weekly limit', windowValue(91, 200000, iso)],
          ['Credits', '99 credits'],
        ],
        'pro@example.com (Pro)',
      );
      break;
    case 'unavailable':
      card = buildCard([['Limits', 'not available for this account']], 'dev@example.com (Plus)');
      break;
    case 'api-key':
      card = buildCard([['Limits', 'not available for this account']], 'API key configured (run codex login to use ChatGPT)');
      break;
    case 'not-ready-first':
      card =
        statusCount === 1
          ? buildCard([['Limits', 'data not available yet']], null)
          : withResets(fixtureCard('includes_credits_and_limits'), [7500, 300000], iso);
      break;
    default:
      card = withResets(fixtureCard('includes_credits_and_limits'), [7500, 300000], iso);
      if (scenario === 'needs-wide' && cols < 210) card = narrow(card);
  }
  record({ card: statusCount, resets: iso });
  return style === '0.171' ? unboxed(card) : card;
}

/** 0.171 dropped the card's border: the same rows, without the box around them. */
function unboxed(card: string[]): string[] {
  return card.filter((l) => !/^[╭╰]/.test(l)).map((l) => l.replace(/^│/, '').replace(/│$/, '').trimEnd());
}

// ---------------------------------------------------------------------------------------------
// The main screen: header box, history of inserted cards, composer, slash popup and footer.

const history: string[][] = [];
let composer = '';

function headerLines(): string[] {
  if (style === '0.171') {
    return [
      '  >_ OpenAI Codex (v0.171.0)',
      `     ${started ? '~' : 'loading'}`,
      '',
      ...(started ? ['  To get started, describe a task or try one of these commands:', '', '  /status - show current session configuration', ''] : []),
    ];
  }
  const inner = 54;
  const row = (s: string) => `│${s.padEnd(inner)}│`;
  return [
    `╭${'─'.repeat(inner)}╮`,
    row(' >_ OpenAI Codex (v0.200.0)'),
    row(''),
    row(' model:     gpt-5.1-codex medium   /model to change'),
    row(' directory: ~'),
    `╰${'─'.repeat(inner)}╯`,
    '',
    '  To get started, describe a task or try one of these commands:',
    '',
    '  /init - create an AGENTS.md file with instructions for Codex',
    '  /status - show current session configuration',
    '',
  ];
}

function composerLine(): string {
  return `${at(rows - 2, 1)}${CSI}2K${bold('›')} ${composer === '' ? grey('Ask Codex to do anything') : composer}`;
}

function popupLine(): string {
  const text = composer.startsWith('/') && '/status'.startsWith(composer) ? `  ${cyan('/status')}    show current session configuration and token usage` : '';
  return `${at(rows - 1, 1)}${CSI}2K${text}`;
}

function footerLine(): string {
  if (style === '0.171' && waitingStatus) return `${at(rows, 1)}${CSI}2K${grey('  Waiting for startup  · esc cancel')}`;
  const right = '100% context left';
  return `${at(rows, 1)}${CSI}2K${grey('  ? for shortcuts')}${at(rows, Math.max(1, cols - right.length - 1))}${grey(right)}`;
}

/** One history row, right half first, then the left half over the start of the row. */
function drawRowOutOfOrder(row: number, line: string): string {
  const half = Math.floor(line.length / 2);
  return `${at(row, half + 1)}${paint(line.slice(half))}${at(row, 1)}${paint(line.slice(0, half))}`;
}

async function drawMain(trickleMs = 0): Promise<void> {
  const header = headerLines();
  const historyLines = history.flatMap((card) => ['', ...card]);
  const room = rows - 4 - header.length;
  const visible = historyLines.slice(Math.max(0, historyLines.length - room));
  let frame = `${CSI}?25l${CSI}H${CSI}2J`;
  header.forEach((line, i) => (frame += `${at(i + 1, 1)}${paint(line)}`));
  await out(frame);
  for (let i = visible.length - 1; i >= 0; i--) {
    await out(drawRowOutOfOrder(header.length + 1 + i, visible[i] ?? ''));
    if (trickleMs > 0) await sleep(trickleMs);
  }
  await out(composerLine() + popupLine() + footerLine() + at(rows - 2, 3 + composer.length) + `${CSI}?25h`);
}

// ---------------------------------------------------------------------------------------------
// Other screens.

async function drawLogin(): Promise<void> {
  const lines = [
    '',
    `  Welcome to ${bold('Codex')}, OpenAI's command-line coding agent`,
    '',
    '  Sign in with ChatGPT to use Codex as part of your paid plan',
    '  or connect an API key for usage-based billing',
    '',
    `${cyan('> 1. Sign in with ChatGPT')}`,
    '     Usage included with Plus, Pro, Business, and Enterprise plans',
    '',
    '  2. Sign in with Device Code',
    '     Sign in from another device with a one-time code',
    '',
    '  3. Provide your own API key',
    '     Pay for what you use',
    '',
    grey('  Press enter to continue'),
  ];
  await out(`${CSI}H${CSI}2J${lines.map((l, i) => `${at(i + 1, 1)}${l}`).join('')}`);
}

async function drawTrustPrompt(): Promise<void> {
  const lines = [
    '',
    `  ${bold('Folder access')}`,
    '',
    `  You are in ${process.cwd()}`,
    '',
    '  Trust this folder?',
    '',
    cyan('› 1. Trust and continue'),
    '  2. Quit',
    '',
    grey('  Press enter to continue'),
  ];
  await out(`${CSI}H${CSI}2J${lines.map((l, i) => `${at(i + 1, 1)}${l}`).join('')}`);
}

const UPDATE_OPTIONS = ['Update now (runs `npm install -g @openai/codex`)', 'Skip', 'Skip until next version'];
let updateSelection = 0;

async function drawUpdatePrompt(): Promise<void> {
  const lines = [
    '',
    `  ✨ ${bold('Update available!')} 0.200.0 -> 0.201.0`,
    '',
    `  Release notes: ${cyan('https://github.com/openai/codex/releases/latest')}`,
    '',
    ...UPDATE_OPTIONS.map((o, i) => (i === updateSelection ? cyan(`› ${i + 1}. ${o}`) : `  ${i + 1}. ${o}`)),
    '',
    grey('  Press enter to continue'),
  ];
  await out(`${CSI}H${CSI}2J${lines.map((l, i) => `${at(i + 1, 1)}${CSI}2K${l}`).join('')}`);
}

// ---------------------------------------------------------------------------------------------
// Input.

type Mode = 'boot' | 'login' | 'update' | 'trust' | 'main' | 'busy';
let mode: Mode = 'boot';
let cursorReply: ((report: string) => void) | null = null;
let promptShownAt = 0;
let swallowedEnter = false;
let answering = true;
/** 0.171: the TUI has finished starting (before that, the provisional composer only queues a command). */
let started = style !== '0.171';
let waitingStatus = false;

async function submit(): Promise<void> {
  const text = composer;
  record({ typed: text });
  composer = '';
  if (!started && text.trim() === '/status') {
    if (waitingStatus) record({ queuedTwice: true });
    waitingStatus = true;
    await out(composerLine() + popupLine() + footerLine());
    return;
  }
  if (text.trim() !== '/status' || !answering) {
    await out(composerLine() + popupLine());
    return;
  }
  mode = 'busy';
  if (scenario === 'slow') await sleep(700);
  history.push(statusCard());
  await drawMain(scenario === 'slow' ? 40 : 0);
  mode = 'main';
}

async function onKey(key: string): Promise<void> {
  if (key === '\x03') {
    await out(`${CSI}?1049l`);
    process.exit(130);
  }
  if (mode === 'login') {
    if (key === '\r') {
      // A real Codex would now open a browser and start a local login server.
      record({ loginStarted: true });
      await out(`${at(18, 1)}  Starting local login server on http://localhost:1455`);
    }
    return;
  }
  if (mode === 'trust') {
    record({ trustKey: key });
    return;
  }
  if (mode === 'update') {
    record({ updateKey: key });
    if (key === 'down') updateSelection = Math.min(UPDATE_OPTIONS.length - 1, updateSelection + 1);
    else if (key === 'up') updateSelection = Math.max(0, updateSelection - 1);
    else if (key === '\r') {
      if (updateSelection === 0) {
        record({ updateChosen: true });
        await out(`${CSI}?1049l\r\nUpdating Codex via \`npm install -g @openai/codex\`...\r\n`);
        await sleep(100);
        process.exit(0);
      }
      record({ updateSkipped: UPDATE_OPTIONS[updateSelection] });
      mode = 'main';
      promptShownAt = Date.now();
      await drawMain();
      return;
    }
    await drawUpdatePrompt();
    return;
  }
  if (mode !== 'main') return;
  if (scenario === 'late-input' && Date.now() - promptShownAt < 2000) {
    if (key.length === 1 && key >= ' ' && key < '\x7f') record({ ignoredKey: key });
    return;
  }
  if (key === '\r') {
    if (scenario === 'paste-burst' && !swallowedEnter && composer !== '') {
      // Codex's paste-burst heuristic: an Enter that arrives inside a burst is not a submit.
      swallowedEnter = true;
      record({ swallowedEnter: true });
      return;
    }
    await submit();
    return;
  }
  if (key === '\x7f' || key === '\b') composer = composer.slice(0, -1);
  else if (key === '\x15') composer = '';
  else if (key.length === 1 && key >= ' ') composer += key;
  else return;
  await out(composerLine() + popupLine() + at(rows - 2, 3 + composer.length));
}

/** Splits terminal input into keys; cursor-position reports go to whoever asked for one. */
function parseInput(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const rest = data.slice(i);
    // eslint-disable-next-line no-control-regex -- terminal input is escape sequences
    const report = /^\x1b\[(\d+);(\d+)R/.exec(rest);
    if (report) {
      cursorReply?.(`${report[1]};${report[2]}`);
      i += report[0].length;
      continue;
    }
    // eslint-disable-next-line no-control-regex -- terminal input is escape sequences
    const arrow = /^\x1b(?:\[|O)([ABCD])/.exec(rest);
    if (arrow) {
      keys.push({ A: 'up', B: 'down', C: 'right', D: 'left' }[arrow[1] as 'A' | 'B' | 'C' | 'D']);
      i += arrow[0].length;
      continue;
    }
    // eslint-disable-next-line no-control-regex -- terminal input is escape sequences
    const otherCsi = /^\x1b\[[0-9;?>]*[ -/]*[@-~]/.exec(rest);
    if (otherCsi) {
      i += otherCsi[0].length;
      continue;
    }
    keys.push(data[i] === '\n' ? '\r' : (data[i] ?? ''));
    i++;
  }
  return keys;
}

let inputQueue: Promise<void> = Promise.resolve();
function listen(): void {
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (data: string) => {
    for (const key of parseInput(data)) inputQueue = inputQueue.then(() => onKey(key));
  });
  process.stdin.on('end', () => process.exit(0));
}

/** crossterm asks for the cursor position before drawing an inline viewport and fails without a reply. */
async function requireCursorReply(): Promise<void> {
  const reply = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 2000);
    cursorReply = (report) => {
      clearTimeout(timer);
      cursorReply = null;
      resolve(report);
    };
    void out(`${CSI}6n`);
  });
  record({ cursorReply: reply });
  if (reply === null) {
    await out(`${CSI}?1049l\r\nError: The cursor position could not be read within a normal duration\r\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  if (scenario === 'silent') {
    // Hangs without a word, shrugs off polite signals, and has a helper process of its own.
    process.on('SIGTERM', () => record({ signal: 'SIGTERM' }));
    process.on('SIGHUP', () => record({ signal: 'SIGHUP' }));
    const helper = spawn(process.execPath, ['-e', "process.on('SIGTERM',()=>{});process.on('SIGHUP',()=>{});setInterval(()=>{},1000)"], { stdio: 'ignore' });
    record({ grandchild: helper.pid });
    setInterval(() => {}, 1000);
    return;
  }
  if (scenario === 'crash') {
    process.stderr.write('Error loading config.toml: invalid type: string "x", expected a boolean in `tui.notifications`\n');
    process.exit(1);
  }
  if (style === '0.171') {
    // Printed on the normal screen before the TUI starts (CODEX_HOME under the temp folder).
    await out('WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries under temporary dir "/tmp"\r\n');
  }
  if (scenario === 'setsid-helper') {
    // A helper that leaves Codex's process group and session (as a daemon would).
    const helper = spawn('setsid', ['sleep', '300'], { stdio: 'ignore' });
    record({ grandchild: helper.pid });
  }
  listen();
  await out(`${CSI}?1049h${CSI}?2004h${scenario === 'update' ? `${CSI}?1h` : ''}`);
  await requireCursorReply();
  if (scenario === 'slow') await sleep(1200);
  if (scenario === 'login') {
    mode = 'login';
    await drawLogin();
    return;
  }
  if (scenario === 'update') {
    mode = 'update';
    await drawUpdatePrompt();
    return;
  }
  if (scenario === 'trust') {
    mode = 'trust';
    await drawTrustPrompt();
    return;
  }
  if (scenario === 'no-answer') answering = false;
  mode = 'main';
  promptShownAt = Date.now();
  await drawMain();
  if (!started) {
    // 0.171's cold start: the provisional composer is up, the session is not (1.2–4.6 s on a real one).
    await sleep(scenario === 'slow-start' ? 8500 : 300);
    started = true;
    record({ started: true });
    if (waitingStatus) {
      waitingStatus = false;
      mode = 'busy';
      history.push(statusCard());
    }
    await drawMain();
    mode = 'main';
  }
}

await main();
