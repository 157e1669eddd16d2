import type { ChildProcess } from 'node:child_process';
import { DescendantWatch, killTree, spawnGroup } from '../../util/process-tree.js';
import { scrubSecrets } from '../../util/secret-registry.js';
import { SourceError } from '../../util/source-error.js';
import type { Logger } from '../../util/logger.js';
import { formatSeconds } from '../http-errors.js';

/** A JSON-RPC error answer from the app-server (`{"error":{"code","message"},"id"}`). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface ConnectionOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  windowsVerbatimArguments?: boolean;
  logger: Logger;
  /** A stdout line longer than this kills the child: a bounded buffer, whatever the child prints. */
  maxLineBytes?: number;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_MAX_LINE = 4 * 1024 * 1024;

/**
 * Newline-delimited JSON-RPC with `codex app-server` over stdio, without the "jsonrpc" field
 * (Codex's wire format). Responses are matched by id; notifications and garbage are skipped.
 */
export class AppServerConnection {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private readonly maxLine: number;
  private nextId = 0;
  private buffer = '';
  private stderrTail = '';
  private exited: SourceError | null = null;
  private closed = false;
  private readonly watch: DescendantWatch | undefined;

  constructor(private readonly options: ConnectionOptions) {
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
    this.child = spawnGroup(options.command, options.args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsVerbatimArguments: options.windowsVerbatimArguments ?? false,
    });
    this.watch = this.child.pid === undefined ? undefined : new DescendantWatch(this.child.pid).start();
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin?.on('error', () => {
      // EPIPE when the child died: reported through the exit handler instead.
    });
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === 'ENOENT' || error.code === 'EACCES' ? 'codex_not_found' : 'not_supported';
      this.fail(new SourceError(code, `Could not start the Codex CLI (${error.code ?? error.message}). Check that \`codex\` is installed and runnable.`));
    });
    this.child.on('close', (status, signal) => {
      if (this.closed) return;
      const last = scrubSecrets(this.stderrTail.trim().split('\n').pop() ?? '').slice(0, 200);
      this.fail(
        new SourceError(
          'not_supported',
          `The Codex app-server exited before answering (${signal ?? `exit code ${status}`})${last ? `: ${last}` : ''}. Update Codex (\`npm i -g @openai/codex\`) and try again.`,
        ),
      );
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a request and waits for its answer, at most `timeoutMs`. `params` undefined leaves the key out. */
  request(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    const message = params === undefined ? { id, method } : { id, method, params };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new SourceError(
            'timeout',
            `The Codex app-server did not answer \`${method}\` within ${formatSeconds(timeoutMs)}. Check that \`codex\` works in a terminal, or raise --timeout.`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.write(message);
    });
  }

  notify(method: string, params?: unknown): void {
    this.write(params === undefined ? { method } : { method, params });
  }

  /** Closes stdin and makes sure the whole process tree is gone (SIGTERM, then SIGKILL). */
  async close(): Promise<void> {
    this.closed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new SourceError('timeout', `The Codex app-server was stopped before it answered \`${p.method}\`.`));
    }
    this.child.stdin?.end();
    await killTree(this.child.pid, 400, this.watch);
    this.watch?.stop();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }

  private write(message: object): void {
    if (this.exited || this.child.stdin === null || this.child.stdin.destroyed) return;
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  private onStdout(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line !== '') this.onLine(line);
      newline = this.buffer.indexOf('\n');
    }
    if (Buffer.byteLength(this.buffer) > this.maxLine) {
      this.buffer = '';
      this.fail(
        new SourceError('bad_response', `The Codex app-server sent a line over ${this.maxLine} bytes; QuotaBar stopped it. Update Codex and try again.`),
      );
      void killTree(this.child.pid, 100, this.watch);
    }
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.options.logger.debug(`app-server: skipped a line that is not JSON (${line.length} bytes)`);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const m = message as Record<string, unknown>;
    // Requests and notifications from the server carry "method"; only answers settle our requests.
    if (typeof m.method === 'string') return;
    if (typeof m.id !== 'number') return;
    const pending = this.pending.get(m.id);
    if (pending === undefined) return;
    this.pending.delete(m.id);
    clearTimeout(pending.timer);
    const error = m.error;
    if (typeof error === 'object' && error !== null) {
      const e = error as Record<string, unknown>;
      pending.reject(new RpcError(typeof e.code === 'number' ? e.code : 0, typeof e.message === 'string' ? e.message : 'unknown error'));
    } else {
      pending.resolve(m.result);
    }
  }

  private fail(error: SourceError): void {
    if (this.exited) return;
    this.exited = error;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(error);
    }
  }
}
