/** `solh sweep` end to end on a tiny sweep: universes into subfolders, lean records, resume, shards, and the read commands on each universe. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { solh } from '../helpers/cli';
import { repoRoot, tempDir } from '../helpers/paths';
import { helpInProcess } from '../helpers/help-in-process';

function tinyConfig(): string {
  const c = JSON.parse(readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8'));
  c.sweep = [{ path: 'training.batchSize', values: [64, 128] }, { path: 'data.scaling', values: ['min-max'] }];
  const file = join(tempDir(), 'tiny.json');
  writeFileSync(file, JSON.stringify(c));
  return file;
}

const tiny = (seeds: number) => ['--seeds', String(seeds), '--target', 'f1', '--losses', 'bce,solh:uniform', '--max-epochs', '2', '--jobs', '2', '--backend', 'wasm'];
const TINY = tiny(2);

test('sweep runs every universe into its own subfolder as lean records, resumes, and table/compare/verdicts read them', () => {
  const config = tinyConfig();
  const out = tempDir();
  const list = solh(['sweep', '--config', config, ...TINY, '--list']);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^default\t4 runs\t2 seeds\ntraining\.batchSize=128\t4 runs\t2 seeds\ndata\.scaling=min-max\t4 runs\t2 seeds\n3 universes, 12 runs\n$/);
  const shard = solh(['sweep', '--config', config, ...TINY, '--list', '--shard', '1/2']);
  assert.match(shard.stdout, /3 universes, 6 runs/);

  const first = solh(['sweep', '--config', config, ...TINY, '--out', out]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /universe 1\/3 default: running 4 of 4 runs/);
  assert.match(first.stderr, /\[12\/12\] data\.scaling=min-max: /);
  assert.match(first.stderr, /3 universes: 12 runs trained \(0 failed\), 0 already recorded/);
  assert.deepEqual(readdirSync(out).sort(), ['data.scaling=min-max', 'default', 'training.batchSize=128', 'universes.tsv']);
  for (const u of ['default', 'training.batchSize=128', 'data.scaling=min-max']) {
    assert.ok(readdirSync(join(out, u)).every((f) => f.startsWith('records.jsonl')), u);
  }
  assert.deepEqual(readFileSync(join(out, 'universes.tsv'), 'utf8').trim().split('\n').slice(1), [
    'default\t{}\t2\t4', 'training.batchSize=128\t{"training.batchSize":128}\t2\t4', 'data.scaling=min-max\t{"data.scaling":"min-max"}\t2\t4',
  ]);

  const again = solh(['sweep', '--config', config, ...TINY, '--out', out]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /0 runs trained \(0 failed\), 12 already recorded/);
  // One more seed: only the new runs train.
  const more = solh(['sweep', '--config', config, ...tiny(3), '--out', out, '--quiet']);
  assert.match(more.stderr, /6 runs trained \(0 failed\), 12 already recorded/);

  const table = solh(['table', '--results', join(out, 'data.scaling=min-max'), '--format', 'json']);
  assert.equal(table.status, 0, table.stderr);
  assert.deepEqual(JSON.parse(table.stdout).map((r: { n: number }) => r.n), [3, 3]);
  const compare = solh(['compare', '--results', join(out, 'default'), '--all-pairs', '--format', 'json']);
  assert.equal(compare.status, 0, compare.stderr);
  assert.equal(JSON.parse(compare.stdout).length, 1);
  const check = solh(['check', '--results', join(out, 'default'), '--snapshot', join(out, 'default')]);
  assert.match(check.stdout, /6 runs compared, 0 drifted/);
  const verdicts = solh(['verdicts', '--results', out, '--format', 'json']);
  assert.equal(verdicts.status, 0, verdicts.stderr);
  const rows = JSON.parse(verdicts.stdout);
  assert.deepEqual(rows.map((r: { universe: object }) => r.universe), [{}, { 'data.scaling': 'min-max' }, { 'training.batchSize': 128 }]);
});

test('run --record lean writes one lines file and resumes from it', () => {
  const out = tempDir();
  const args = ['run', '--target', 'f1', '--losses', 'bce', '--max-epochs', '2', '--jobs', '1', '--backend', 'wasm', '--record', 'lean', '--out', out];
  assert.equal(solh([...args, '--seeds', '1']).status, 0);
  // A real record's line is mostly protocol and repeated names: gzip pays even for one.
  assert.deepEqual(readdirSync(out), ['records.jsonl.gz']);
  const second = solh([...args, '--seeds', '2']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /running 1 of 2 runs \(1 already recorded\)/);
  assert.deepEqual(readdirSync(out), ['records.jsonl.gz']);
  assert.equal(gunzipSync(readFileSync(join(out, 'records.jsonl.gz'))).toString().trim().split('\n').length, 2);
});

test('sweep and plot verdicts have help with examples; a bad sweep is one line and writes nothing', () => {
  for (const args of [['sweep', '--help'], ['verdicts', '--help'], ['plot', 'verdicts', '--help'], ['compare', '--help']]) {
    const h = helpInProcess(args);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Examples?:\n\s+\$ npx solh /, args.join(' '));
  }
  assert.match(helpInProcess(['compare', '--help']).stdout, /--all-pairs/);
  assert.match(helpInProcess(['run', '--help']).stdout, /--record <mode>/);
  const c = JSON.parse(readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8'));
  c.sweep = [{ path: 'grid.seeds', values: [[1]] }];
  const file = join(tempDir(), 'bad.json');
  writeFileSync(file, JSON.stringify(c));
  const out = join(tempDir(), 'never');
  const bad = solh(['sweep', '--config', file, '--out', out]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /sweep path "grid\.seeds" is not a protocol setting/);
  assert.throws(() => readdirSync(out));
});
