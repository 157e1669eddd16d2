import { join } from 'node:path';
import { parse } from 'smol-toml';
import { isBoundedFileError, readBoundedFileSync } from '../util/bounded-file.js';
import type { Logger } from '../util/logger.js';

/** The few `config.toml` keys QuotaBar reads. */
export interface CodexConfig {
  chatgptBaseUrl: string | null;
  modelProvider: string | null;
}

/**
 * Reads `<codex home>/config.toml`. A missing file is normal; a malformed one (or a FIFO, device or
 * oversized file in its place) is reported and ignored (Codex itself would refuse to start, so the
 * user will see Codex's own error too).
 */
export function readCodexConfig(codexHome: string, logger?: Logger): CodexConfig {
  const empty: CodexConfig = { chatgptBaseUrl: null, modelProvider: null };
  const path = join(codexHome, 'config.toml');
  let text: string;
  try {
    // Synchronous but never a wait: a FIFO or device in its place is refused, not read.
    text = readBoundedFileSync(path);
  } catch (error) {
    if (isBoundedFileError(error) && (error.problem === 'not_a_file' || error.problem === 'too_large')) {
      logger?.warn(`Ignoring ${path}: it ${error.detail}. Codex reads this file too: replace it with a regular TOML file, or remove it.`);
    }
    return empty;
  }
  try {
    const parsed = parse(text);
    const base = parsed.chatgpt_base_url;
    const provider = parsed.model_provider;
    return {
      chatgptBaseUrl: typeof base === 'string' && base.trim() !== '' ? base.trim() : null,
      modelProvider: typeof provider === 'string' ? provider : null,
    };
  } catch (error) {
    logger?.warn(`Ignoring ${path}: it is not valid TOML (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'}).`);
    return empty;
  }
}
