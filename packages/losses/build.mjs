// Two bundles of the library, CommonJS and ES module, each one module graph (one SolhError class, one
// registry). TF.js stays external (a peer dependency: the user's copy); the Beta distribution's
// @stdlib functions are bundled in, so installing the library adds no package but itself.
// platform 'neutral' fails the build if anything reaches a Node built-in.
import { build } from 'esbuild';

const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'neutral',
  mainFields: ['main'],
  target: 'es2020',
  external: ['@tensorflow/tfjs', '@tensorflow/tfjs-core'],
  logLevel: 'warning',
  legalComments: 'none',
};
await build({ ...common, format: 'cjs', outfile: 'dist/index.cjs' });
await build({ ...common, format: 'esm', outfile: 'dist/index.mjs' });
