/**
 * Reliability, second round (issue 12): one writer per results folder, no hang on paths that
 * cannot be made, bounded grids and curves, records checked against their schema, the same error
 * for a bad target or baseline everywhere, and messages that say how to fix the input.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { solhInProcess } from '../helpers/cli-in-process';
import { solh } from '../helpers/cli';
import { recordFiles, startSolh } from '../helpers/child';
import { repoRoot, tempDir } from '../helpers/paths';
import { assertOneLineError } from '../helpers/one-line';
import { LOCK_FILE } from '../../src/store/lock';
import { readStore } from '../../src/store/store';
import { readNumeric } from '../helpers/data';
import { SolhError } from '../../src/errors';
import type { RunRecord } from '../../src/experiment/record';

const SHORT = ['--max-epochs', '1', '--seeds', '1', '--losses', 'bce', '--jobs', '1', '--backend', 'wasm', '--target', 'f1', '--quiet'];
const PAPER = join(repoRoot(), 'results/paper');

function copyFolder(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
}

function writeLock(dir: string, pid: number, configHash: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), configHash, since: new Date().toISOString() }));
}

/** The config hash of SHORT's protocol, from a record of it. */
let shortHash = '';
const ONE = join(tempDir(), 'one');
// One BCE record of the short protocol, which several tests read (none writes it).
before(async () => {
  const r = await solhInProcess(['run', ...SHORT, '--out', ONE]);
  assert.equal(r.status, 0, r.stderr);
  shortHash = readStore(ONE).records[0].configHash;
  assert.ok(!existsSync(join(ONE, LOCK_FILE)), 'the lock is released when the run ends');
});

// 1. Concurrent writers.

test('lock: a second writer with another protocol is refused in one line naming the holder, and the folder is untouched', async () => {
  const dir = join(tempDir(), 'held');
  writeLock(dir, process.pid, 'ffffffffffffffff');
  const before = readdirSync(dir).sort();
  const r = await solhInProcess(['run', ...SHORT, '--out', dir]);
  assertOneLineError(r, new RegExp(`results folder .*held is being written by another solh process \\(pid ${process.pid} on ${hostname()}, config hash ffffffffffffffff, .*\\) with another protocol: wait for it to finish, or use another --out folder`), 'run');
  assert.deepEqual(readdirSync(dir).sort(), before);
  const merge = await solhInProcess(['merge', ONE, '--out', dir]);
  assertOneLineError(merge, new RegExp(`results folder .*held is being written by another solh process \\(pid ${process.pid} `), 'merge');
  assert.deepEqual(readdirSync(dir).sort(), before);
});

test('lock: a stale lock (its process is gone) is taken over and released after the run', async () => {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(dead.stdout);
  assert.ok(pid > 0);
  const dir = join(tempDir(), 'stale');
  writeLock(dir, pid, 'ffffffffffffffff');
  const r = await solhInProcess(['run', ...SHORT, '--out', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(recordFiles(dir), ['any__bce__seed0.json']);
  assert.ok(!existsSync(join(dir, LOCK_FILE)));
});

test('lock: a writer of the same protocol waits for the holder, then trains only what the holder did not record', async () => {
  const dir = join(tempDir(), 'shared');
  writeLock(dir, process.pid, shortHash); // this test process plays the first writer
  const second = startSolh(['run', ...SHORT, '--losses', 'bce,soft-set', '--out', dir]);
  let stderr = '';
  second.child.stderr!.on('data', (s: string) => (stderr += s));
  let ended = false;
  void second.done.then(() => (ended = true));
  while (!/waiting for pid/.test(stderr)) {
    assert.ok(!ended, `the second writer ended instead of waiting: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.match(stderr, new RegExp(`^waiting for pid ${process.pid} on ${hostname()} \\(holding it for \\d+ s, last refreshed \\d+ s ago\\), which is writing the same protocol to .*shared`, 'm'));
  assert.deepEqual(recordFiles(dir), [], 'nothing is trained while the folder is held');
  // The first writer records the BCE run, then lets go.
  const bce = readFileSync(join(ONE, 'any__bce__seed0.json'), 'utf8');
  writeFileSync(join(dir, 'any__bce__seed0.json'), bce);
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, LOCK_FILE));
  const done = await second.done;
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stderr, /^1 runs trained \(0 failed\), 1 already recorded/m);
  assert.deepEqual(recordFiles(dir), ['any__bce__seed0.json', 'f1__soft-set__seed0.json']);
  assert.equal(readFileSync(join(dir, 'any__bce__seed0.json'), 'utf8'), bce, 'the first writer\'s record is kept');
});

test('lock: two writers of different protocols at once: one is refused in one line, the other\'s records are all kept', async () => {
  const dir = join(tempDir(), 'race');
  const a = startSolh(['run', ...SHORT, '--losses', 'bce,soft-set', '--out', dir]);
  const b = startSolh(['run', ...SHORT, '--losses', 'bce,soft-set', '--max-epochs', '2', '--out', dir]);
  const [ra, rb] = await Promise.all([a.done, b.done]);
  const ok = [ra, rb].filter((r) => r.status === 0);
  const refused = [ra, rb].filter((r) => r.status !== 0);
  assert.equal(ok.length, 1, `${ra.stderr}\n${rb.stderr}`);
  assertOneLineError(refused[0], /is being written by another solh process|holds records of another protocol/, 'the second writer');
  const { records, corrupted } = readStore(dir);
  assert.equal(corrupted.length, 0);
  assert.equal(records.length, 2);
  assert.equal(new Set(records.map((r) => r.configHash)).size, 1);
});

// 2. Paths that cannot be made.

test('/proc paths: run, plot, report and merge fail in one line instead of spinning', () => {
  const cases: [string[], RegExp][] = [
    [['run', ...SHORT, '--out', '/proc/solh-test/x'], /cannot write to results folder "\/proc\/solh-test\/x" \(E[A-Z]+\): choose another with --out/],
    [['plot', 'table', '--results', 'results/paper', '--out', '/proc/solh-test/figs'], /cannot create output folder "\/proc\/solh-test\/figs" \(E[A-Z]+\)/],
    [['report', '--results', 'results/paper', '--backend', 'wasm', '--out', '/proc/solh-test/r.html'], /cannot write \/proc\/solh-test\/r\.html \(E[A-Z]+\): choose another file with --out/],
    [['merge', ONE, '--out', '/proc/solh-test/m'], /cannot write to results folder "\/proc\/solh-test\/m" \(E[A-Z]+\)/],
  ];
  for (const [args, pattern] of cases) {
    // A safety net only: the old code spun until killed.
    const r = spawnSync(process.execPath, [join(repoRoot(), 'bin/solh'), ...args], { cwd: repoRoot(), encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assertOneLineError({ status: r.status, stderr: r.stderr }, pattern, args[0]);
  }
});

// 3, 4. Bounds before allocation.

test('--seeds beyond the grid bound and curve --points beyond its bound are one-line errors naming the bound', () => {
  assertOneLineError(solh(['run', '--seeds', '1000000000', '--out', join(tempDir(), 'big')]), /--seeds 1000000000: at most 100000 \(the bound on the runs of a grid\)/, 'run --seeds');
  assertOneLineError(solh(['curve', '--points', '10000000']), /--points 10000000: at most 100000/, 'curve --points');
});

// 5. Records checked against the schema.

test('records with fields of the wrong type are named by file in table, compare and report', async () => {
  const dir = join(tempDir(), 'typed');
  copyFolder(PAPER, dir);
  const epochs = join(dir, 'f1__solh_uniform__seed0.json');
  const r1 = JSON.parse(readFileSync(epochs, 'utf8')) as RunRecord;
  (r1 as unknown as { epochsRun: string }).epochsRun = '2';
  writeFileSync(epochs, JSON.stringify(r1));
  const score = join(dir, 'f1__soft-set__seed1.json');
  // A committed record: version 1, whose score at the decision threshold is named testAt05.
  const r2 = JSON.parse(readFileSync(score, 'utf8')) as { evaluation: { f1: { testAt05: number | string } } };
  r2.evaluation.f1.testAt05 = String(r2.evaluation.f1.testAt05);
  writeFileSync(score, JSON.stringify(r2));

  const store = readStore(dir);
  assert.deepEqual(store.corrupted.map((c) => [c.file, c.reason]), [
    ['f1__soft-set__seed1.json', `evaluation.f1.testAt05 must be number (it is ${JSON.stringify(r2.evaluation.f1.testAt05)})`],
    ['f1__solh_uniform__seed0.json', 'epochsRun must be integer (it is "2")'],
  ]);
  const named = /^solh: error: corrupted record .*typed\/f1__soft-set__seed1\.json \(evaluation\.f1\.testAt05 must be number .*\) and 1 more: run `solh repair .*typed` to keep every good record and set the damaged ones aside/;
  for (const args of [['table'], ['compare', '--target', 'f1'], ['report', '--backend', 'wasm', '--out', join(dir, 'r.html')]]) {
    const r = await solhInProcess([...args, '--results', dir]);
    assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, named, args[0]);
    assert.doesNotMatch(r.stdout + (existsSync(join(dir, 'r.html')) ? readFileSync(join(dir, 'r.html'), 'utf8') : ''), /NaN/, args[0]);
  }
});

test('every committed record passes the record schema', () => {
  for (const d of ['paper', 'paper-30', 'paper-no-leak', 'pima']) {
    const { corrupted, records } = readStore(join(repoRoot(), 'results', d));
    assert.deepEqual(corrupted, [], d);
    assert.ok(records.length > 0, d);
  }
});

// 6. One error for a target or a baseline that is not there.

test('table --target nonsense and report --baseline nonsense give compare\'s one-line errors', async () => {
  const target = await solhInProcess(['compare', '--results', 'results/paper', '--target', 'nonsense']);
  const tableTarget = await solhInProcess(['table', '--results', 'results/paper', '--target', 'nonsense']);
  assertOneLineError(tableTarget, /no runs trained for target "nonsense": targets found are accuracy, f1/, 'table --target');
  assert.equal(tableTarget.stderr, target.stderr);
  const baseline = await solhInProcess(['compare', '--results', 'results/paper', '--baseline', 'nonsense']);
  const out = join(tempDir(), 'report.html');
  const report = await solhInProcess(['report', '--results', 'results/paper', '--backend', 'wasm', '--baseline', 'nonsense', '--out', out]);
  assertOneLineError(report, /baseline "nonsense" has no finished runs in these records: choose --baseline from bce, soft-set, /, 'report --baseline');
  assert.equal(report.stderr, baseline.stderr);
  assert.ok(!existsSync(out));
});

// 7. Shards without runs, and files that are not records.

test('--shard 4/5 of a 2-run grid says the shard has no runs and makes no folder', async () => {
  const out = join(tempDir(), 'shard4');
  const r = await solhInProcess(['run', ...SHORT, '--losses', 'bce,soft-set', '--shard', '4/5', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'shard 4/5 has no runs: the grid has 2 runs, so only shards 0/5 to 1/5 have any; nothing to do\n');
  assert.ok(!existsSync(out));
});

test('a JSON file whose name is not a record name is ignored with a note; table exits 0', async () => {
  const dir = join(tempDir(), 'notes');
  copyFolder(PAPER, dir);
  writeFileSync(join(dir, 'notes.json'), JSON.stringify({ mine: true }));
  const r = await solhInProcess(['table', '--results', dir, '--target', 'f1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^note: ignored .*notes\/notes\.json: not a record file name \(target__loss__seedN\.json\)\n$/);
  assert.match(r.stdout, /Table 2: target f1/);
  assert.deepEqual(readStore(dir).ignored, ['notes.json']);
  assert.equal(readStore(dir).corrupted.length, 0);
});

// 8. Messages that say how to fix the input.

test('CSV separators: semicolon and tab are detected, and a one-column header suggests data.delimiter', () => {
  const semi = readNumeric('a;b;y\n1;2;1\n3;4;0\n', 'semi.csv', { label: 'y' });
  assert.deepEqual(semi.featureNames, ['a', 'b']);
  assert.deepEqual(Array.from(semi.rows[1]), [3, 4]);
  const tab = readNumeric('a\tb\ty\n1\t2\t1\n3\t4\t0\n', 'tab.csv', { label: 'y' });
  assert.deepEqual(tab.featureNames, ['a', 'b']);
  assert.throws(
    () => readNumeric('a;b;y\n1;2;1\n3;4;0\n', 'semi.csv', { label: 'y', delimiter: ',' }),
    (e: unknown) => e instanceof SolhError && e.setting === 'data.delimiter'
      && /label column "y" not found in "semi\.csv"; available columns: "a;b;y"; .* set data\.delimiter to it \(e\.g\. ";", or a tab\)$/.test(e.message),
  );
});

test('run --delimiter reads a semicolon file that is declared so; a bad --delimiter is one line', async () => {
  const dir = tempDir();
  const csv = join(dir, 'semi.csv');
  const rows = ['a;b;y', ...Array.from({ length: 200 }, (_, i) => `${i % 7};${(i * 13) % 11};${i % 3 === 0 ? 1 : 0}`)];
  writeFileSync(csv, rows.join('\n') + '\n');
  const r = await solhInProcess(['run', ...SHORT, '--data', csv, '--label', 'y', '--delimiter', ';', '--out', join(dir, 'out')]);
  assert.equal(r.status, 0, r.stderr);
  const [rec] = readStore(join(dir, 'out')).records;
  assert.equal((rec.protocol.data as { delimiter?: string }).delimiter, ';');
  assertOneLineError(await solhInProcess(['run', ...SHORT, '--data', csv, '--label', 'y', '--delimiter', ';;', '--out', join(dir, 'o2')]), /--delimiter ";;": give one character/, 'bad delimiter');
});

test('an unclosed parenthesis in --losses is named', async () => {
  const r = await solhInProcess(['run', ...SHORT, '--losses', 'bce,solh:cosine(0.5,0.3', '--out', join(tempDir(), 'x')]);
  assertOneLineError(r, /--losses "bce,solh:cosine\(0\.5,0\.3": unclosed parenthesis in "solh:cosine\(0\.5,0\.3": close it/, '--losses');
});

test('the invalid-JSON config message quotes nothing by halves and says where', async () => {
  const dir = tempDir();
  const cfg = join(dir, 'bad.json');
  const text = readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8').replace('"dropout": 0.5', '"dropout": oops');
  writeFileSync(cfg, text);
  const r = await solhInProcess(['run', '--config', cfg, '--out', join(dir, 'o')]);
  const line = assertOneLineError(r, /bad\.json is not valid JSON \(Unexpected token 'o' at line 5, column \d+\): fix the file/, 'config');
  assert.equal((line.match(/"/g) ?? []).length % 2, 0, line);
  assert.doesNotMatch(line, /\.\.\./);
});

test('--positive 1.0 is accepted when the labels are written 1 and 0, and 1 when written 1.0', () => {
  const t = readNumeric('a,y\n1,1\n2,0\n3,1\n', 'x.csv', { label: 'y', positive: '1.0' });
  assert.deepEqual(Array.from(t.labels), [1, 0, 1]);
  const u = readNumeric('a,y\n1,1.0\n2,0.0\n3,1.0\n', 'x.csv', { label: 'y', positive: '1' });
  assert.deepEqual(Array.from(u.labels), [1, 0, 1]);
  // Text labels still compare as text.
  const v = readNumeric('a,y\n1,yes\n2,no\n', 'x.csv', { label: 'y', positive: 'yes' });
  assert.deepEqual(Array.from(v.labels), [1, 0]);
});

// 9. Resources.

test('--jobs above the core count is capped with a note', async () => {
  const cores = availableParallelism();
  const out = join(tempDir(), 'jobs');
  const r = await solhInProcess(['run', ...SHORT.filter((_, i, a) => a[i] !== '--jobs' && a[i - 1] !== '--jobs'), '--jobs', String(cores + 62), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^note: --jobs ${cores + 62} is more than the ${cores} cores of this machine: using ${cores}`, 'm'));
});

test('--backend node without tfjs-node leaves no output folder behind', async () => {
  let hasNode = true;
  try {
    require.resolve('@tensorflow/tfjs-node');
  } catch {
    hasNode = false;
  }
  if (hasNode) return; // the error cannot happen here
  const out = join(tempDir(), 'nodeless');
  const r = await solhInProcess(['run', ...SHORT.filter((x) => x !== 'wasm' && x !== '--backend'), '--backend', 'node', '--out', out]);
  assertOneLineError(r, /backend "node" needs @tensorflow\/tfjs-node/, '--backend node');
  assert.ok(!existsSync(out), 'no empty folder');
});

test('a split with fewer than 30 rows is warned about before training', async () => {
  const out = join(tempDir(), 'tiny');
  const r = await solhInProcess(['run', ...SHORT, '--set', 'split.validation=0.358', '--set', 'split.test=0.002', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^warning: the test split has \d rows \(fewer than 30\) for seed 0: its scores say little; raise split\.test or use more data$/m);
});
