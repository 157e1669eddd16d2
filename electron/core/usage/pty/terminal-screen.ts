import nodePty from 'node-pty';
import type { IPty } from 'node-pty';
import xtermHeadless from '@xterm/headless';
import type { IBuffer, Terminal } from '@xterm/headless';
import { DescendantWatch, killTree } from '../../util/process-tree.js';
import { SourceError } from '../../util/source-error.js';

export interface TerminalScreenOptions {
  command: string;
  /** A string is a verbatim Windows command line (npm's .cmd shims run through cmd.exe). */
  args: string[] | string;
  env: Record<string, string>;
  cwd: string;
  cols: number;
  rows: number;
}

export interface ExitStatus {
  exitCode: number;
  signal: number | undefined;
}

/** Lines of one buffer as a person reads them: soft-wrapped rows joined, trailing blanks trimmed. */
function bufferLines(buffer: IBuffer): string[] {
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (line === undefined) continue;
    const text = line.translateToString(false);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines.map((l) => l.trimEnd());
}

/**
 * A child in a pseudo-terminal, its output rendered by a headless xterm: cursor moves, the
 * alternate screen, colours and wrapping are applied exactly as a terminal would, and what the
 * child asks of its terminal (cursor position `ESC[6n`, device attributes) is answered by xterm.
 */
export class TerminalScreen {
  readonly pid: number;
  private readonly pty: IPty;
  private readonly term: Terminal;
  private readonly exited: Promise<ExitStatus>;
  private readonly disposables: Array<{ dispose(): void }> = [];
  private readonly waiters = new Set<() => void>();
  private exit: ExitStatus | null = null;
  private readonly watch: DescendantWatch;
  private pendingWrites = 0;
  private lastChangeAt = Date.now();
  private receivedAny = false;
  private closed = false;
  private closing: Promise<void> | null = null;

  private constructor(pty: IPty, term: Terminal) {
    this.pty = pty;
    this.term = term;
    this.pid = pty.pid;
    this.watch = new DescendantWatch(pty.pid).start();
    this.exited = new Promise((resolve) => {
      this.disposables.push(
        pty.onExit((status) => {
          this.exit = { exitCode: status.exitCode, signal: status.signal };
          this.notify();
          resolve(this.exit);
        }),
      );
    });
    this.disposables.push(
      pty.onData((data) => {
        this.receivedAny = true;
        this.pendingWrites++;
        term.write(data, () => {
          this.pendingWrites--;
          this.lastChangeAt = Date.now();
          this.notify();
        });
      }),
      // xterm produces the replies a terminal owes its program (CPR, DA); they go back as input.
      term.onData((reply) => this.type(reply)),
    );
  }

  static open(options: TerminalScreenOptions): TerminalScreen {
    const term = new xtermHeadless.Terminal({ cols: options.cols, rows: options.rows, scrollback: 5000, allowProposedApi: true });
    let pty: IPty;
    try {
      pty = nodePty.spawn(options.command, options.args, {
        name: options.env.TERM ?? 'xterm-256color',
        cols: options.cols,
        rows: options.rows,
        cwd: options.cwd,
        env: options.env,
      });
    } catch (error) {
      term.dispose();
      const detail = error instanceof Error ? error.message : String(error);
      throw new SourceError(
        'codex_not_found',
        `Could not start the Codex CLI in a terminal (${detail}). Check --codex-bin or reinstall with \`npm i -g @openai/codex\`.`,
      );
    }
    return new TerminalScreen(pty, term);
  }

  /** Everything on screen, scrollback first; while the alternate screen is up, it follows the normal one. */
  text(): string {
    const buffers = this.term.buffer;
    const lines = bufferLines(buffers.normal);
    if (buffers.active.type === 'alternate') lines.push(...bufferLines(buffers.alternate));
    return lines.join('\n');
  }

  /** True once the child has printed anything at all. */
  get hasOutput(): boolean {
    return this.receivedAny;
  }

  /** Milliseconds since the rendered screen last changed; 0 while output is still being parsed. */
  idleMs(now = Date.now()): number {
    return this.pendingWrites > 0 ? 0 : now - this.lastChangeAt;
  }

  get exitStatus(): ExitStatus | null {
    return this.exit;
  }

  /** Keystrokes, exactly as a keyboard would send them ("\r" for Enter, "\x1b[B" for Down). */
  type(data: string): void {
    if (this.closed || this.exit !== null) return;
    try {
      this.pty.write(data);
    } catch {
      // The child is going away; its exit is reported separately.
    }
  }

  /** The Down-arrow key as this terminal would send it (SS3 form in application cursor mode). */
  arrowDown(): string {
    return this.term.modes.applicationCursorKeysMode ? '\x1bOB' : '\x1b[B';
  }

  /** Resolves on the next screen change or exit, or after `ms`, whichever comes first. */
  waitForActivity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }

  /** Kills the child's whole process group, waits for it to be reaped, and frees the terminal. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    await killTree(this.pid, 400, this.watch);
    this.watch.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
    this.term.dispose();
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
