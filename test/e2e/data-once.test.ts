/**
 * The data of a grid is read once (issue 19, section 3): the checksum in every record is that of
 * the bytes its workers trained on, even if the file is replaced while the grid starts; and only a
 * regular file is read (section 4).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../../src/experiment/config';
import { runGrid } from '../../src/experiment/runner';
import { comparable } from '../../src/experiment/record';
import { readStore } from '../../src/store/store';
import { repoRoot, tempDir } from '../helpers/paths';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';

function configOn(data: string) {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.data.path = data;
  c.grid.targets = ['f1'];
  c.grid.losses = ['bce'];
  c.grid.seeds = [0, 1];
  c.training.maxEpochs = 2;
  return c;
}

test('a data file replaced while the grid starts: every record has the hash and the scores of the bytes read first', async () => {
  const dir = tempDir();
  const data = join(dir, 'data.csv');
  copyFileSync(join(repoRoot(), 'data/actg175.csv'), data);
  const original = createHash('sha256').update(readFileSync(data)).digest('hex');
  const reference = await runGrid({ config: configOn(data), out: join(dir, 'reference'), jobs: 1, backend: 'wasm' });
  assert.equal(reference.ran, 2);
  // The same rows with the label flipped: a different file that trains to different scores.
  const lines = readFileSync(data, 'utf8').trim().split('\n');
  const label = lines[0].split(',').indexOf('cid');
  const flipped = [lines[0], ...lines.slice(1).map((l) => l.split(',').map((v, j) => (j === label ? String(1 - Number(v)) : v)).join(','))].join('\n') + '\n';
  const result = await runGrid({ config: configOn(data), out: join(dir, 'replaced'), jobs: 1, backend: 'wasm' }, (e) => {
    if (e.type === 'plan') writeFileSync(data, flipped); // after the grid has read the file, before any run trains (workers read no file)
  });
  assert.equal(result.ran, 2);
  const got = readStore(join(dir, 'replaced')).records.sort((a, b) => a.key.seed - b.key.seed);
  const want = readStore(join(dir, 'reference')).records.sort((a, b) => a.key.seed - b.key.seed);
  for (const r of got) assert.equal(r.dataSha256, original);
  assert.deepStrictEqual(got.map(comparable), want.map(comparable), 'the scores are those of the file as first read');
});

test('--data that is not a regular file (a FIFO, a device, a folder) is refused in one line before anything is read', async () => {
  const dir = tempDir();
  const fifo = join(dir, 'pipe.csv');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  const cases: [string, RegExp][] = [
    [fifo, /data file ".*pipe\.csv" is a named pipe \(FIFO\), not a regular file: save the table to a file and pass that/],
    ['/dev/zero', /data file "\/dev\/zero" is a device, not a regular file/],
    [dir, /cannot read data file ".*" \(it is a directory\); check the path/],
  ];
  for (const [path, pattern] of cases) {
    const started = Date.now();
    const r = await solhInProcess(['run', '--data', path, '--label', 'y', '--losses', 'bce', '--target', 'f1', '--seeds', '1', '--out', join(dir, 'out'), '--quiet']);
    assertOneLineError(r, pattern, path);
    assert.ok(Date.now() - started < 5_000, `${path}: refused at once`);
  }
});
