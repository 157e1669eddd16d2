// The command line as one bundle (dist/cli), split by command, made from tsc's output in dist/electron.
// Node's ES module loader resolves and reads each file of dist/electron on its own, which cost
// `quotabar cost` about 25 ms before its first line of work. Packages stay in node_modules. A module that
// finds files next to itself (workers, the renderer, package.json, the C accelerator) still finds them:
// its import.meta.url is pointed back at its own file in dist/electron, which the bundle sits beside.
// Run by `npm run build`, and by `npm run dev` after each rebuild.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliDir = join(root, 'dist', 'cli');

const ownModuleUrls = {
  name: 'own-module-urls',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]dist[\\/](electron|shared)[\\/].*\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const fromBundle = relative(cliDir, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

export async function bundleCli() {
  rmSync(cliDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, 'dist', 'electron', 'cli', 'main.js')],
    outdir: cliDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [ownModuleUrls],
    logLevel: 'warning',
  });
}
