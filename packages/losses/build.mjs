// Bundles of the library: the main entry and the core entry (solh-losses/core: the modules that
// load no TF.js), each as CommonJS and ES module for bundlers and Node, and a browser script (IIFE,
// global `solhLosses`) for a plain <script> tag. The main bundles do not hold the core's modules:
// they import them from the core bundle (./core.cjs, ./core.mjs), so an app that loads both entries
// has one module graph (one SolhError class, one registry, one table cache). TF.js stays external (a peer dependency: the user's copy); in the
// browser script it is the global `tf` of TF.js's own script (tf.min.js), loaded before it. The
// Beta distribution's @stdlib functions are bundled in, so installing the library adds no package.
// platform 'neutral' and 'browser' fail the build if anything reaches a Node built-in.
//
//   node build.mjs                                      the three bundles into dist/
//   node build.mjs --browser ENTRY OUTFILE              a browser script of another entry with the
//                                                       same settings (the browser test's Node-built-in check)
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const TF = ['@tensorflow/tfjs', '@tensorflow/tfjs-core'];

const common = {
  bundle: true,
  mainFields: ['main'],
  target: 'es2020',
  external: TF,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Resolves TF.js to the page's global `tf` (TF.js's own browser script defines it). */
const tfGlobal = {
  name: 'tf-global',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs(-core)?$/ }, (args) => ({ path: args.path, namespace: 'tf-global' }));
    b.onLoad({ filter: /.*/, namespace: 'tf-global' }, () => ({
      contents: "if (typeof tf === 'undefined') throw new Error('solh-losses: load TF.js (tf.min.js) before solh-losses.browser.js'); module.exports = tf;",
      loader: 'js',
    }));
  },
};

/** The browser script: platform 'browser' refuses Node built-ins (node:fs, path, ...) at build time. */
export const browserOptions = (entry, outfile) => ({
  ...common,
  external: [],
  entryPoints: [entry],
  outfile,
  platform: 'browser',
  mainFields: ['browser', 'main'],
  format: 'iife',
  globalName: 'solhLosses',
  minify: true,
  plugins: [tfGlobal],
});

/** The source files of the core entry's bundle (TF.js is external, so none of it is here). */
async function coreSources() {
  const { metafile } = await build({ ...common, entryPoints: ['src/core.ts'], platform: 'neutral', write: false, metafile: true });
  return new Set(Object.keys(metafile.inputs).map((p) => resolve(p)));
}

/** Makes every relative import of a core module (the core entry included) an import of the core bundle `file`. */
const fromCore = (sources, file) => ({
  name: 'from-core',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      const source = [`${target}.ts`, target].find((f) => existsSync(f) && sources.has(f));
      return source ? { path: file, external: true } : undefined;
    });
  },
});

/** Every name the main CommonJS bundle reads from the core bundle must be one the core entry exports. */
function checkCoreImports() {
  const main = readFileSync('dist/index.cjs', 'utf8');
  const core = createRequire(import.meta.url)('./dist/core.cjs');
  const vars = [...main.matchAll(/var (\w+) = require\("\.\/core\.cjs"\)/g)].map((m) => m[1]);
  const read = vars.flatMap((v) => [...main.matchAll(new RegExp(`\\b${v}\\.(\\w+)`, 'g'))].map((m) => m[1]));
  const missing = [...new Set(read)].filter((n) => !(n in core));
  if (missing.length) throw new Error(`src/core.ts does not export ${missing.join(', ')}, which the main entry's modules import from core modules: export them there`);
}

const args = process.argv.slice(2);
if (args[0] === '--browser') {
  await build(browserOptions(args[1], args[2]));
} else {
  const sources = await coreSources();
  const core = { ...common, entryPoints: ['src/core.ts'], platform: 'neutral' };
  await build({ ...core, format: 'cjs', outfile: 'dist/core.cjs' });
  await build({ ...core, format: 'esm', outfile: 'dist/core.mjs' });
  const lib = { ...common, entryPoints: ['src/index.ts'], platform: 'neutral' };
  await build({ ...lib, format: 'cjs', outfile: 'dist/index.cjs', plugins: [fromCore(sources, './core.cjs')] });
  await build({ ...lib, format: 'esm', outfile: 'dist/index.mjs', plugins: [fromCore(sources, './core.mjs')] });
  checkCoreImports();
  await build(browserOptions('src/index.ts', 'dist/solh-losses.browser.js'));
}
