// Module hook: `import ... from 'electron'` gets the double next to this file.
const double = new URL('./electron.mjs', import.meta.url).href;
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: double, shortCircuit: true };
  return next(specifier, context);
}
