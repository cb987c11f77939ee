#!/usr/bin/env node
// Lists the source modules (src/**, packages/losses/src/**) that no test imports.
//
//   node scripts/untested-modules.mjs            # modules no test file imports directly
//   node scripts/untested-modules.mjs --reached  # modules not reached even through what tests import
//
// "Test code" is every .ts file under test/ and packages/losses/test/ (helpers included, the Slurm
// test too). An import of 'solh-losses' is an import of packages/losses/src/index.ts, the package's
// entry. Direct: a module counts as tested when a test file names it in an import, require() or
// import(). Entries: as direct, and a module re-exported (`export ... from`) by a barrel a test
// imports counts too, so a library module tested through the package's public entry counts, while
// one the entry only uses does not. Reached: the closure of those imports through the source modules' own imports (so one
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

/** The repository file an import specifier names in `file`, or undefined (external packages other than ours). */
function importedFilesOfSpec(file, spec) {
  if (spec in PACKAGE_ENTRIES) return join(root, PACKAGE_ENTRIES[spec]);
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(file), spec);
  const found = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
  return found && found.endsWith('.ts') && !found.endsWith('.d.ts') ? found : undefined;
}

/** The repository files a module's imports name. */
function importedFiles(file) {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
    .map(({ fileName }) => importedFilesOfSpec(file, fileName))
    .filter((f) => f !== undefined);
}

/** The modules a barrel hands on with `export ... from` (value or type), recursively through barrels. */
function reExported(file, seen = new Set()) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out = [];
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const target = importedFilesOfSpec(file, st.moduleSpecifier.text);
    if (!target || seen.has(target)) continue;
    seen.add(target);
    out.push(target, ...reExported(target, seen));
  }
  return out;
}

const rel = (p) => relative(root, p).split(sep).join('/');
const sources = SOURCE_DIRS.flatMap((d) => tsFiles(join(root, d))).map(rel).sort();
const tests = TEST_DIRS.flatMap((d) => tsFiles(join(root, d)));
const isSource = (p) => SOURCE_DIRS.some((d) => p.startsWith(`${d}/`));

const direct = new Set(tests.flatMap(importedFiles).map(rel).filter(isSource));
const throughEntries = new Set([...direct, ...[...direct].filter((f) => f.endsWith('/index.ts')).flatMap((f) => reExported(join(root, f)).map(rel))]);
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

const mode = process.argv.includes('--reached') ? 'reached' : process.argv.includes('--entries') ? 'entries' : 'direct';
const tested = { direct, entries: throughEntries, reached }[mode];
const untested = sources.filter((s) => !tested.has(s));
const what = {
  direct: 'imported directly by no test',
  entries: 'imported by no test, directly or as a re-export of a barrel or package entry it imports',
  reached: 'reached by no test import, directly or through other modules',
}[mode];
console.log(`${untested.length} of ${sources.length} modules ${what}`);
for (const s of untested) console.log(s);
