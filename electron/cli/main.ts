import { CliArgumentError, EXIT, type CliIo, type CommandModule } from './cli-io.js';
import { quotabarVersion } from '../core/util/package-version.js';

/** Commands load on demand: `quotabar cost` should not pay for the usage sources, the server or React. */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandModule>;
}

const COMMANDS: CommandEntry[] = [
  {
    name: 'usage',
    summary: 'Show Codex rate limits (session, weekly, credits…)',
    load: async () => (await import('./commands/usage-command.js')).usageCommand,
  },
  {
    name: 'watch',
    summary: 'Print one line per usage change, for status bars (Waybar, tmux…)',
    load: async () => (await import('./commands/watch-command.js')).watchCommand,
  },
  {
    name: 'guard',
    summary: 'Exit 5 when less than a given % is left, for scripts',
    load: async () => (await import('./commands/guard-command.js')).guardCommand,
  },
  {
    name: 'cost',
    summary: 'Show what local Codex sessions would cost at API prices',
    load: async () => (await import('./commands/cost-command.js')).costCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the QuotaBar popover and JSON API on a local web page',
    load: async () => (await import('./commands/serve-command.js')).serveCommand,
  },
  {
    name: 'history',
    summary: 'Show how usage moved over the last days, with resets marked',
    load: async () => (await import('./commands/history-command.js')).historyCommand,
  },
  {
    name: 'reset-credit',
    summary: 'Use one of your reset credits to reset the Codex limits, after you confirm',
    load: async () => (await import('./commands/reset-credit-command.js')).resetCreditCommand,
  },
  {
    name: 'doctor',
    summary: 'Check each usage source and say how to fix what does not work',
    load: async () => (await import('./commands/doctor-command.js')).doctorCommand,
  },
];

function overview(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`);
  return [
    'QuotaBar: your OpenAI Codex quota and local cost.',
    '',
    'Usage: quotabar <command> [options]',
    '',
    'Commands:',
    ...lines,
    '  help         Show help for a command: quotabar help <command>',
    '',
    'Options: --version, --help',
    '',
  ].join('\n');
}

/** The whole CLI as a function of its arguments, so tests can run it in-process as well as as a child. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(overview());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`${quotabarVersion()}\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout.write(overview());
      return EXIT.ok;
    }
    const entry = COMMANDS.find((c) => c.name === topic);
    if (entry === undefined) {
      io.stderr.write(`quotabar: no command "${topic}". Run \`quotabar help\` for the list.\n`);
      return EXIT.badArguments;
    }
    io.stdout.write(`${(await entry.load()).help.trimEnd()}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (entry === undefined) {
    io.stderr.write(`quotabar: unknown command "${first}". Run \`quotabar help\` for the list.\n`);
    return EXIT.badArguments;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help.trimEnd()}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliArgumentError) {
      io.stderr.write(`quotabar ${command.name}: ${error.message}\n`);
      return EXIT.badArguments;
    }
    throw error;
  }
}
