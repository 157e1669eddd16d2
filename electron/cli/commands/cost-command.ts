import { EXIT, type CommandModule } from '../cli-io.js';

// Placeholder until the cost command lands.
export const costCommand: CommandModule = {
  name: 'cost',
  summary: '(not yet available)',
  help: 'quotabar cost',
  async run(_args, io) {
    io.stderr.write('quotabar cost: not available yet\n');
    return EXIT.failure;
  },
};
