import type { ErrorCode, ErrorInfo } from '../../../shared/usage-model.js';
import { scrubSecrets } from './secret-registry.js';

/**
 * A failure with a contract error code and a message that tells the person what to do.
 * Messages are scrubbed of every registered secret when built, so a token that slipped into
 * a backend body or a child's output can never reach a log or the CLI's output.
 */
export class SourceError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(scrubSecrets(message));
    this.name = 'SourceError';
    this.code = code;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isSourceError(value: unknown): value is SourceError {
  return value instanceof SourceError;
}
