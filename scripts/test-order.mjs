#!/usr/bin/env node
// Runs the compiled test files (as npm test finds them) in another order, to show that no test needs
// state an earlier one left: the files one at a time (each in its own runner) in reverse or shuffled order, and the top-level
// tests inside each file in the same kind of order (scripts/test-order-preload.cjs).
//
//   npm run build && node scripts/test-order.mjs reverse
//   npm run build && node scripts/test-order.mjs shuffle [SEED]     # SEED defaults to a random one, printed
//   ... [--only SUBSTRING]                                          # only the files whose path holds it
//
// Not part of npm test: it takes as long as the suite itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const [mode = 'reverse', maybeSeed] = process.argv.slice(2);
if (mode !== 'reverse' && mode !== 'shuffle') {
  console.error('usage: node scripts/test-order.mjs reverse|shuffle [SEED] [--only SUBSTRING]');
  process.exit(2);
}
const seed = mode === 'shuffle' ? (maybeSeed && /^\d+$/.test(maybeSeed) ? Number(maybeSeed) : Math.floor(Math.random() * 2 ** 31)) : 0;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return name.endsWith('.test.js') ? [p] : [];
  });
}

// The same set and starting order as npm test: find dist/test dist/packages -name '*.test.js' | sort.
let files = [...testFiles(join(root, 'dist/test')), ...testFiles(join(root, 'dist/packages'))]
  .map((p) => relative(root, p))
  .sort();
if (only) files = files.filter((f) => f.includes(only));
if (files.length === 0) {
  console.error('no compiled test files: run npm run build first');
  process.exit(2);
}

let s = seed >>> 0;
const rng = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
if (mode === 'reverse') files.reverse();
else {
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
}

const order = mode === 'reverse' ? 'reverse' : `shuffle:${seed}`;
console.log(`# ${order}: ${files.length} files, one at a time, in this order:\n${files.map((f) => `#   ${f}`).join('\n')}`);
// One runner per file: given several files, node --test sorts them, which would undo the order.
const failed = [];
const started = Date.now();
for (const f of files) {
  const r = spawnSync(
    process.execPath,
    ['--require', './dist/test/setup.js', '--require', './scripts/test-order-preload.cjs', '--test', '--test-reporter=spec', f],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_ORDER: order } },
  );
  if (r.status !== 0) failed.push(f);
}
const took = Math.round((Date.now() - started) / 1000);
console.log(`# ${order}: ${files.length - failed.length} of ${files.length} files passed in ${took} s${failed.length ? `; failed:\n${failed.map((f) => `#   ${f}`).join('\n')}` : ''}`);
process.exit(failed.length ? 1 : 0);
