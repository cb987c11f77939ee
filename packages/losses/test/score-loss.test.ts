/**
 * scoreLoss against independent references: the CLI's fused kernel (binary, logits), the composed
 * tensor-op loss differentiated by tf.grad (probabilities, one-vs-rest, every average), and
 * finite differences.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../../../test/helpers/backend';
import { scoreLoss } from 'solh-losses';
import { makeLoss, parseLoss } from 'solh-losses';
import { parseScore, softCounts, tensorArith } from 'solh-losses';
import { expectedStep } from 'solh-losses';
import { SolhError } from 'solh-losses';
import { AVERAGES, averagedScore, exactStep, expectationFill, oneVsRestScoreLoss, pointMass } from 'solh-losses';

before(async () => {
  await testBackend();
});

const SPECS = ['solh:uniform', 'sol:cosine(0.5,0.3)', 'soft-set', 'solh:beta(2,5)', 'sigmoid(8):uniform'];

/** Labels and probabilities [n, C] with every class present; p includes exact 0 and 1. */
function batch(n: number, classes: number, seed: number): { y: number[][]; p: number[][] } {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const y: number[][] = [];
  const p: number[][] = [];
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    y.push(Array.from({ length: classes }, (_, c) => (classes === 1 ? (rand() < 0.4 ? 1 : 0) : c === k ? 1 : 0)));
    const row = Array.from({ length: classes }, () => rand());
    if (i === 0) row[0] = 0;
    if (i === 1) row[0] = 1;
    p.push(row);
  }
  return { y, p };
}

/** The reference: per column, best − score(soft counts of E(p)) with tensor ops, averaged; autodiff by tf.grad. */
function reference(spec: string, score: string, average: 'macro' | 'support-weighted' | 'micro', y: tf.Tensor2D, p: tf.Tensor2D): { value: number; grad: number[][] } {
  const s = parseScore(score);
  const ls = parseLoss(spec);
  const e = expectedStep(ls.step!, ls.dist!);
  const classes = y.shape[1];
  const support = tf.sum(y, 0).arraySync() as number[];
  const total = support.reduce((a, b) => a + b, 0);
  const f = (pp: tf.Tensor) => {
    const h = e.fn(pp);
    if (average === 'micro') return tf.sub(s.definition.best, s.compute(softCounts(y.reshape([-1]), h.reshape([-1])), tensorArith)) as tf.Scalar;
    let acc: tf.Tensor = tf.scalar(0);
    for (let c = 0; c < classes; c++) {
      const col = (t: tf.Tensor) => tf.slice(t, [0, c], [-1, 1]).reshape([-1]);
      const w = average === 'support-weighted' ? support[c] / total : 1 / classes;
      acc = acc.add(tf.sub(s.definition.best, s.compute(softCounts(col(y), col(h)), tensorArith)).mul(w));
    }
    return acc as tf.Scalar;
  };
  const value = f(p).dataSync()[0];
  const grad = tf.grad(f)(p).arraySync() as number[][];
  e.dispose();
  return { value, grad };
}

test('binary from logits: the same value and gradient as the CLI training loss', () => {
  const { y, p } = batch(40, 1, 7);
  const z = tf.tensor2d(p.map((r) => r.map((x) => Math.log((x + 0.01) / (1.01 - x)))));
  const yt = tf.tensor2d(y);
  for (const spec of SPECS) {
    for (const score of ['f1', 'mcc', 'accuracy']) {
      const cli = makeLoss(parseLoss(spec), parseScore(score)).fn;
      const lib = scoreLoss(spec, score, { from: 'logits' });
      const [v1, v2] = [cli(yt, z).dataSync()[0], lib(yt, z).dataSync()[0]];
      assert.ok(Math.abs(v1 - v2) < 1e-6, `${spec} ${score}: ${v1} vs ${v2}`);
      const g1 = tf.grad((x: tf.Tensor) => cli(yt, x))(z).dataSync();
      const g2 = tf.grad((x: tf.Tensor) => lib(yt, x))(z).dataSync();
      g1.forEach((g, i) => assert.ok(Math.abs(g - g2[i]) < 1e-6, `${spec} ${score} grad ${i}`));
    }
  }
});

test('from probabilities, binary and one-vs-rest (macro, support-weighted, micro): value and gradient equal the tensor-op reference', () => {
  for (const classes of [1, 3]) {
    const { y, p } = batch(30, classes, 11 + classes);
    const yt = tf.tensor2d(y);
    const pt = tf.tensor2d(p);
    for (const spec of SPECS) {
      for (const average of ['macro', 'support-weighted', 'micro'] as const) {
        const score = classes === 1 ? 'mcc' : 'f1';
        const ref = reference(spec, score, average, yt, pt);
        const lib = scoreLoss(spec, score, { average });
        const v = lib(yt, pt).dataSync()[0];
        assert.ok(Math.abs(v - ref.value) < 1e-5, `${spec} C=${classes} ${average}: ${v} vs ${ref.value}`);
        const g = tf.grad((x: tf.Tensor) => lib(yt, x))(pt).arraySync() as number[][];
        g.forEach((row, i) => row.forEach((gi, c) => {
          assert.ok(Number.isFinite(gi), 'finite gradient at p = 0 and 1');
          assert.ok(Math.abs(gi - ref.grad[i][c]) < 1e-4 * Math.max(1, Math.abs(ref.grad[i][c])), `${spec} C=${classes} ${average} grad [${i},${c}]: ${gi} vs ${ref.grad[i][c]}`);
        }));
      }
    }
  }
});

test('from probabilities: the gradient matches central finite differences of the loss value', () => {
  const { y, p } = batch(20, 3, 5);
  const yt = tf.tensor2d(y);
  const lib = scoreLoss('soft-set', 'f1', { average: 'macro' });
  const base = p.map((r) => r.map((x) => 0.05 + 0.9 * x)); // away from the kinks at the ends
  const g = tf.grad((x: tf.Tensor) => lib(yt, x))(tf.tensor2d(base)).arraySync() as number[][];
  const h = 1e-3;
  for (const [i, c] of [[0, 0], [3, 1], [7, 2], [12, 0]]) {
    const at = (d: number) => lib(yt, tf.tensor2d(base.map((r, ii) => r.map((x, cc) => (ii === i && cc === c ? x + d : x))))).dataSync()[0];
    const fd = (at(h) - at(-h)) / (2 * h);
    assert.ok(Math.abs(fd - g[i][c]) < 2e-3, `[${i},${c}]: ${g[i][c]} vs ${fd}`);
  }
});

test('labels as class indices, [n] predictions and [n, 1] predictions give the same loss as their one-hot or column forms', () => {
  const { y, p } = batch(24, 3, 3);
  const lib = scoreLoss('solh:uniform', 'f1');
  const idx = tf.tensor1d(y.map((r) => r.indexOf(1)));
  assert.equal(lib(idx, tf.tensor2d(p)).dataSync()[0], lib(tf.tensor2d(y), tf.tensor2d(p)).dataSync()[0]);
  const b = batch(24, 1, 9);
  const col = lib(tf.tensor2d(b.y), tf.tensor2d(b.p)).dataSync()[0];
  assert.equal(lib(tf.tensor1d(b.y.map((r) => r[0])), tf.tensor1d(b.p.map((r) => r[0]))).dataSync()[0], col);
  assert.equal(lib(tf.tensor1d(b.y.map((r) => r[0])), tf.tensor2d(b.p)).dataSync()[0], col);
});

test('bce from probabilities is −mean(y log p + (1 − y) log(1 − p)); from logits it is the CLI BCE', () => {
  const y = tf.tensor2d([[1], [0], [1], [0]]);
  const p = [0.9, 0.2, 0.4, 0.6];
  const byHand = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4;
  assert.ok(Math.abs(scoreLoss('bce', 'f1')(y, tf.tensor2d(p, [4, 1])).dataSync()[0] - byHand) < 1e-5);
  const z = tf.tensor2d(p.map((x) => Math.log(x / (1 - x))), [4, 1]);
  assert.ok(Math.abs(scoreLoss('bce', 'f1', { from: 'logits' })(y, z).dataSync()[0] - makeLoss(parseLoss('bce'), parseScore('f1')).fn(y, z).dataSync()[0]) < 1e-6);
});

test('bad arguments are one SolhError naming the valid values', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => scoreLoss('focal', 'f1'), /valid forms: bce, soft-set/],
    [() => scoreLoss('solh:uniform', 'f2'), /valid scores are accuracy/],
    [() => scoreLoss('solh:uniform', 'f1', { from: 'softmax' as never }), /from = "softmax" is not valid: use 'probabilities' or 'logits'/],
    [() => scoreLoss('solh:uniform', 'f1', { average: 'samples' as never }), /use 'macro', 'support-weighted', 'micro'/],
    [() => scoreLoss('solh:uniform', 'f1', { stepSlope: 0.7 }), /slope δ = 0.7 is outside \(0, 0.5\): give the option stepSlope a value such as 0.1/],
    [() => scoreLoss('solh:uniform', 'f1', { detla: 0.1 } as never), /unknown option "detla": valid options are stepSlope, from, average, checkInputs/],
    [() => scoreLoss('solh:uniform', 'f1')(tf.zeros([4, 2]), tf.zeros([4, 3])), /yTrue \(labels\) of shape \[4, 2\] do not fit yPred \(predictions\) of shape \[4, 3\]/],
    [() => scoreLoss('solh:uniform', 'f1')(tf.tensor1d([0, 3]), tf.zeros([2, 3])), /yTrue \(labels\) holds 3, not a class index in 0..2/],
  ];
  for (const [f, re] of cases) assert.throws(f, (e: unknown) => e instanceof SolhError && re.test(e.message) && !e.message.includes('\n'), String(re));
});

test('C > 1: the accuracy loss is 1 − the soft top-1 accuracy, the balanced-accuracy loss 1 − the soft macro recall (their scikit-learn forms)', () => {
  const { y, p } = batch(30, 3, 21);
  const ls = parseLoss('solh:uniform');
  const e = expectedStep(ls.step!, ls.dist!);
  const h = e.fn(tf.tensor2d(p)).arraySync() as number[][];
  e.dispose();
  const trueClass = y.map((r) => r.indexOf(1));
  // Soft count of the true classes over n: E(p) of each row's true column.
  const top1 = trueClass.reduce((a, c, i) => a + h[i][c], 0) / y.length;
  const recallOf = (c: number) => {
    const rows = trueClass.map((k, i) => [k, i]).filter(([k]) => k === c);
    return rows.reduce((a, [, i]) => a + h[i][c], 0) / rows.length;
  };
  const macroRecall = (recallOf(0) + recallOf(1) + recallOf(2)) / 3;
  for (const average of ['macro', 'support-weighted', 'micro'] as const) {
    const acc = scoreLoss('solh:uniform', 'accuracy', { average })(tf.tensor2d(y), tf.tensor2d(p)).dataSync()[0];
    assert.ok(Math.abs(acc - (1 - top1)) < 1e-6, `accuracy ${average}: ${acc} vs ${1 - top1}`);
    const bal = scoreLoss('solh:uniform', 'balanced-accuracy', { average })(tf.tensor2d(y), tf.tensor2d(p)).dataSync()[0];
    assert.ok(Math.abs(bal - (1 - macroRecall)) < 1e-6, `balanced-accuracy ${average}: ${bal} vs ${1 - macroRecall}`);
  }
});

test('one averaging for soft and hard counts: with 0/1 decisions the score loss is best − the metric\'s score, for every average', () => {
  // The exact step at 0.5 makes E(p) = 1[p ≥ 0.5]; each row has one column above 0.5, so the soft
  // decisions per column are the argmax decisions the metric takes.
  const fill = expectationFill(exactStep, pointMass(0.5));
  const p = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.1, 0.6, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6, 0.1, 0.9, 0.0];
  const y = [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0];
  for (const average of AVERAGES) {
    for (const name of ['f1', 'mcc', 'precision', 'accuracy', 'balanced-accuracy', 'fbeta(2)']) {
      const score = parseScore(name);
      const loss = oneVsRestScoreLoss(fill, score, y, p, 3, average, 'probabilities', new Float64Array(p.length));
      const hard = averagedScore(score, y, p, 3, average);
      assert.ok(Math.abs(score.definition.best - loss - hard) < 1e-12, `${name} ${average}: 1 − loss = ${1 - loss}, metric ${hard}`);
    }
  }
});
