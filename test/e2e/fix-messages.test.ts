/**
 * Messages that say how to fix (issue 19, section 6): edited data is called edited data, a file
 * given as a results folder is called a file, and a universe folder name too long for the file
 * system is refused before any universe trains.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { solhInProcess } from '../helpers/cli-in-process';
import { assertOneLineError } from '../helpers/one-line';
import { repoRoot, tempDir } from '../helpers/paths';

const SHORT = ['--max-epochs', '1', '--seeds', '1', '--losses', 'bce', '--jobs', '1', '--backend', 'wasm', '--target', 'f1', '--quiet'];

test('records of a data file edited since: the message says the data changed, not "another protocol"', async () => {
  const dir = tempDir();
  const data = join(dir, 'actg.csv');
  copyFileSync(join(repoRoot(), 'data/actg175.csv'), data);
  const out = join(dir, 'out');
  const first = await solhInProcess(['run', ...SHORT, '--data', data, '--label', 'cid', '--out', out]);
  assert.equal(first.status, 0, first.stderr);
  const lines = readFileSync(data, 'utf8').trim().split('\n');
  appendFileSync(data, lines[1] + '\n'); // one row more
  const again = await solhInProcess(['run', ...SHORT, '--data', data, '--label', 'cid', '--out', out]);
  const line = assertOneLineError(again, /holds records of the same protocol on other data: .*actg\.csv has changed since they were made \(checksum [0-9a-f]{12}… then, [0-9a-f]{12}… now\): restore the file, or use a new --out folder/, 'edited data');
  assert.doesNotMatch(line, /another protocol/);
});

test('table --results FILE says it is a file, and does not suggest `solh run --out FILE`', async () => {
  const file = join(tempDir(), 'results.json');
  writeFileSync(file, '{}');
  const r = await solhInProcess(['table', '--results', file]);
  const line = assertOneLineError(r, /".*results\.json" is a file, not a results folder: give the folder `solh run --out DIR` or `solh sweep --out DIR` wrote/, 'table');
  assert.doesNotMatch(line, /--out .*results\.json/);
});

test('a universe folder name over 255 bytes is refused before any universe trains', async () => {
  const c = JSON.parse(readFileSync(join(repoRoot(), 'configs/paper.json'), 'utf8'));
  c.sweep = [{ path: 'data.drop', values: [Array.from({ length: 30 }, (_, i) => `a_rather_long_column_name_${i}`)] }];
  const file = join(tempDir(), 'long.json');
  writeFileSync(file, JSON.stringify(c));
  const out = join(tempDir(), 'sweep');
  const r = await solhInProcess(['sweep', '--config', file, ...SHORT, '--out', out]);
  assertOneLineError(r, /universe folder name data\.drop=a_rather_long_column_name_0\+.*… is \d{3,} bytes, more than the 255 a file system allows: vary fewer settings at once, or shorten the values/, 'sweep');
  assert.ok(!existsSync(join(out, 'default')), 'the default universe was not trained first');
});
