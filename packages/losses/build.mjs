// Three bundles of the library, each one module graph (one SolhError class, one registry):
// CommonJS and ES module for bundlers and Node, and a browser script (IIFE, global `solhLosses`)
// for a plain <script> tag. TF.js stays external (a peer dependency: the user's copy); in the
// browser script it is the global `tf` of TF.js's own script (tf.min.js), loaded before it. The
// Beta distribution's @stdlib functions are bundled in, so installing the library adds no package.
// platform 'neutral' and 'browser' fail the build if anything reaches a Node built-in.
//
//   node build.mjs                                      the three bundles into dist/
//   node build.mjs --browser ENTRY OUTFILE              a browser script of another entry with the
//                                                       same settings (the browser test's Node-built-in check)
import { build } from 'esbuild';

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

const args = process.argv.slice(2);
if (args[0] === '--browser') {
  await build(browserOptions(args[1], args[2]));
} else {
  const lib = { ...common, entryPoints: ['src/index.ts'], platform: 'neutral' };
  await build({ ...lib, format: 'cjs', outfile: 'dist/index.cjs' });
  await build({ ...lib, format: 'esm', outfile: 'dist/index.mjs' });
  await build(browserOptions('src/index.ts', 'dist/solh-losses.browser.js'));
}
