/** Early stopping semantics, best-weight restore, determinism, and no tensor growth across epochs. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../helpers/backend';
import { EarlyStopping } from '../../src/train/early-stopping';
import { createModel } from '../../src/model/model';
import { TRAINING_SECTION } from '../../src/train/settings';
import { defaultsOf } from '../../src/settings-schema';
import { train, predict, SeededTrainingSettings, Examples } from '../../src/train/train';
import { makeLoss, parseLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';

before(async () => {
  await testBackend();
});

test('early stopping: improvement must exceed minDelta; stop after `patience` epochs without one', () => {
  const es = new EarlyStopping(3, 0.1);
  const seq = [1.0, 0.95, 0.85, 0.8, 0.79, 0.7, 0.69, 0.68];
  const got = seq.map((v, i) => es.update(i + 1, v));
  // 0.95 is not 0.1 below 1.0; 0.85 is (wait resets); 0.8 and 0.79 and 0.7 (0.15 below 0.85 → improved).
  assert.deepEqual(got, ['improved', 'wait', 'improved', 'wait', 'wait', 'improved', 'wait', 'wait']);
  assert.equal(es.bestEpoch, 6);
  assert.equal(es.best, 0.7);
  assert.equal(es.update(9, 0.65), 'stop');
});

function toyData(n: number, seed: number): Examples {
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = Float32Array.from({ length: n * 3 }, () => r() * 2 - 1);
  const y = Float32Array.from({ length: n }, (_, i) => (x[3 * i] + x[3 * i + 1] > 0 ? 1 : 0));
  return { x, y, rows: n, width: 3 };
}

// The section's defaults (Adam's constants, and any setting added later), then this test's own.
const settings: SeededTrainingSettings = { ...defaultsOf(TRAINING_SECTION), learningRate: 0.01, batchSize: 16, maxEpochs: 8, patience: 100, minDelta: 0, restoreBest: true, kernel: 'tfjs', seed: 3 };
const modelSettings = { architecture: 'mlp' as const, hidden: [8, 4], dropout: 0.5, init: 'pytorch' as const };

test('TF.js kernel: no tensor leaks across epochs, and the same seed gives the same history', () => {
  const tr = toyData(100, 1);
  const va = toyData(40, 2);
  for (const spec of ['bce', 'solh:uniform', 'soft-set']) {
    const histories: number[][] = [];
    for (let rep = 0; rep < 2; rep++) {
      const loss = makeLoss(parseLoss(spec), parseScore('f1'));
      const model = createModel(3, modelSettings, settings.seed);
      const counts: number[] = [];
      const before = tf.memory().numTensors;
      const r = train(model, loss, tr, va, settings, () => counts.push(tf.memory().numTensors));
      // From epoch 2 on a copy of the best weights is held (made after epoch 1's report): then constant.
      assert.equal(new Set(counts.slice(1)).size, 1, `${spec}: tensors per epoch ${counts}`);
      assert.equal(counts[1], counts[0] + 1, `${spec}: tensors per epoch ${counts}`);
      assert.equal(tf.memory().numTensors, before, `${spec}: tensors left after training`);
      histories.push([...r.trainLoss, ...r.validationLoss]);
      loss.dispose();
    }
    assert.deepEqual(histories[0], histories[1], spec);
  }
});

test('fused kernel: no tensor is made, and the same seed gives the same history and weights', () => {
  const tr = toyData(100, 1);
  const va = toyData(40, 2);
  for (const spec of ['bce', 'solh:uniform', 'soft-set']) {
    const runs: { history: number[]; theta: Float32Array }[] = [];
    for (let rep = 0; rep < 2; rep++) {
      const loss = makeLoss(parseLoss(spec), parseScore('f1'));
      const model = createModel(3, modelSettings, settings.seed);
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      const r = train(model, loss, tr, va, { ...settings, kernel: 'fused' }, () => counts.push(tf.memory().numTensors));
      assert.ok(counts.every((c) => c === before), `${spec}: tensors per epoch ${counts}, ${before} before`);
      runs.push({ history: [...r.trainLoss, ...r.validationLoss], theta: model.theta });
      loss.dispose();
    }
    assert.deepEqual(runs[0], runs[1], spec);
  }
});

for (const kernel of ['tfjs', 'fused', 'fused-js'] as const) {
  test(`${kernel} kernel: the best epoch's weights are restored into the model`, () => {
    const tr = toyData(100, 1);
    const va = toyData(40, 2);
    const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
    const model = createModel(3, modelSettings, 5);
    const r = train(model, loss, tr, va, { ...settings, kernel, learningRate: 0.2, maxEpochs: 15 }, undefined);
    const p = predict(model, va, kernel);
    // BCE of the restored model's probabilities, computed here from its predictions.
    let after = 0;
    for (let i = 0; i < va.rows; i++) after -= (va.y[i] ? Math.log(p[i]) : Math.log(1 - p[i])) / va.rows;
    const best = Math.min(...r.validationLoss);
    assert.ok(r.bestEpoch < r.epochsRun, 'the test needs a run whose best epoch is not its last');
    assert.equal(r.validationLoss[r.bestEpoch - 1], best);
    assert.ok(Math.abs(after - best) < 1e-5, `restored validation loss ${after} vs best ${best}`);
  });
}

test('Adam\'s β1, β2 and ε from the settings reach the optimiser on every kernel: one step equals tf.train.adam with them', () => {
  const tr = toyData(32, 4);
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  // One full-batch step without dropout, so the step is determined by the weights alone.
  const noDropout = { ...modelSettings, dropout: 0 };
  const one = { ...settings, batchSize: 32, maxEpochs: 1, learningRate: 0.05 };
  const stepWith = (kernel: SeededTrainingSettings['kernel'], beta1: number, beta2: number, epsilon: number) => {
    const model = createModel(3, noDropout, 7);
    train(model, loss, tr, tr, { ...one, kernel, beta1, beta2, epsilon });
    return Float64Array.from(model.theta);
  };
  const reference = (beta1: number, beta2: number, epsilon: number) => {
    const model = createModel(3, noDropout, 7);
    const theta = tf.variable(tf.tensor1d(model.theta));
    const x = tf.tensor2d(tr.x, [tr.rows, tr.width]);
    const y = tf.tensor1d(tr.y);
    const opt = tf.train.adam(one.learningRate, beta1, beta2, epsilon);
    opt.minimize(() => tf.losses.sigmoidCrossEntropy(y, model.logits(theta, x)) as tf.Scalar, false, [theta]);
    const w = Float64Array.from(theta.dataSync());
    tf.dispose([theta, x, y]);
    opt.dispose();
    return w;
  };
  const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  for (const kernel of ['tfjs', 'fused', 'fused-js'] as const) {
    // ε large enough to matter against √v̂ ≈ |g| on the first step.
    for (const [b1, b2, eps] of [[0.9, 0.999, 1e-8], [0.5, 0.9, 0.05]]) {
      assert.ok(maxDiff(stepWith(kernel, b1, b2, eps), reference(b1, b2, eps)) < 1e-6, `${kernel}: β1 ${b1}, β2 ${b2}, ε ${eps}`);
    }
    assert.ok(maxDiff(stepWith(kernel, 0.9, 0.999, 1e-8), stepWith(kernel, 0.9, 0.999, 0.05)) > 1e-4, `${kernel}: ε changes the step`);
  }
  loss.dispose();
});
