import type { SourceChoice } from '../../../shared/usage-model.js';
import type { Env } from '../paths/codex-home.js';
import type { Logger } from '../util/logger.js';

/** One usage refresh as the CLI, the app controller and `quotabar serve` ask for it. */
export interface UsageRequest {
  source: SourceChoice;
  env: Env;
  /** `--codex-home`; otherwise interface §1's resolution. */
  codexHome?: string;
  /** `--codex-bin` or the codexBinaryPath setting. */
  codexBin?: string;
  /** `--timeout` in seconds: caps every wait. */
  timeoutSeconds?: number;
  /** A pasted Cookie header (manual cookie mode or `--cookie-header`). */
  cookieHeader?: string;
  /** With `source: 'auto'`: also run the web source beside the chain for its extras (cookies enabled). */
  webExtras?: boolean;
  /** A person asked for this refresh (may prompt the OS keychain); background refreshes pass false. */
  interactive?: boolean;
  logger?: Logger;
  now?: () => Date;
  /** Aborted when the caller stops (e.g. `quotabar watch` on SIGTERM): sources end their children. */
  signal?: AbortSignal;
}
