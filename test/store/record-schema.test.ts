/**
 * The versioned record schema (issue 22, item 7): records of version 1 (trainAt05/testAt05) and of
 * version 2 (trainAtThreshold/testAtThreshold) read to the same values, every committed record
 * still reads, and writers emit version 2 only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { readStore, writeRecord } from '../../src/store/store';
import { LEAN_FILE } from '../../src/store/lean-store';
import { readLeanLine, readRecord, recordProblem, scoreAt } from '../../src/store/record-schema';
import { comparablePair, largestDifference } from '../../src/experiment/record';
import { fakeRecord } from '../helpers/records';
import { repoRoot, tempDir } from '../helpers/paths';
import { holdFolder } from '../helpers/lock';

/** The committed record files under results/paper, parsed as they are on disk. */
function committedPaperRecords(): Record<string, any>[] {
  const dir = join(repoRoot(), 'results/paper');
  return readdirSync(dir).filter((f) => f.endsWith('.json') && f.includes('__seed')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

/** A version-1 record written out by hand as version 2: the two fields renamed, nothing else. */
function byHandAsVersion2(old: Record<string, any>): Record<string, any> {
  const evaluation: Record<string, unknown> = {};
  for (const [score, e] of Object.entries<Record<string, number>>(old.evaluation)) {
    evaluation[score] = { trainAtThreshold: e.trainAt05, tauStar: e.tauStar, trainAtTau: e.trainAtTau, testAtThreshold: e.testAt05, testAtTau: e.testAtTau };
  }
  return { ...old, format: 'solh-record/2', evaluation };
}

test('a committed version-1 record and the same record as version 2 read to the same values', () => {
  const old = committedPaperRecords()[0];
  assert.equal(old.format, 'solh-record/1', 'the committed records are of version 1');
  assert.ok('testAt05' in old.evaluation.f1);
  const renamed = byHandAsVersion2(old);
  assert.equal(recordProblem(old), undefined);
  assert.equal(recordProblem(renamed), undefined);
  const [a, b] = [readRecord(structuredClone(old)), readRecord(renamed)];
  assert.deepEqual(a, b);
  assert.equal(a.format, 'solh-record/2');
  assert.equal(a.evaluation.f1.testAtThreshold, old.evaluation.f1.testAt05);
  assert.equal(scoreAt(a.evaluation.f1, 'train', 'threshold'), old.evaluation.f1.trainAt05);
  assert.equal(scoreAt(a.evaluation.f1, 'test', 'tau'), old.evaluation.f1.testAtTau);
  assert.equal(scoreAt(undefined, 'test', 'tau'), undefined);
  // `check` compares what readers see: the two versions do not differ anywhere.
  assert.deepEqual(largestDifference(...comparablePair(a, b)), { field: '', difference: 0 });
});

test('each version is held to its own names: old names under the new format (and the reverse) are refused', () => {
  const old = committedPaperRecords()[0];
  assert.match(recordProblem({ ...old, format: 'solh-record/2' })!, /missing evaluation\.\w+\.trainAtThreshold/);
  assert.match(recordProblem({ ...byHandAsVersion2(old), format: 'solh-record/1' })!, /missing evaluation\.\w+\.trainAt05/);
  assert.match(recordProblem({ ...old, format: 'solh-record/3' })!, /format is "solh-record\/3", expected "solh-record\/2" \(or the older "solh-record\/1"\)/);
});

test('a version-1 lean line reads as the version-2 record of the same values', () => {
  const old = committedPaperRecords()[0];
  const { format: _f, history: _h, curves: _c, ...rest } = old;
  const line = { format: 'solh-lean/1', ...rest };
  const read = readLeanLine(line);
  assert.ok('record' in read, JSON.stringify(read));
  assert.equal(read.record.format, 'solh-record/2');
  assert.equal(read.record.lean, true);
  assert.equal(read.record.evaluation.accuracy.testAtThreshold, old.evaluation.accuracy.testAt05);
  assert.deepEqual(readLeanLine({ ...line, format: 'solh-lean/9' }), { problem: 'format is "solh-lean/9", expected "solh-lean/2" (or the older "solh-lean/1")' });
});

/** Every folder under results/ that holds record files or lean records. */
function resultFolders(dir: string): string[] {
  const names = readdirSync(dir);
  const here = names.some((n) => n.includes('__seed') || n.startsWith('records.jsonl')) ? [dir] : [];
  return [...here, ...names.filter((n) => statSync(join(dir, n)).isDirectory()).flatMap((n) => resultFolders(join(dir, n)))];
}

test('every committed record (full and lean) reads, as version 2, without a rewrite', () => {
  const root = join(repoRoot(), 'results');
  let records = 0;
  let leanRecords = 0;
  for (const dir of resultFolders(root)) {
    const s = readStore(dir);
    assert.deepEqual(s.corrupted, [], relative(root, dir));
    for (const r of s.records) {
      assert.equal(r.format, 'solh-record/2');
      for (const e of Object.values(r.evaluation)) assert.ok(typeof e.testAtThreshold === 'number' && typeof e.trainAtThreshold === 'number' && !('testAt05' in e));
    }
    records += s.records.length;
    leanRecords += s.records.filter((r) => r.lean).length;
  }
  assert.ok(records > 1000 && leanRecords > 0, `${records} records, ${leanRecords} of them lean`);
  // The committed files are version 1 and stay so (nothing is regenerated).
  const gz = join(root, 'benchmark/sonar/records.jsonl.gz');
  assert.match(gunzipSync(readFileSync(gz)).toString('utf8').split('\n')[0], /^\{"format":"solh-lean\/1"/);
});

test('writers emit version 2 only: a record file and a lean line', async () => {
  const dir = tempDir();
  const lock = await holdFolder(dir);
  const r = fakeRecord('bce', null, 0, 0.5);
  const file = writeRecord(lock, r);
  writeRecord(lock, fakeRecord('bce', null, 1, 0.5), 'lean');
  lock.release();
  const onDisk = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  assert.equal(onDisk.format, 'solh-record/2');
  assert.deepEqual(Object.keys(onDisk.evaluation.f1), ['trainAtThreshold', 'tauStar', 'trainAtTau', 'testAtThreshold', 'testAtTau']);
  const line = JSON.parse(readFileSync(join(dir, LEAN_FILE), 'utf8').trim());
  assert.equal(line.format, 'solh-lean/2');
  assert.equal(line.evaluation.f1.testAtThreshold, 0.5);
  assert.equal(readStore(dir).records.length, 2);
});
