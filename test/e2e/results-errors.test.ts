/**
 * Results folders that cannot be trusted, and runs that blow up: a corrupted record is named by
 * file by `table`, `check` and `run`; records of different configs are never mixed; a run whose
 * loss or weights become NaN is recorded as failed and the grid goes on; a bug is one line too.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { solhInProcess } from '../helpers/cli-in-process';
import { solh } from '../helpers/cli';
import { recordFiles } from '../helpers/child';
import { tempDir } from '../helpers/paths';
import { assertOneLineError } from '../helpers/one-line';
import { reportFailure, EXIT_BUG } from '../../src/cli/errors';
import { SolhError } from '../../src/errors';
import { readStore } from '../../src/store/store';
import type { RunRecord } from '../../src/experiment/record';

const SHORT = ['--max-epochs', '1', '--seeds', '1', '--losses', 'bce', '--jobs', '1', '--backend', 'wasm', '--target', 'f1', '--quiet'];
const root = tempDir();
const A = join(root, 'a'); // one BCE record
const B = join(root, 'b'); // one soft-set record under another config (2 epochs)

function copyFolder(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
}

// Two small results folders with different configs, which the tests copy or read (none writes them).
before(async () => {
  const a = await solhInProcess(['run', ...SHORT, '--out', A]);
  assert.equal(a.status, 0, a.stderr);
  const b = await solhInProcess(['run', ...SHORT, '--max-epochs', '2', '--losses', 'soft-set', '--out', B]);
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(recordFiles(A), ['any__bce__seed0.json']);
  assert.deepEqual(recordFiles(B), ['f1__soft-set__seed0.json']);
});

test('a truncated record is named by table, check and run; run suggests solh repair, and --force also rewrites it', async () => {
  const C = join(root, 'corrupt');
  copyFolder(A, C);
  const file = join(C, 'any__bce__seed0.json');
  const whole = readFileSync(file, 'utf8');
  writeFileSync(file, whole.slice(0, whole.length / 2));
  const named = /corrupted record .*corrupt\/any__bce__seed0\.json \(not valid JSON/;

  const table = await solhInProcess(['table', '--results', C]);
  assertOneLineError(table, named, 'table');
  assert.match(table.stderr, /: run `solh repair .*corrupt` to keep every good record and set the damaged one aside, then the same command to redo what was dropped/);

  const check = await solhInProcess(['check', '--results', C, '--snapshot', A]);
  assert.equal(check.status, 1, check.stderr);
  assert.equal(check.stderr.trim().split('\n').length, 1, check.stderr);
  assert.match(check.stderr, named);
  const checkSnapshot = await solhInProcess(['check', '--results', A, '--snapshot', C]);
  assert.equal(checkSnapshot.status, 1);
  assert.match(checkSnapshot.stderr, named);

  const run = await solhInProcess(['run', ...SHORT, '--out', C]);
  assertOneLineError(run, named, 'run');
  assert.match(run.stderr, /solh repair /);
  assert.equal(readFileSync(file, 'utf8'), whole.slice(0, whole.length / 2), 'run must not touch the folder it refuses');

  const forced = await solhInProcess(['run', ...SHORT, '--out', C, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(readStore(C).corrupted, []);
});

test('a file named like a record that is not a record is named, and the table of the good ones still prints', async () => {
  const D = join(root, 'partly');
  copyFolder(A, D);
  writeFileSync(join(D, 'any__bce__seed7.json'), JSON.stringify({ format: 'something-else' }));
  const r = await solhInProcess(['table', '--results', D]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^solh: error: corrupted record .*any__bce__seed7\.json \(format is "something-else", expected "solh-record\/2" \(or the older "solh-record\/1"\)\)/);
  assert.match(r.stdout, /BCE/);
});

test('records of different configs make separate tables, and run refuses to add a third config', async () => {
  const M = join(root, 'mixed');
  copyFolder(A, M);
  copyFolder(B, M);
  const [ha, hb] = [A, B].map((d) => (JSON.parse(readFileSync(join(d, recordFiles(d)[0]), 'utf8')) as RunRecord).configHash);
  assert.notEqual(ha, hb);
  const text = await solhInProcess(['table', '--results', M, '--target', 'f1']);
  assert.equal(text.status, 0, text.stderr);
  const titles = [...text.stdout.matchAll(/^Table 2: target f1 \(config ([0-9a-f]+),/gm)].map((m) => m[1]);
  assert.deepEqual(titles.sort(), [ha, hb].sort());
  const json = await solhInProcess(['table', '--results', M, '--target', 'f1', '--format', 'json']);
  const rows = JSON.parse(json.stdout) as { loss: string; configHash: string; n: number }[];
  assert.deepEqual(rows.map((r) => [r.loss, r.configHash, r.n]).sort(), [['bce', ha, 1], ['soft-set', hb, 1]].sort());

  const before = readdirSync(M).sort();
  const run = await solhInProcess(['run', ...SHORT, '--max-epochs', '3', '--out', M]);
  assertOneLineError(run, /results folder .*mixed holds records of another protocol \(config hash [0-9a-f]+, this one is [0-9a-f]+\): use a new --out folder/, 'run');
  assert.deepEqual(readdirSync(M).sort(), before);
});

test('a run whose loss or weights become NaN is recorded as failed with epoch and reason, the grid goes on, and the table marks it', async () => {
  const N = join(root, 'nan');
  const r = await solhInProcess(['run', ...SHORT, '--quiet', '--losses', 'bce,solh:uniform', '--max-epochs', '3', '--set', 'training.learningRate=1e30', '--out', N]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^2 runs trained \(2 failed\)/m);
  const { records, corrupted } = readStore(N);
  assert.equal(corrupted.length, 0);
  assert.deepEqual(records.map((x) => x.key.loss).sort(), ['bce', 'solh:uniform']);
  for (const rec of records) {
    assert.equal(rec.status, 'failed', rec.key.loss);
    assert.ok(rec.failure && Number.isInteger(rec.failure.epoch) && rec.failure.epoch >= 1 && rec.failure.epoch <= 3, JSON.stringify(rec.failure));
    assert.match(rec.failure.reason, /^(training loss|validation loss|weights) became (NaN|infinite)$/);
    assert.equal(rec.epochsRun, rec.failure.epoch);
    assert.equal(rec.history.trainLoss.length, rec.failure.epoch);
    assert.deepEqual(rec.evaluation, {});
  }
  const table = await solhInProcess(['table', '--results', N, '--target', 'f1']);
  assert.equal(table.status, 0, table.stderr);
  assert.equal([...table.stdout.matchAll(/│ 0 \(\+1 failed\)/g)].length, 2, table.stdout);
  const json = JSON.parse((await solhInProcess(['table', '--results', N, '--target', 'f1', '--format', 'json'])).stdout) as { n: number; failed: number }[];
  assert.deepEqual(json.map((x) => [x.n, x.failed]), [[0, 1], [0, 1]]);
});

test('a bug (not a SolhError) is one line that mentions --debug; --debug adds the stack', () => {
  const capture = (debug: boolean) => {
    let err = '';
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      const bug = new TypeError("Cannot read properties of undefined (reading 'x')\n    with a second line");
      return { code: reportFailure(bug, debug), err };
    } finally {
      process.stderr.write = write;
    }
  };
  const plain = capture(false);
  assert.equal(plain.code, EXIT_BUG);
  assert.equal(plain.err.split('\n').filter(Boolean).length, 1, plain.err);
  assert.match(plain.err, /^solh: internal error: Cannot read properties of undefined \(reading 'x'\) with a second line \(run again with --debug/);
  const debug = capture(true);
  assert.match(debug.err, /^TypeError: /m);
  assert.match(debug.err, /^\s+at /m);
});

test('a SolhError is one line even when it quotes text with line breaks', () => {
  const e = new SolhError('unknown score "a\nb": valid scores are f1');
  assert.equal(e.message, 'unknown score "a b": valid scores are f1');
});

test('a results folder is never resumed on another backend', () => {
  const out = tempDir();
  const args = ['run', '--losses', 'bce', '--target', 'f1', '--seeds', '1', '--max-epochs', '1', '--jobs', '1', '--quiet', '--out', out];
  assert.equal(solh([...args, '--backend', 'wasm']).status, 0);
  const before = readdirSync(out).sort();
  const cpu = solh([...args, '--backend', 'cpu', '--force']);
  assert.equal(cpu.status, 2);
  assert.match(cpu.stderr, /^solh: error: results folder .* holds records made on backend wasm, and --backend cpu was asked for: use a new --out folder/);
  assert.deepEqual(readdirSync(out).sort(), before);
});
