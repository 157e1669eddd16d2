#!/usr/bin/env node
// Thin launcher: the CLI is compiled and bundled to dist/cli by `npm run build` (run by `prepare` on install).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Read only by a command that asks a question: touching process.stdin opens fd 0.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
});
