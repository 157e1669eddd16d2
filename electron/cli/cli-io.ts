import type { Env } from '../core/paths/codex-home.js';

export interface Output {
  write(text: string): unknown;
}

/** What a command may touch: its output streams and the environment. Injected so tests can run commands in-process. */
/** Where a command reads a person's answer from: a terminal when `isTTY`. */
export interface Input extends AsyncIterable<string | Buffer> {
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** Only commands that ask a person something read it; without one nobody can answer. */
  stdin?: Input;
  env: Env;
  /** Aborted on SIGINT/SIGTERM for long-running commands such as `serve`. */
  signal?: AbortSignal;
  /** The clock (tests inject one); the wall clock when absent. */
  now?: () => Date;
}

export const EXIT = {
  ok: 0,
  failure: 1,
  codexNotFound: 2,
  badResponse: 3,
  timeout: 4,
  /** `quotabar guard`: less left than asked for. */
  belowThreshold: 5,
  /** `quotabar reset-credit use`: the backend found no usage to reset. */
  nothingToReset: 6,
  /** `quotabar reset-credit use`: no reset credit available. */
  noResetCredit: 7,
  /** `quotabar reset-credit use`: this request was already carried out (the same request id). */
  alreadyRedeemed: 8,
  badArguments: 64,
} as const;

export class CliArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliArgumentError';
  }
}

export interface CommandModule {
  name: string;
  /** Full help text, starting with the synopsis line. */
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}
