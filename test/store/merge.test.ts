/** Joining shard folders: one protocol and backend, duplicates kept once when identical, gaps of the spanned grid listed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRecords } from '../../src/store/merge';
import { recordFileName, RunRecord } from '../../src/experiment/record';
import { SolhError } from '../../src/errors';
import { fakeRecord } from '../helpers/records';

const names = (rs: RunRecord[]) => rs.map((r) => recordFileName(r.key)).sort();
const oneLine = (re: RegExp) => (e: Error) => e instanceof SolhError && !e.message.includes('\n') && re.test(e.message);

test('shards that split a grid merge into every record, with no duplicates and no gaps', () => {
  const a = [fakeRecord('bce', null, 0, 0.5), fakeRecord('solh:uniform', 'f1', 0, 0.6)];
  const b = [fakeRecord('bce', null, 1, 0.52), fakeRecord('solh:uniform', 'f1', 1, 0.61)];
  const m = mergeRecords([{ dir: 'a', records: a }, { dir: 'b', records: b }]);
  assert.deepEqual(names(m.records), names([...a, ...b]));
  assert.deepEqual(m.duplicates, []);
  assert.deepEqual(m.gaps, []);
});

test('gaps: the runs of losses × targets × seeds the records span that none covers (cross-entropy once per seed)', () => {
  // Spanned: seeds {0, 2}, targets {accuracy, f1}; bce has no target, solh:uniform one per target.
  const rs = [fakeRecord('bce', null, 0, 0.5), fakeRecord('solh:uniform', 'f1', 0, 0.6), fakeRecord('solh:uniform', 'accuracy', 2, 0.6)];
  const m = mergeRecords([{ dir: 'a', records: rs }]);
  assert.deepEqual(m.gaps.sort(), ['any bce seed 2', 'accuracy solh:uniform seed 0', 'f1 solh:uniform seed 2'].sort());
});

test('a run in two shards with identical results is kept once and reported as a duplicate', () => {
  const r = fakeRecord('bce', null, 0, 0.5);
  const copy = { ...r, run: { wallSeconds: 99, finishedAt: '2026-02-02T00:00:00Z' } }; // timing is not a result
  const m = mergeRecords([{ dir: 'a', records: [r] }, { dir: 'b', records: [copy] }]);
  assert.equal(m.records.length, 1);
  assert.equal(m.duplicates.length, 1);
  assert.equal(m.duplicates[0], 'any bce seed 0 (a, b)');
});

test('a run in two shards with different results is one error naming both folders and the field', () => {
  const r = fakeRecord('bce', null, 0, 0.5);
  const other = fakeRecord('bce', null, 0, 0.55);
  assert.throws(() => mergeRecords([{ dir: 'a', records: [r] }, { dir: 'b', records: [other] }]), oneLine(/^any bce seed 0 is in a and b with different results \(evaluation\.f1\.testAtThreshold.*\): keep one of the two files$/));
});

test('records of another config or backend, or no records at all, are refused in one line', () => {
  const r = fakeRecord('bce', null, 0, 0.5);
  const otherConfig = fakeRecord('bce', null, 1, 0.5, { configHash: 'feedfeedfeedfeed' });
  assert.throws(() => mergeRecords([{ dir: 'a', records: [r] }, { dir: 'b', records: [otherConfig] }]), oneLine(/^b holds records of config feedfeedfeedfeed on cpu, but a of config c0ffee00c0ffee00 on cpu: merge only shards of one grid$/));
  const otherBackend = { ...fakeRecord('bce', null, 1, 0.5), backend: 'wasm' };
  assert.throws(() => mergeRecords([{ dir: 'a', records: [r] }, { dir: 'b', records: [otherBackend] }]), oneLine(/on wasm, but a .* on cpu/));
  assert.throws(() => mergeRecords([{ dir: 'a', records: [] }]), oneLine(/^no records in the folders to merge/));
});
