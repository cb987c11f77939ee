/** Scores on hand-worked confusion matrices, zero-denominator conventions, and soft = hard. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { testBackend } from '../../../test/helpers/backend';
import { SCORES, parseScore, scoreLabel, numberArith, tensorArith, hardCounts, softCounts, Counts } from 'solh-losses';
import { SolhError } from 'solh-losses';

before(async () => {
  await testBackend();
});

// TP = 5, FN = 3, FP = 2, TN = 10 (n = 20), worked by hand.
const K: Counts<number> = { tp: 5, fn: 3, fp: 2, tn: 10 };
const HAND: Record<string, number> = {
  accuracy: 15 / 20,
  precision: 5 / 7,
  recall: 5 / 8,
  specificity: 10 / 12,
  f1: 10 / 15,
  'fbeta(2)': 25 / 39, // 5·5 / (5·5 + 4·3 + 2)
  'fbeta(0.5)': (1.25 * 5) / (1.25 * 5 + 0.25 * 3 + 2),
  'balanced-accuracy': 35 / 48,
  tss: 11 / 24,
  csi: 5 / 10,
  hss1: 3 / 8,
  hss2: 88 / 188, // 2(50 − 6) / (8·13 + 7·12)
  mcc: 44 / Math.sqrt(7 * 8 * 12 * 13),
  gmean: Math.sqrt(25 / 48),
};

test('every registered score matches the hand-worked confusion matrix', () => {
  for (const [spec, want] of Object.entries(HAND)) {
    assert.ok(Math.abs(parseScore(spec).compute(K, numberArith) - want) < 1e-12, spec);
  }
  // Every registry entry is covered by the hand-worked table.
  for (const name of SCORES.keys()) assert.ok(Object.keys(HAND).some((s) => s.startsWith(name)), name);
});

test('zero denominators give 0, never NaN, for numbers and tensors (values and gradients)', () => {
  const zeroCases: [Counts<number>, string[]][] = [
    [{ tp: 0, fn: 0, fp: 0, tn: 0 }, [...SCORES.keys()].map((n) => (n === 'fbeta' ? 'fbeta(2)' : n))],
    [{ tp: 0, fn: 4, fp: 0, tn: 6 }, ['precision', 'mcc']], // nothing predicted positive
    [{ tp: 0, fn: 0, fp: 3, tn: 7 }, ['recall', 'hss1']], // no positives at all
    [{ tp: 4, fn: 0, fp: 0, tn: 0 }, ['specificity', 'mcc', 'gmean']], // no negatives
  ];
  for (const [k, names] of zeroCases) {
    for (const name of names) {
      const s = parseScore(name);
      // Every zero-denominator ratio is 0, so TSS = recall + specificity − 1 is −1 with all counts 0.
      const want = name === 'tss' && k.tp + k.fn + k.fp + k.tn === 0 ? -1 : 0;
      assert.equal(s.compute(k, numberArith), want, `${name} at ${JSON.stringify(k)}`);
      const vars = [k.tp, k.fn, k.fp, k.tn].map((x) => tf.scalar(x));
      // + 0·(sum of counts) so that every count is on the path, even those a score ignores.
      const g = tf.grads((tp: tf.Tensor, fn: tf.Tensor, fp: tf.Tensor, tn: tf.Tensor) =>
        tf.add(s.compute({ tp, fn, fp, tn }, tensorArith), tf.mul(0, tf.addN([tp, fn, fp, tn]))));
      const grads = g(vars);
      assert.equal(s.compute({ tp: vars[0], fn: vars[1], fp: vars[2], tn: vars[3] }, tensorArith).dataSync()[0], want, `${name} tensor`);
      for (const gr of grads) assert.ok(Number.isFinite(gr.dataSync()[0]), `${name} gradient at ${JSON.stringify(k)}`);
    }
  }
  // F1 and CSI with no positives and none predicted: 0 by the convention.
  assert.equal(parseScore('f1').compute({ tp: 0, fn: 0, fp: 0, tn: 9 }, numberArith), 0);
  assert.equal(parseScore('csi').compute({ tp: 0, fn: 0, fp: 0, tn: 9 }, numberArith), 0);
});

test('one definition: tensor arithmetic equals number arithmetic on random counts', () => {
  fc.assert(
    fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), (tp, fn, fp, tn) => {
      const k = { tp, fn, fp, tn };
      for (const name of [...SCORES.keys()].map((n) => (n === 'fbeta' ? 'fbeta(2)' : n))) {
        const s = parseScore(name);
        const want = s.compute(k, numberArith);
        const got = tf.tidy(() => s.compute({ tp: tf.scalar(tp), fn: tf.scalar(fn), fp: tf.scalar(fp), tn: tf.scalar(tn) }, tensorArith).dataSync()[0]);
        assert.ok(Math.abs(got - want) <= 1e-5, `${name} ${JSON.stringify(k)}: ${got} vs ${want}`);
      }
    }),
    { numRuns: 100 },
  );
});

test('soft counts with 0/1 decisions equal hard counts at the threshold', () => {
  const p = [0.1, 0.6, 0.5, 0.9, 0.2, 0.49];
  const y = [0, 1, 1, 0, 1, 0];
  const hard = hardCounts(p, y, 0.5);
  assert.deepEqual(hard, { tp: 2, fn: 1, fp: 1, tn: 2 });
  const soft = softCounts(tf.tensor1d(y), tf.tensor1d(p.map((x) => (x >= 0.5 ? 1 : 0))));
  assert.deepEqual(
    [soft.tp, soft.fn, soft.fp, soft.tn].map((t) => t.dataSync()[0]),
    [hard.tp, hard.fn, hard.fp, hard.tn],
  );
});

test('unknown or malformed scores are SolhErrors listing the valid ones', () => {
  for (const bad of ['f2', 'fbeta', 'fbeta(-1)', 'mcc(2)', '', 'accuracy)']) {
    assert.throws(() => parseScore(bad), (e: unknown) => e instanceof SolhError && /valid scores are accuracy, precision|takes 1 positive number, e\.g\. fbeta\(2\)|takes no parameters: write mcc/.test((e as Error).message), bad);
  }
  assert.throws(() => parseScore('f2'), /valid scores are accuracy, precision/);
  assert.equal(parseScore(' F1 ').spec, 'f1');
  assert.equal(parseScore('fbeta(2)').spec, 'fbeta(2)');
});

test('each score stays inside its declared range, and reaches its ends where the range is finite', () => {
  const counts: { tp: number; fn: number; fp: number; tn: number }[] = [];
  for (let tp = 0; tp <= 4; tp++) for (let fn = 0; fn <= 4; fn++) for (let fp = 0; fp <= 4; fp++) for (let tn = 0; tn <= 4; tn++) counts.push({ tp, fn, fp, tn });
  for (const d of SCORES.values()) {
    const s = parseScore(d.arity ? `${d.name}(${d.parameters.map((q) => q.example).join(',')})` : d.name);
    const values = counts.map((k) => s.compute(k, numberArith));
    const [lo, hi] = d.range;
    assert.equal(d.best, hi);
    assert.ok(values.every((v) => v >= lo - 1e-12 && v <= hi + 1e-12), `${d.name} leaves [${lo}, ${hi}]`);
    // Perfect predictions give the best value; all-wrong ones the worst, where it is finite.
    assert.equal(s.compute({ tp: 3, fn: 0, fp: 0, tn: 2 }, numberArith), hi, `${d.name} at perfect predictions`);
    if (Number.isFinite(lo)) assert.ok(Math.min(...values) === lo, `${d.name}: lowest value ${Math.min(...values)}, range says ${lo}`);
  }
  assert.deepEqual(SCORES.get('mcc')!.range, [-1, 1]);
  assert.deepEqual(SCORES.get('fbeta')!.parameters.map((q) => q.symbol), ['β']);
  assert.equal(scoreLabel('fbeta(2)'), 'Fβ (β = 2)');
  assert.equal(scoreLabel('mcc'), 'MCC');
});
