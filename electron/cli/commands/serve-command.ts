import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { createAppController } from '../../core/app/app-controller.js';
import { historyPath, openHistoryStore } from '../../core/history/history-store.js';
import { stopCostWorker } from '../../core/cost/cost-service.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { memorySecretStore } from '../../core/secrets/secret-store.js';
import { openSettingsStore } from '../../core/settings/settings-store.js';
import { createLogger } from '../../core/util/logger.js';
import { registerSecret } from '../../core/util/secret-registry.js';
import { isLoopbackHost } from '../../server/http-security.js';
import { startQuotabarServer } from '../../server/quotabar-server.js';
import { parseCommandArgs, parseSeconds } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CommandModule } from '../cli-io.js';
import { quotabarVersion } from '../../core/util/package-version.js';
import { waitForStop } from '../wait-for-stop.js';

const HELP = `quotabar serve [--host 127.0.0.1] [--port 8719] [--token TOKEN | --token-file PATH] [--codex-home DIR]
               [--codex-bin PATH] [--cookie-header STRING] [--timeout SECONDS]

Serves the QuotaBar popover and preferences as a web page, and a small JSON API:

  GET /api/health      { "ok": true, "version": "…" }
  GET /api/usage       the latest \`quotabar usage --json\` object (?refresh=1 forces a refresh)
  GET /api/cost        the latest \`quotabar cost --json\` object
  GET /api/accounts    the \`quotabar usage --all-accounts --json\` object (?refresh=1 forces a refresh)
  GET /api/history     the \`quotabar history --json\` object (?days=N, ?account=SELECTOR)
  GET /api/events      Server-Sent Events: usage, cost, accounts, history (and state) whenever they change
  GET /api/access      { "canWrite": bool, "fixedSettings": [...] } for this request

On loopback without a token, reads are open to local programs; changing anything needs the secret
of this launch: open the http://127.0.0.1:PORT/?token=… link printed at start (it sets a cookie).
codexBinaryPath, accounts and importAccounts are never changed over HTTP: use the app or the settings file.

  --host ADDR          address to bind (default 127.0.0.1); anything but loopback needs a token
  --port N             port (default 8719; 0 picks a free one)
  --token TOKEN        require Authorization: Bearer TOKEN on every request (visible in \`ps\`)
  --token-file PATH    the same, with the token read from PATH (surrounding whitespace trimmed);
                       $QUOTABAR_SERVE_TOKEN is the third way
  --codex-home DIR     the Codex home (default: $CODEX_HOME, else ~/.codex)
  --codex-bin PATH     the codex binary (default: the setting, $CODEX_CLI_PATH, or codex on PATH)
  --cookie-header S    a ChatGPT Cookie header for the web source (kept in memory only)
  --timeout SECONDS    upper bound for every wait of a usage refresh

Refreshes on the cadence of your settings. Stops on Ctrl-C.
`;

export const serveCommand: CommandModule = {
  name: 'serve',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'codex-home': { type: 'string' },
      'codex-bin': { type: 'string' },
      'cookie-header': { type: 'string' },
      timeout: { type: 'string' },
      verbose: { type: 'boolean' },
    });
    const host = values.host ?? '127.0.0.1';
    const port = parsePort(values.port);
    const token = serveToken(values.token, values['token-file'], io.env);
    const timeoutSeconds = parseSeconds('--timeout', values.timeout);
    if (token !== undefined && token.length < 16) io.stderr.write('quotabar serve: warning: a short token is easy to guess; use a long random value.\n');
    if (!isLoopbackHost(host) && token === undefined) {
      throw new CliArgumentError(
        `binding to ${host} needs a token (--token-file PATH, $QUOTABAR_SERVE_TOKEN or --token TOKEN): without it anyone who can reach this address could read your usage.`,
      );
    }
    registerSecret(token);
    const logger = createLogger({ write: (line) => io.stderr.write(line) }, values.verbose ? 'debug' : 'warn', 'serve');
    const quotabarHome = resolveQuotabarHome(io.env);
    const controller = createAppController({
      quotabarHome,
      env: io.env,
      host: 'web',
      version: quotabarVersion(),
      secretStore: memorySecretStore(),
      settingsStore: openSettingsStore(quotabarHome, logger),
      logger,
      history: openHistoryStore({ path: historyPath(quotabarHome), warn: (message) => logger.warn(message) }),
      ...(values['codex-home'] !== undefined ? { codexHomeOverride: values['codex-home'] } : {}),
      ...(values['codex-bin'] !== undefined ? { codexBinOverride: values['codex-bin'] } : {}),
      ...(values['cookie-header'] !== undefined ? { cookieHeader: values['cookie-header'] } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    });

    let server;
    try {
      server = await startQuotabarServer({
        controller,
        host,
        port,
        version: quotabarVersion(),
        logger,
        settingsPath: join(quotabarHome, 'settings.json'),
        ...(token !== undefined ? { token } : {}),
      });
    } catch (error) {
      controller.dispose();
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'EADDRINUSE'
          ? `port ${port} is already in use; pick another with --port.`
          : code === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine.`
            : code === 'EACCES'
              ? `not allowed to listen on port ${port}; use one above 1023.`
              : error instanceof Error
                ? error.message
                : String(error);
      io.stderr.write(`quotabar serve: ${reason}\n`);
      return EXIT.failure;
    }

    io.stderr.write(`quotabar serve: listening on ${server.url}\n`);
    if (token !== undefined)
      io.stderr.write(
        'quotabar serve: every request must send Authorization: Bearer <your token> (for a browser, through a proxy or extension that adds it)\n',
      );
    // The one place the launch secret is shown: whoever can read this terminal may change settings.
    else io.stderr.write(`quotabar serve: to change settings, open ${server.secretUrl} (without it the page is read-only)\n`);

    controller.start();
    await waitForStop(io.signal);
    await server.close();
    controller.dispose();
    // A scan still running is abandoned after a moment rather than holding the exit.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([stopCostWorker(), new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
    clearTimeout(timer);
    io.stderr.write('quotabar serve: stopped\n');
    return EXIT.ok;
  },
};

/** Largest token file read: a token is a line, not a document. */
const MAX_TOKEN_FILE_BYTES = 4096;

/** interface §5: `--token`, else `--token-file` (trimmed), else `$QUOTABAR_SERVE_TOKEN`; undefined for none. */
function serveToken(flag: string | undefined, file: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (flag !== undefined && file !== undefined) throw new CliArgumentError('give either --token or --token-file, not both.');
  if (flag !== undefined) {
    if (flag.trim() === '') throw new CliArgumentError('--token is empty.');
    return flag;
  }
  if (file !== undefined) {
    const token = readTokenFile(file);
    if (token === '') throw new CliArgumentError(`--token-file ${file} is empty.`);
    return token;
  }
  const fromEnv = env.QUOTABAR_SERVE_TOKEN?.trim();
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** A regular file only (a FIFO or device would block or never end), at most MAX_TOKEN_FILE_BYTES. */
function readTokenFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new CliArgumentError(`cannot read --token-file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CliArgumentError(`--token-file ${path} is not a regular file.`);
    if (stat.size > MAX_TOKEN_FILE_BYTES)
      throw new CliArgumentError(`--token-file ${path} is larger than ${MAX_TOKEN_FILE_BYTES} bytes; it should hold the token alone.`);
    const buffer = Buffer.alloc(stat.size);
    const read = readSync(fd, buffer, 0, stat.size, 0);
    return buffer.subarray(0, read).toString('utf8').trim();
  } finally {
    closeSync(fd);
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8719;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliArgumentError(`--port takes a number from 0 to 65535, not "${value}".`);
  return port;
}
