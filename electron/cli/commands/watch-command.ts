import { isUsageFailure } from '../../../shared/usage-model.js';
import { resolveCodexHome } from '../../core/paths/codex-home.js';
import { RefreshScheduler } from '../../core/scheduler/refresh-scheduler.js';
import { DEFAULT_ACTIVITY_DEBOUNCE_MS, SessionActivityWatcher } from '../../core/scheduler/session-activity-watcher.js';
import { createLogger } from '../../core/util/logger.js';
import { oneOf, parseCommandArgs } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CommandModule } from '../cli-io.js';
import { ACCOUNT_OPTIONS, ACCOUNT_OPTIONS_HELP } from '../account-options.js';
import { resolveUsageOptions, USAGE_OPTIONS, USAGE_OPTIONS_HELP } from '../usage-options.js';
import { waitForStop } from '../wait-for-stop.js';
import { createChangePrinter, type WatchFormat } from '../watch-output.js';
import { STATUS_FORMATS } from './usage-command.js';

const HELP = `quotabar watch [--json | --format waybar|line] [--source auto|oauth|rpc|pty|web] [--codex-home DIR]
               [--codex-bin PATH] [--timeout SECONDS] [--cookie-header STRING]
               [--account SELECTOR] [--import ccs,codex-proxy]

Prints one line at start and one whenever your Codex usage changes, until Ctrl-C or SIGTERM. It
refreshes on the cadence of your QuotaBar settings and within about ${DEFAULT_ACTIVITY_DEBOUNCE_MS / 1000} s of Codex writing a session
log (at most once per ${DEFAULT_ACTIVITY_DEBOUNCE_MS / 1000} s while Codex keeps writing); after a failure (a 429 among them) it
backs off instead.

  --format line      "5h 63% · wk 19%" (% left; the default), for tmux and scripts
  --format waybar    Waybar custom-module JSON per line: text, tooltip, class, percentage
  --json             one compact \`quotabar usage --json\` object per line
${USAGE_OPTIONS_HELP}
${ACCOUNT_OPTIONS_HELP}

An account imported from CCS or codex-proxy has no session logs on this computer: it is refreshed on
the cadence alone. Without inotify watches to spare it also runs on the cadence alone (a warning says
so). watch follows one account; for all of them, run \`quotabar usage --all-accounts --format …\` on an
interval.
`;

/** A refresh still running at exit is given this long to end its children. */
const STOP_GRACE_MS = 5_000;

export const watchCommand: CommandModule = {
  name: 'watch',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...USAGE_OPTIONS,
      ...ACCOUNT_OPTIONS,
      'all-accounts': { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
    });
    if (values['all-accounts'] === true) {
      throw new CliArgumentError(
        'watch follows one account (--account SELECTOR); for every account run `quotabar usage --all-accounts --format waybar|line` on an interval.',
      );
    }
    if (values.json === true && values.format !== undefined) throw new CliArgumentError('--json and --format are alternatives; pick one.');
    const format: WatchFormat = values.json === true ? 'json' : oneOf('--format', values.format, STATUS_FORMATS, 'line');
    const logger = createLogger({ write: (line) => io.stderr.write(line) }, values.verbose === true ? 'debug' : 'warn', 'watch');
    const { request, settings, account, fetch } = await resolveUsageOptions(values, io, logger);

    const stopping = new AbortController();
    // A bar that restarts its module closes the pipe: the next write fails (EPIPE) and watch ends quietly.
    const outputClosed = new AbortController();
    // The listener stays: a late EPIPE after the stop must not surface as an uncaught error either.
    (io.stdout as Partial<Pick<NodeJS.WritableStream, 'on'>>).on?.('error', () => outputClosed.abort());
    const print = createChangePrinter(
      format,
      (line) => io.stdout.write(`${line}\n`),
      () => new Date(),
    );
    let running: Promise<boolean> | null = null;
    const refresh = async (): Promise<boolean> => {
      // Background refreshes never prompt for the OS keychain.
      const result = await fetch({ ...request, interactive: false, signal: stopping.signal });
      if (stopping.signal.aborted) return false;
      print(result);
      return !isUsageFailure(result);
    };
    const scheduler = new RefreshScheduler({
      getSettings: () => settings,
      refresh: () => {
        running = refresh().finally(() => {
          running = null;
        });
        return running;
      },
      // The same period as the watcher's debounce: a burst of writes costs one refresh per period.
      activityGapMs: DEFAULT_ACTIVITY_DEBOUNCE_MS,
      logger,
    });
    // A pooled account's sessions, if any, run on another computer: nothing here to watch.
    const watchedHome = account === null ? resolveCodexHome(request.codexHome, io.env) : account.origin === 'codex-home' ? account.codexHome : null;
    const watcher = watchedHome === null ? null : new SessionActivityWatcher({ codexHome: watchedHome, onActivity: () => scheduler.sessionActivity(), logger });
    // The scheduler's timers and the folder watches do not hold the process open; this does, at no cost.
    const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
    try {
      scheduler.start();
      if (watcher === null) {
        logger.debug(`${account?.label ?? 'this account'} has no session logs on this computer: refreshing on the cadence alone`);
      } else {
        const mode = watcher.start();
        logger.debug(`watching session logs: ${mode} (${watcher.dirs.join(', ') || 'none'})`);
      }
      await waitForStop(io.signal === undefined ? outputClosed.signal : AbortSignal.any([io.signal, outputClosed.signal]));
    } finally {
      watcher?.stop();
      scheduler.stop();
      stopping.abort();
      const current: Promise<boolean> | null = running;
      if (current !== null) await boundedWait(current, STOP_GRACE_MS);
      clearInterval(keepAlive);
    }
    return EXIT.ok;
  },
};

async function boundedWait(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
