/** Evaluation: τ* chosen on the set the protocol names, collapse and positives of the test set, against hand-made predictions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hardCounts } from 'solh-losses/core';
import { countsOnGrid, evaluateAll, oneClassAt, positives, testCollapse, thresholdGrid } from '../../src/evaluate/evaluate';

// Train: positives score 0.8, negatives 0.2 — any τ in (0.2, 0.8] is perfect; the first maximiser on the grid is 0.21.
const train = { p: [0.8, 0.8, 0.2, 0.2], y: [1, 1, 0, 0] };
// Validation: positives score 0.35, negatives 0.3 — accuracy is perfect only for τ in (0.30, 0.35]: first maximiser 0.31.
const validation = { p: [0.35, 0.35, 0.3, 0.3], y: [1, 1, 0, 0] };
const test_ = { p: [0.9, 0.32, 0.1, 0.05], y: [1, 1, 0, 0] };

test('τ* is chosen on the training set by default and on the validation set when given; train and test are scored at it', () => {
  const onTrain = evaluateAll(train, test_, 0.01).accuracy;
  assert.equal(onTrain.tauStar, 0.21);
  assert.equal(onTrain.trainAtTau, 1);
  assert.equal(onTrain.testAtTau, 1); // 0.32 ≥ 0.21
  const onValidation = evaluateAll(train, test_, 0.01, [], 0.5, validation).accuracy;
  assert.equal(onValidation.tauStar, 0.31);
  assert.equal(onValidation.trainAtTau, 1); // the training set is still scored, at the validation's τ*
  assert.equal(onValidation.testAtTau, 1); // 0.32 ≥ 0.31
  // At 0.5 nothing changes: test 0.32 is a missed positive.
  assert.equal(onValidation.testAtThreshold, 0.75);
  assert.equal(onTrain.testAtThreshold, 0.75);
  // Recall's τ* on validation: the first grid point, 0.01 (every threshold up to 0.35 finds both positives).
  assert.equal(evaluateAll(train, test_, 0.01, [], 0.5, validation).recall.tauStar, 0.01);
});

test('collapse: every prediction one class at a threshold; positives counted from the labels', () => {
  assert.equal(positives(test_), 2);
  assert.equal(oneClassAt(test_, 0.5), false);
  assert.equal(oneClassAt(test_, 0.95), true); // nothing reaches 0.95: all negative
  assert.equal(oneClassAt(test_, 0.01), true); // everything reaches 0.01: all positive
  const ev = evaluateAll(train, test_, 0.01);
  const c = testCollapse(test_, 0.5, ev);
  assert.equal(c.atThreshold, false);
  assert.equal(c.atTau.accuracy, false);
  // Recall's τ* on train is 0.01: every test row is predicted positive there.
  assert.equal(ev.recall.tauStar, 0.01);
  assert.equal(c.atTau.recall, true);
  assert.equal(testCollapse(test_, 0.95, ev).atThreshold, true);
});

test('property: the counts on the whole grid in one pass are hardCounts at each threshold (ties at a threshold, 0, 1, NaN, labels other than 0/1)', () => {
  const grid = thresholdGrid(0.01);
  // Probabilities drawn partly from the grid itself, so that p = t ties are common.
  const prob = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...grid, 0, 1, NaN, 0.5 + 1e-17), fc.integer({ min: 0, max: 100 }).map((k) => k / 100));
  fc.assert(
    fc.property(fc.array(fc.tuple(prob, fc.constantFrom(0, 1, 0.5)), { maxLength: 60 }), (rows) => {
      const p = Float32Array.from(rows.map((r) => r[0]));
      const y = rows.map((r) => r[1]);
      const all = countsOnGrid(p, y, grid);
      assert.equal(all.length, grid.length);
      grid.forEach((t, j) => assert.deepEqual(all[j], hardCounts(p, y, t), `threshold ${t}`));
    }),
    { numRuns: 300 },
  );
});
