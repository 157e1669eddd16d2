import { EXIT, type CommandModule } from '../cli-io.js';

// Placeholder until the serve command lands.
export const serveCommand: CommandModule = {
  name: 'serve',
  summary: '(not yet available)',
  help: 'quotabar serve',
  async run(_args, io) {
    io.stderr.write('quotabar serve: not available yet\n');
    return EXIT.failure;
  },
};
