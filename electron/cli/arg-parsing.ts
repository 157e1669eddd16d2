import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliArgumentError } from './cli-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into CliArgumentError (exit 64). */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliArgumentError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : String(error));
  }
}

/** A positive number of seconds, e.g. `--timeout 2.5`. */
export function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliArgumentError(`${flag} takes a positive number of seconds, not "${value}".`);
  }
  return seconds;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new CliArgumentError(`${flag} must be one of ${choices.join(', ')}; got "${value}".`);
}
