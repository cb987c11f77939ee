#!/usr/bin/env node
// Lists the source modules (src/**, packages/losses/src/**) that no test imports.
//
//   node scripts/untested-modules.mjs            # modules no test file imports directly
//   node scripts/untested-modules.mjs --reached  # modules not reached even through what tests import
//
// "Test code" is every .ts file under test/ and packages/losses/test/ (helpers included, the Slurm
// test too). An import of 'solh-losses' is an import of packages/losses/src/index.ts, the package's
// entry. Direct: a module counts as tested when a test file names it in an import, require() or
// import(). Reached: the closure of those imports through the source modules' own imports (so one
// test that loads src/cli/main.ts reaches almost everything: the weaker measure). Spawned processes
// (bin/solh, worker scripts) are not imports and count for nothing. Declaration files (*.d.ts) are
// not modules. Prints the count, then the untested modules one a line.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SOURCE_DIRS = ['src', 'packages/losses/src'];
const TEST_DIRS = ['test', 'packages/losses/test'];
const PACKAGE_ENTRIES = { 'solh-losses': 'packages/losses/src/index.ts' };

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The repository files a module's imports name (external packages other than ours are left out). */
function importedFiles(file) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out = [];
  for (const { fileName: spec } of info.importedFiles) {
    if (spec in PACKAGE_ENTRIES) {
      out.push(join(root, PACKAGE_ENTRIES[spec]));
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(file), spec);
    const found = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
    if (found && found.endsWith('.ts') && !found.endsWith('.d.ts')) out.push(found);
  }
  return out;
}

const rel = (p) => relative(root, p).split(sep).join('/');
const sources = SOURCE_DIRS.flatMap((d) => tsFiles(join(root, d))).map(rel).sort();
const tests = TEST_DIRS.flatMap((d) => tsFiles(join(root, d)));
const isSource = (p) => SOURCE_DIRS.some((d) => p.startsWith(`${d}/`));

const direct = new Set(tests.flatMap(importedFiles).map(rel).filter(isSource));
const reached = new Set(direct);
const queue = [...direct];
while (queue.length > 0) {
  for (const next of importedFiles(join(root, queue.pop())).map(rel)) {
    if (isSource(next) && !reached.has(next)) {
      reached.add(next);
      queue.push(next);
    }
  }
}

const transitive = process.argv.includes('--reached');
const tested = transitive ? reached : direct;
const untested = sources.filter((s) => !tested.has(s));
console.log(`${untested.length} of ${sources.length} modules ${transitive ? 'reached by no test import, directly or through other modules' : 'imported directly by no test'}`);
for (const s of untested) console.log(s);
