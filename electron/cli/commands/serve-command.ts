import { createAppController } from '../../core/app/app-controller.js';
import { historyPath, openHistoryStore } from '../../core/history/history-store.js';
import { stopCostWorker } from '../../core/cost/cost-service.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { memorySecretStore } from '../../core/secrets/secret-store.js';
import { openSettingsStore } from '../../core/settings/settings-store.js';
import { createLogger } from '../../core/util/logger.js';
import { registerSecret } from '../../core/util/secret-registry.js';
import { RefreshScheduler } from '../../core/scheduler/refresh-scheduler.js';
import { isLoopbackHost } from '../../server/http-security.js';
import { startQuotabarServer } from '../../server/quotabar-server.js';
import { parseCommandArgs, parseSeconds } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CommandModule } from '../cli-io.js';
import { quotabarVersion } from '../version.js';

const HELP = `quotabar serve [--host 127.0.0.1] [--port 8719] [--token TOKEN] [--codex-home DIR] [--codex-bin PATH]
               [--cookie-header STRING] [--timeout SECONDS]

Serves the QuotaBar popover and preferences as a web page, and a small JSON API:

  GET /api/health      { "ok": true, "version": "…" }
  GET /api/usage       the latest \`quotabar usage --json\` object (?refresh=1 forces a refresh)
  GET /api/cost        the latest \`quotabar cost --json\` object
  GET /api/events      Server-Sent Events: usage, cost (and state) whenever they change

  --host ADDR          address to bind (default 127.0.0.1); anything but loopback needs --token
  --port N             port (default 8719; 0 picks a free one)
  --token TOKEN        require Authorization: Bearer TOKEN on every request
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
      'codex-home': { type: 'string' },
      'codex-bin': { type: 'string' },
      'cookie-header': { type: 'string' },
      timeout: { type: 'string' },
      verbose: { type: 'boolean' },
    });
    const host = values.host ?? '127.0.0.1';
    const port = parsePort(values.port);
    const token = values.token;
    const timeoutSeconds = parseSeconds('--timeout', values.timeout);
    if (token !== undefined && token.length < 16) io.stderr.write('quotabar serve: warning: a short --token is easy to guess; use a long random value.\n');
    if (!isLoopbackHost(host) && token === undefined) {
      throw new CliArgumentError(`binding to ${host} needs --token TOKEN: without it anyone who can reach this address could read your usage.`);
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

    const scheduler = new RefreshScheduler({
      getSettings: () => controller.getState().settings,
      refresh: (reason) => controller.refresh({ interactive: reason === 'manual' }),
      logger,
    });
    let cadence = JSON.stringify(controller.getState().settings.refresh);
    const unsubscribe = controller.subscribe((event) => {
      if (event.type !== 'state') return;
      const next = JSON.stringify(event.state.settings.refresh);
      if (next === cadence) return;
      cadence = next;
      scheduler.settingsChanged();
    });

    let server;
    try {
      server = await startQuotabarServer({
        controller,
        host,
        port,
        version: quotabarVersion(),
        logger,
        requestRefresh: () => scheduler.requestNow('manual'),
        onWatch: () => scheduler.popoverOpened(),
        ...(token !== undefined ? { token } : {}),
      });
    } catch (error) {
      unsubscribe();
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
    if (token !== undefined) io.stderr.write('quotabar serve: every request must send Authorization: Bearer <your token> (for a browser, through a proxy or extension that adds it)\n');

    scheduler.start();
    await waitForStop(io.signal);
    scheduler.stop();
    unsubscribe();
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

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8719;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliArgumentError(`--port takes a number from 0 to 65535, not "${value}".`);
  return port;
}

/** Resolves on the caller's abort signal, or on SIGINT/SIGTERM when run from the command line. */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', done);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
