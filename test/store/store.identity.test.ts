/**
 * One identity per run (issue 19, section 3): a run is its config hash and key, however a folder
 * holds it; readers count it once, a record under another run's file name is refused, merge reports
 * a run the target folder holds already, and seeds stay within what a file name spells back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStore, writeRecord } from '../../src/store/store';
import { LEAN_FILE } from '../../src/store/lean-store';
import { checkConfig, loadConfig } from '../../src/experiment/config';
import { MAX_SEED, isRecordFileName, recordFileName } from '../../src/experiment/record';
import { SolhError } from '../../src/errors';
import { fakeRecord } from '../helpers/records';
import { repoRoot, tempDir } from '../helpers/paths';
import { holdFolder } from '../helpers/lock';
import { solhInProcess } from '../helpers/cli-in-process';

const later = (r: ReturnType<typeof fakeRecord>, minutes: number) => ({ ...r, run: { ...r.run, finishedAt: new Date(Date.parse(r.run.finishedAt) + minutes * 60_000).toISOString() } });

test('one run held as a record file and as a lean line is read once: the later one, the file on a tie', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  const full = fakeRecord('bce', null, 0, 0.5);
  writeRecord(lock, full);
  writeRecord(lock, full, 'lean'); // the same run again, e.g. `run --record lean --force` after `run`
  let s = readStore(dir);
  assert.equal(s.records.length, 1, 'n = 1 from one seed');
  assert.equal(s.files[0], 'any__bce__seed0.json', 'the record file (it holds more) on a tie');
  assert.deepEqual(s.duplicates, [{ run: 'any bce seed 0', kept: 'any__bce__seed0.json', dropped: `${LEAN_FILE}:1` }]);
  // A rerun recorded later, as a lean line, is the one read.
  writeRecord(lock, later(fakeRecord('bce', null, 0, 0.61), 5), 'lean');
  s = readStore(dir);
  assert.equal(s.records.length, 1);
  assert.equal(s.records[0].evaluation.f1.testAtThreshold, 0.61);
  // Another protocol's run of the same key is another run.
  writeRecord(lock, fakeRecord('bce', null, 0, 0.7, { configHash: 'ffffffffffffffff' }), 'lean');
  assert.equal(readStore(dir).records.length, 2);
  lock.release();
});

test('a record file whose content is another run is refused, naming the file and the name it belongs under', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  writeRecord(lock, fakeRecord('bce', null, 0, 0.5));
  lock.release();
  copyFileSync(join(dir, 'any__bce__seed0.json'), join(dir, 'any__bce__seed1.json'));
  const s = readStore(dir);
  assert.equal(s.records.length, 1, 'seed 0 is not counted twice');
  assert.deepEqual(s.corrupted, [{ file: 'any__bce__seed1.json', reason: 'it holds any bce seed 0, whose record file is any__bce__seed0.json: rename it to that, or delete it' }]);
  // Corrupted records stop a run until they are dealt with, as any damaged record does.
  const r = await solhInProcess(['table', '--results', dir]);
  assert.match(r.stderr, /corrupted record .*any__bce__seed1\.json \(it holds any bce seed 0/);
});

test('merge into a folder that holds a run already (as a record file) reports it as a duplicate and writes it once', async () => {
  const part = tempDir();
  const out = tempDir();
  const a = await holdFolder(part);
  writeRecord(a, fakeRecord('bce', null, 0, 0.5), 'lean');
  writeRecord(a, fakeRecord('bce', null, 1, 0.5), 'lean');
  a.release();
  const b = await holdFolder(out);
  writeRecord(b, fakeRecord('bce', null, 0, 0.5));
  b.release();
  const r = await solhInProcess(['merge', part, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 records from 1 folders written to .* \(1 of them were there already\); 1 duplicates, 0 gaps$/m);
  assert.match(r.stderr, /^duplicate \(identical, kept once\): any bce seed 0 /m);
  const s = readStore(out);
  assert.deepEqual(s.records.map((x) => x.key.seed).sort(), [0, 1]);
  assert.deepEqual(s.duplicates, [], 'the run already there is not written a second time');
  assert.equal(readFileSync(join(out, LEAN_FILE), 'utf8').trim().split('\n').length, 1);
});

test('seeds are bounded by 2^32 − 1, which a record file name spells back; a larger seed is one line with the reason', () => {
  const base = loadConfig(join(repoRoot(), 'configs/paper.json'));
  const name = recordFileName({ loss: 'bce', target: null, seed: MAX_SEED });
  assert.equal(name, 'any__bce__seed4294967295.json');
  assert.ok(isRecordFileName(name));
  assert.equal(checkConfig({ ...structuredClone(base), grid: { ...base.grid, seeds: [MAX_SEED] } }, 'test').grid.seeds[0], MAX_SEED);
  for (const seed of [MAX_SEED + 1, 1e21]) {
    assert.throws(
      () => checkConfig({ ...structuredClone(base), grid: { ...base.grid, seeds: [0, seed] } }, 'test'),
      (e: unknown) => e instanceof SolhError && /^config test: grid\.seeds\.1: must be <= 4294967295 \(a seed is part of each record's file name, .*seed1e\+21\.json/.test(e.message),
      String(seed),
    );
  }
});
