// The tray app's log file. It runs for months, so the file is capped: past `maxBytes` it becomes
// quotabar.log.1 (replacing the previous one) and a new file starts.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogSink } from '../util/logger.js';

export const DEFAULT_MAX_LOG_BYTES = 2 * 1024 * 1024;

export function rotatingLogFile(path: string, maxBytes = DEFAULT_MAX_LOG_BYTES): LogSink {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    size = 0;
  }
  return {
    write(line) {
      try {
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) {
          renameSync(path, `${path}.1`);
          size = 0;
        }
        appendFileSync(path, line, { mode: 0o600 });
        size += Buffer.byteLength(line);
      } catch {
        // A full disk or a vanished folder must not take the app down with it.
      }
    },
  };
}
