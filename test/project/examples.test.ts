/**
 * The examples, on small settings, as the test suite runs them: they learn, beat their baselines,
 * and their data-set scores (scoreCallback) equal the CLI's scores of the same predictions.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../helpers/backend';
import { main as binary, loadActg } from '../../examples/actg175-f1';
import { main as multiclass } from '../../examples/three-class-macro-f1';
import { scoreLoss, scoreMetric, scoreCallback } from '../../src/index';
import { evaluateAll } from '../../src/evaluate/evaluate';
import { SolhError } from '../../src/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths';

before(async () => {
  await testBackend();
});

test('example actg175-f1: the F1 loss goes down and test F1 beats predicting all positive', async () => {
  const r = await binary(8);
  assert.equal(r.loss.length, 8);
  assert.ok(r.loss[r.loss.length - 1] < r.loss[0] - 0.1, `loss ${r.loss[0]} -> ${r.loss[r.loss.length - 1]}`);
  assert.ok(r.testF1 > r.allPositiveF1 + 0.15, `F1 ${r.testF1} vs all-positive ${r.allPositiveF1}`);
});

test('example three-class-macro-f1: macro F1 is clearly above chance and above always predicting the largest class', async () => {
  const r = await multiclass(12);
  assert.ok(r.loss[r.loss.length - 1] < r.loss[0], `loss ${r.loss[0]} -> ${r.loss[r.loss.length - 1]}`);
  assert.ok(r.testMacroF1 > 0.6 && r.testMacroF1 > r.majorityMacroF1 + 0.3, `macro F1 ${r.testMacroF1} vs majority ${r.majorityMacroF1}`);
  assert.ok(r.testMacroRecall > 0.6, `macro recall ${r.testMacroRecall}`);
});

test('scoreCallback gives the CLI scores of the same predictions; the batch mean of scoreMetric is another number', async () => {
  const { xTrain, yTrain, xTest, yTest } = loadActg(3);
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [xTrain.shape[1]], units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })],
  });
  model.compile({ optimizer: tf.train.adam(0.02), loss: scoreLoss('sol:uniform', 'f1'), metrics: [scoreMetric('f1'), scoreMetric('mcc')] });
  const scores = ['f1', 'mcc', 'balanced-accuracy', 'fbeta(2)'];
  const h = await model.fit(xTrain, yTrain, {
    epochs: 2, batchSize: 32, validationData: [xTest, yTest], verbose: 0,
    callbacks: [scoreCallback({ validationData: [xTest, yTest], scores })],
  });
  const hist = h.history as Record<string, number[]>;
  const p = (model.predict(xTest) as tf.Tensor).dataSync();
  const y = yTest.dataSync();
  const pt = (model.predict(xTrain) as tf.Tensor).dataSync();
  const cli = evaluateAll({ p: pt, y: yTrain.dataSync() }, { p, y }, 0.01, ['fbeta(2)']);
  for (const s of scores) {
    assert.equal(hist[`dataset_${s}`].length, 2);
    assert.equal(hist[`dataset_${s}`][1], cli[s].testAtThreshold, s);
  }
  // Layers evaluates val_f1 in batches of 32 and averages: not the F1 of the test set.
  assert.notEqual(hist.val_f1[1], hist.dataset_f1[1]);
  assert.notEqual(hist.val_mcc[1], hist.dataset_mcc[1]);
  tf.dispose([xTrain, yTrain, xTest, yTest]);
  model.dispose();
});

test('scoreMetric: hard counts at the threshold, argmax for [n, C], averaged as asked', () => {
  const y = tf.tensor2d([[1], [1], [0], [0]]);
  const p = tf.tensor2d([[0.7], [0.3], [0.6], [0.2]]);
  // TP 1, FN 1, FP 1: F1 = 2/4; at threshold 0.65: TP 1, FN 1, FP 0: F1 = 2/3.
  assert.equal(scoreMetric('f1')(y, p).dataSync()[0], 0.5);
  assert.ok(Math.abs(scoreMetric('f1', { threshold: 0.65 })(y, p).dataSync()[0] - 2 / 3) < 1e-7);
  const z = tf.tensor2d([[0.1], [-0.1], [0.1], [-2]]);
  assert.equal(scoreMetric('f1', { from: 'logits' })(y, z).dataSync()[0], 0.5);
  // Three classes, argmax predictions [0, 1, 1, 2, 0]; labels [0, 1, 2, 2, 1].
  const y3 = tf.tensor1d([0, 1, 2, 2, 1]);
  const p3 = tf.tensor2d([[0.8, 0.1, 0.1], [0.2, 0.5, 0.3], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.5, 0.4, 0.1]]);
  // Per class F1: c0 TP1 FP1 → 2/3; c1 TP1 FP1 FN1 → 1/2; c2 TP1 FN1 → 2/3.
  const macro = (2 / 3 + 1 / 2 + 2 / 3) / 3;
  const weighted = (1 * (2 / 3) + 2 * (1 / 2) + 2 * (2 / 3)) / 5;
  assert.ok(Math.abs(scoreMetric('f1', { average: 'macro' })(y3, p3).dataSync()[0] - macro) < 1e-7);
  assert.ok(Math.abs(scoreMetric('f1', { average: 'support-weighted' })(y3, p3).dataSync()[0] - weighted) < 1e-7);
  // Micro over single-label classes: TP 3, FP 2, FN 2 → 6/10, the accuracy.
  assert.ok(Math.abs(scoreMetric('f1', { average: 'micro' })(y3, p3).dataSync()[0] - 0.6) < 1e-7);
  assert.equal((scoreMetric('fbeta(2)') as { name: string }).name, 'fbeta(2)');
});

test('scoreMetric and scoreCallback: bad arguments are one SolhError naming the valid values', () => {
  const x = tf.zeros([2, 2]);
  const y = tf.zeros([2, 1]);
  const cases: [() => unknown, RegExp][] = [
    [() => scoreMetric('f3'), /valid scores are/],
    [() => scoreMetric('f1', { threshold: 1.5 }), /threshold = 1.5 is not in \(0, 1\)/],
    [() => scoreMetric('f1', { average: 'binary' as never }), /use 'macro', 'support-weighted', 'micro'/],
    [() => scoreCallback({ validationData: [x, y], scores: [] }), /scores must be a list/],
    [() => scoreCallback({ validationData: [x, y], scores: ['auc'] }), /valid scores are/],
    [() => scoreCallback({ validationData: x as never, scores: ['f1'] }), /validationData must be \[inputs, labels\]/],
    [() => scoreCallback({ validationData: [x, y], scores: ['f1'], every: 2 } as never), /unknown option "every"/],
  ];
  for (const [f, re] of cases) assert.throws(f, (e: unknown) => e instanceof SolhError && re.test(e.message), String(re));
});

test('README: the library snippets are the code the examples run', () => {
  const root = repoRoot();
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const [file, tag] of [['actg175-f1.ts', 'binary'], ['three-class-macro-f1.ts', 'multiclass']]) {
    const src = readFileSync(join(root, 'examples', file), 'utf8');
    const m = new RegExp(`// snippet:${tag}\\n([\\s\\S]*?)\\n\\s*// snippet:end`).exec(src);
    assert.ok(m, `${file} has no snippet:${tag}`);
    const snippet = m[1].split('\n').map((l) => l.slice(2)).join('\n');
    assert.ok(snippet.includes('scoreLoss(') && readme.includes(snippet), `README lacks the ${tag} snippet of ${file}`);
  }
});
