import type { ErrorCode, ErrorInfo } from '../../../shared/usage-model.js';
import { scrubSecrets } from './secret-registry.js';

/**
 * A failure with a contract error code and a message that tells the person what to do.
 * Messages are scrubbed of every registered secret when built, so a token that slipped into
 * a backend body or a child's output can never reach a log or the CLI's output.
 */
export class SourceError extends Error {
  readonly code: ErrorCode;
  /** How long the backend asked us to wait (a 429's `Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(scrubSecrets(message));
    this.name = 'SourceError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.retryAfterSeconds !== undefined) info.retryAfterSeconds = this.retryAfterSeconds;
    return info;
  }
}

export function isSourceError(value: unknown): value is SourceError {
  return value instanceof SourceError;
}
