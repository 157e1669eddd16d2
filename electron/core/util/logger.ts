import { scrubSecrets } from './secret-registry.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LogSink {
  write(line: string): void;
}

/** A logger that writes scrubbed, timestamped lines to a sink (stderr for the CLI, a file for the app). */
export function createLogger(sink: LogSink, minLevel: LogLevel = 'warn', scope = 'quotabar'): Logger {
  const emit = (level: LogLevel, message: string): void => {
    if (ORDER[level] < ORDER[minLevel]) return;
    sink.write(`${new Date().toISOString()} ${level} [${scope}] ${scrubSecrets(message)}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
