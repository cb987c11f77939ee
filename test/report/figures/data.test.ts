/** The series the figures draw, from the committed paper records: means, bands and seeds over one protocol. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOneProtocol, chooseBand, describeSeeds, thresholdSeries } from '../../../src/report/figures/data';
import { paperRecords as records, PAPER_TARGETS as TARGETS, lossesFor } from '../../helpers/paper-records';

test('the paper records are there to draw', () => {
  assert.ok(records.length >= 20, `${records.length} records`);
  for (const t of TARGETS) assert.ok(lossesFor(t).length >= 2, t);
});

test('threshold series: mean, min and max over seeds of the recorded test curves', () => {
  const s = thresholdSeries(records, 'f1').find((x) => x.loss === 'solh:uniform')!;
  const rs = records.filter((r) => r.key.loss === 'solh:uniform' && r.key.target === 'f1');
  assert.deepEqual(s.seeds, rs.map((r) => r.key.seed).sort());
  const i = s.thresholds.indexOf(0.5);
  assert.ok(i >= 0);
  const at = rs.map((r) => r.curves.test.f1[i]);
  assert.ok(Math.abs(s.mean[i] - at.reduce((a, b) => a + b) / at.length) < 1e-12);
  assert.equal(s.min[i], Math.min(...at));
  assert.equal(s.max[i], Math.max(...at));
});

test('records of two protocols are refused: figures average over one protocol', () => {
  const other = { ...records[0], configHash: 'other' };
  assert.throws(() => checkOneProtocol([...records, other], 'dir'), /mixes 2 protocols/);
  assert.doesNotThrow(() => checkOneProtocol(records, 'dir'));
});

test('threshold bands: min–max for few seeds, ± sd for many, or as asked', () => {
  assert.equal(chooseBand('auto', 3), 'minmax');
  assert.equal(chooseBand('auto', 30), 'sd');
  assert.equal(chooseBand('minmax', 30), 'minmax');
});

test('seeds in subtitles: a range, a list, or a count', () => {
  assert.equal(describeSeeds([2, 0, 1, 1]), 'seeds 0, 1, 2');
  assert.equal(describeSeeds(Array.from({ length: 30 }, (_, i) => i)), 'seeds 0–29');
  assert.equal(describeSeeds([0, 2, 4, 6, 8, 10, 12, 14, 16]), '9 seeds');
  assert.equal(describeSeeds([7]), 'seed 7');
});
