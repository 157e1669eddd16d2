import { EXIT, type CommandModule } from '../cli-io.js';

// Placeholder until the doctor command lands.
export const doctorCommand: CommandModule = {
  name: 'doctor',
  summary: '(not yet available)',
  help: 'quotabar doctor',
  async run(_args, io) {
    io.stderr.write('quotabar doctor: not available yet\n');
    return EXIT.failure;
  },
};
