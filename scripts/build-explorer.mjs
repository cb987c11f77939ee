// Writes docs/explorer.html: the explorer page with everything inlined, so that it opens from a
// file (no server, no network): TF.js (core, cpu backend, layers: scripts/explorer/tf-subset.js),
// solh-losses' browser script (packages/losses/dist/solh-losses.browser.js, built by its build.mjs),
// data/pima.csv and the page's script (scripts/explorer/page.js).
//
//   npm run build && node scripts/build-explorer.mjs [OUT]     (OUT: default docs/explorer.html)
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => readFileSync(join(root, p), 'utf8');

const tf = await build({
  entryPoints: [join(root, 'scripts/explorer/tf-subset.js')],
  bundle: true, platform: 'browser', format: 'iife', minify: true, write: false,
  target: 'es2020', legalComments: 'none', logLevel: 'warning',
});
const lib = read('packages/losses/dist/solh-losses.browser.js');
// Inline scripts end at the first "</script": none of these may contain one.
const script = (code) => {
  if (/<\/script/i.test(code)) throw new Error('an inlined script contains </script');
  return `<script>${code}</script>`;
};
const scripts = [
  script(new TextDecoder().decode(tf.outputFiles[0].contents)),
  script(lib),
  script(`const PIMA_CSV = ${JSON.stringify(read('data/pima.csv'))};`),
  script(read('scripts/explorer/page.js')),
].join('\n');
const html = read('scripts/explorer/page.html').replace('<!--SCRIPTS-->', () => scripts);
const out = process.argv[2] ?? join(root, 'docs/explorer.html');
writeFileSync(out, html);
console.log(`${out} ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB`);
