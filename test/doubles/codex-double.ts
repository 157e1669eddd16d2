// A stand-in for the `codex` binary, dispatching like the real one: `codex app-server` speaks
// JSON-RPC over stdio; plain `codex` draws the TUI. Scenarios come from variables the test's
// wrapper script sets (see test/helpers/codex-double-bin.ts).

const args = process.argv.slice(2).filter((a, i, all) => !(a === '-c' || all[i - 1] === '-c'));

if (args[0] === 'app-server') {
  await import('./codex-app-server-double.js');
} else if (args[0] === '--version') {
  process.stdout.write('codex-cli 0.200.0\n');
} else {
  await import('./codex-tui-double.js');
}
