import { COST_GROUPINGS, type CostGrouping, type CostReport, type ModelUsage, type TokenTotals } from '../../../shared/cost-model.js';
import { formatTokens, formatUsd } from '../../../shared/format.js';
import { computeCostReport, CostOptionsError, stopCostWorker } from '../../core/cost/cost-service.js';
import { validateCostOptions } from '../../core/cost/cost-window.js';
import { resolveCodexHome } from '../../core/paths/codex-home.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { createLogger } from '../../core/util/logger.js';
import { oneOf, parseCommandArgs } from '../arg-parsing.js';
import { CliArgumentError, EXIT, type CommandModule } from '../cli-io.js';

const HELP = `quotabar cost [--days N] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--timezone IANA] [--json]
              [--codex-home DIR] [--no-cache] [--by day|month|session|project]

What your Codex sessions would have cost at API prices, day by day, from the session logs under
<codex home>/sessions and archived_sessions. Forked sessions are counted once.

  --days N           the last N days including today (default 30)
  --since DATE       first day, YYYY-MM-DD (instead of --days)
  --until DATE       last day, YYYY-MM-DD (default today)
  --timezone IANA    time zone for day boundaries (default: the local one)
  --json             print one JSON object (interface §4) instead of the table
  --codex-home DIR   Codex home (default $CODEX_HOME, else ~/.codex)
  --no-cache         read every file again and leave the scan cache alone
  --by GROUPING      also sum by month, session or project (the session's folder), beside the days

Prices: bundled, overridable in model-prices.json in QuotaBar's folder ($QUOTABAR_HOME).
`;

function parseDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliArgumentError(`--days takes a whole number of at least 1, not "${value}".`);
  return Number(value);
}

/** Cells padded to their column: the first `left` columns (names) to the left, numbers to the right. */
function row(cells: string[], widths: number[], left: number): string {
  return cells
    .map((cell, i) => (i < left ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
}

/** A known cost, or for a row with unpriced models the priced part with a "+" (at least this much). */
function costCell(cost: number | null, pricedPart: number): string {
  if (cost !== null) return formatUsd(cost);
  return pricedPart > 0 ? `${formatUsd(pricedPart)}+` : formatUsd(null);
}

function tokenCells(t: TokenTotals, pricedPart: number): string[] {
  return [
    formatTokens(t.inputTokens),
    formatTokens(t.cachedInputTokens),
    formatTokens(t.outputTokens),
    formatTokens(t.reasoningOutputTokens),
    formatTokens(t.totalTokens),
    costCell(t.costUSD, pricedPart),
  ];
}

function pricedPartOf(entry: { models: readonly ModelUsage[] }): number {
  return entry.models.reduce((sum, m) => sum + (m.costUSD ?? 0), 0);
}

interface TableEntry extends TokenTotals {
  models: readonly ModelUsage[];
}

/** One line per entry under the name columns, then a line of dashes and the report's total. */
function table<T extends TableEntry>(report: CostReport, names: string[], entries: readonly T[], nameCells: (entry: T) => string[]): string[] {
  const header = [...names, 'Input', 'Cached', 'Output', 'Reasoning', 'Total', 'Cost'];
  const body = entries.map((e) => [...nameCells(e), ...tokenCells(e, pricedPartOf(e))]);
  const total = [
    'Total',
    ...names.slice(1).map(() => ''),
    ...tokenCells(
      report.totals,
      entries.reduce((sum, e) => sum + pricedPartOf(e), 0),
    ),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length), (total[i] ?? '').length));
  const left = names.length;
  return [
    row(header, widths, left),
    ...body.map((r) => row(r, widths, left)),
    row(
      widths.map((w) => '-'.repeat(w)),
      widths,
      left,
    ),
    row(total, widths, left),
  ];
}

/** The tables of the grouping asked for with --by, after the daily one. */
function groupingTables(report: CostReport): string[] {
  const lines: string[] = [];
  if (report.monthly !== undefined && report.monthly.length > 0) {
    lines.push('', 'By month', ...table(report, ['Month'], report.monthly, (m) => [m.month]));
  }
  if (report.sessions !== undefined && report.sessions.length > 0) {
    // sv-SE writes YYYY-MM-DD HH:MM; in the report's zone, like its days.
    const when = new Intl.DateTimeFormat('sv-SE', { timeZone: report.timezone, dateStyle: 'short', timeStyle: 'short' });
    lines.push(
      '',
      'By session (oldest first)',
      ...table(report, ['Session', 'First event', 'Project'], report.sessions, (s) => [
        s.sessionId ?? s.file,
        when.format(Date.parse(s.firstAt)),
        s.cwd ?? '-',
      ]),
    );
  }
  if (report.projects !== undefined && report.projects.length > 0) {
    lines.push('', 'By project', ...table(report, ['Project', 'Sessions'], report.projects, (p) => [p.cwd ?? '(unknown folder)', String(p.sessions)]));
  }
  return lines;
}

/** The people's view: one line per day, a total, the grouping asked for, then what was not priced and what the scan did. */
export function formatCostTable(report: CostReport): string {
  const lines: string[] = [`Codex cost at API prices, ${report.range.since} to ${report.range.until} (${report.timezone})`, ''];
  if (report.daily.length === 0) {
    lines.push('No Codex usage in this window.');
  } else {
    lines.push(...table(report, ['Date'], report.daily, (d) => [d.date]), ...groupingTables(report));
  }
  if (report.unpricedModels.length > 0) {
    lines.push(
      '',
      `No price for: ${report.unpricedModels.join(', ')}. Costs marked + leave them out; add their prices to model-prices.json in QuotaBar's folder.`,
    );
  }
  for (const notice of report.notices ?? []) lines.push(`Note: ${notice}`);
  const s = report.scan;
  lines.push('', `Scanned ${s.files} session files (${(s.bytes / 1e6).toFixed(1)} MB), ${s.filesFromCache} from cache, in ${s.ms} ms.`);
  return `${lines.join('\n')}\n`;
}

export const costCommand: CommandModule = {
  name: 'cost',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      days: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      timezone: { type: 'string' },
      json: { type: 'boolean' },
      'codex-home': { type: 'string' },
      'no-cache': { type: 'boolean' },
      by: { type: 'string' },
    });
    const groupBy: CostGrouping = oneOf('--by', values.by, COST_GROUPINGS, 'day');
    const days = parseDays(values.days);
    if (days !== undefined && values.since !== undefined) {
      throw new CliArgumentError('--days and --since both set the first day; give one of them.');
    }
    const window = {
      ...(days === undefined ? {} : { days }),
      ...(values.since === undefined ? {} : { since: values.since }),
      ...(values.until === undefined ? {} : { until: values.until }),
      ...(values.timezone === undefined ? {} : { timezone: values.timezone }),
    };
    try {
      validateCostOptions(window);
    } catch (error) {
      if (error instanceof CostOptionsError) throw new CliArgumentError(error.message);
      throw error;
    }

    // QUOTABAR_LOG_LEVEL=debug prints the phases of the run (listing, passes, report) with their times.
    const logLevel = io.env.QUOTABAR_LOG_LEVEL === 'debug' ? 'debug' : 'warn';
    const logger = createLogger(io.stderr, logLevel, 'cost');
    logger.debug(`cost: command started ${Math.round(performance.now())} ms after the process`);
    let report: CostReport;
    try {
      report = await computeCostReport({
        codexHome: resolveCodexHome(values['codex-home'], io.env),
        quotabarHome: resolveQuotabarHome(io.env),
        noCache: values['no-cache'] === true,
        logger,
        // A command line has no interface to keep responsive: scan on this thread (a helper thread still
        // shares a large scan) and skip starting the service's worker.
        runIn: 'inline',
        oneOff: true,
        groupBy,
        ...window,
      });
    } catch (error) {
      if (error instanceof CostOptionsError) throw new CliArgumentError(error.message);
      io.stderr.write(`quotabar cost: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.failure;
    } finally {
      await stopCostWorker();
    }

    io.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatCostTable(report));
    logger.debug(`cost: report written ${Math.round(performance.now())} ms after the process started`);
    return EXIT.ok;
  },
};
