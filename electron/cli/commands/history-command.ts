import { DEFAULT_HISTORY_DAYS } from '../../../shared/usage-history.js';
import { historyPath, HISTORY_RETENTION_DAYS, openHistoryStore } from '../../core/history/history-store.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { parseCommandArgs } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CommandModule } from '../cli-io.js';
import { renderHistoryText } from '../history-text.js';

const HELP = `quotabar history [--days N] [--account SELECTOR] [--json]

Shows how your Codex usage moved: each window as a sparkline over the last days, with its resets
marked. The history is recorded by every successful \`quotabar usage\`, \`quotabar serve\` refresh and
the tray app, and kept ${HISTORY_RETENTION_DAYS} days.

  --days N            how far back (default ${DEFAULT_HISTORY_DAYS})
  --account SELECTOR  one account, by its account id or email
  --json              print one JSON object (interface §8) on stdout

Exit codes: 0 ok, 64 bad arguments.
`;

function parseDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_HISTORY_DAYS;
  const days = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(days) || days <= 0) {
    throw new CliArgumentError(`--days takes a positive number of days, not "${value}".`);
  }
  return days;
}

export const historyCommand: CommandModule = {
  name: 'history',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { days: { type: 'string' }, account: { type: 'string' }, json: { type: 'boolean' } });
    const days = parseDays(values.days);
    const now = io.now?.() ?? new Date();
    const store = openHistoryStore({ path: historyPath(resolveQuotabarHome(io.env)), warn: (message) => io.stderr.write(`quotabar history: ${message}\n`) });
    const report = store.read({ since: new Date(now.getTime() - days * 86_400_000), ...(values.account !== undefined ? { account: values.account } : {}) });
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderHistoryText(report, days, now));
    return Promise.resolve(EXIT.ok);
  },
};
