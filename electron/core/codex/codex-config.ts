import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import type { Logger } from '../util/logger.js';

/** The few `config.toml` keys QuotaBar reads. */
export interface CodexConfig {
  chatgptBaseUrl: string | null;
  modelProvider: string | null;
}

/**
 * Reads `<codex home>/config.toml`. A missing file is normal; a malformed one is reported and
 * ignored (Codex itself would refuse to start, so the user will see Codex's own error too).
 */
export function readCodexConfig(codexHome: string, logger?: Logger): CodexConfig {
  const empty: CodexConfig = { chatgptBaseUrl: null, modelProvider: null };
  let text: string;
  try {
    text = readFileSync(join(codexHome, 'config.toml'), 'utf8');
  } catch {
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
    logger?.warn(`Ignoring ${join(codexHome, 'config.toml')}: it is not valid TOML (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'}).`);
    return empty;
  }
}
