/** Early stopping semantics, best-weight restore, determinism, and no tensor growth across epochs. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../helpers/backend';
import { EarlyStopping } from '../../src/train/early-stopping';
import { createMlp } from '../../src/model/mlp';
import { train, TrainSettings } from '../../src/train/train';
import { makeLoss, parseLoss } from '../../src/losses/loss';
import { parseScore } from '../../src/losses/scores';

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

function toyData(n: number, seed: number) {
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = Array.from({ length: n * 3 }, () => r() * 2 - 1);
  const y = Array.from({ length: n }, (_, i) => (x[3 * i] + x[3 * i + 1] > 0 ? 1 : 0));
  return { x: tf.tensor2d(x, [n, 3]), y: tf.tensor1d(y) };
}

const settings: TrainSettings = { learningRate: 0.01, batchSize: 16, maxEpochs: 8, patience: 100, minDelta: 0, restoreBest: true, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, kernel: 'tfjs', dropout: 0.5, hidden: [8, 4], seed: 3 };

test('no tensor leaks across epochs, and the same seed gives the same history', () => {
  const tr = toyData(100, 1);
  const va = toyData(40, 2);
  for (const spec of ['bce', 'solh:uniform', 'soft-set']) {
    const histories: number[][] = [];
    for (let rep = 0; rep < 2; rep++) {
      const loss = makeLoss(parseLoss(spec), parseScore('f1'));
      const model = createMlp(3, settings.hidden, settings.seed, 'pytorch');
      const counts: number[] = [];
      const r = train(model, loss.fn, tr, va, settings, () => counts.push(tf.memory().numTensors));
      // From epoch 2 on a copy of the best weights is held (made after epoch 1's report): then constant.
      assert.equal(new Set(counts.slice(1)).size, 1, `${spec}: tensors per epoch ${counts}`);
      assert.equal(counts[1], counts[0] + 1, `${spec}: tensors per epoch ${counts}`);
      histories.push([...r.trainLoss, ...r.validationLoss]);
      model.dispose();
      loss.dispose();
    }
    assert.deepEqual(histories[0], histories[1], spec);
  }
});

test('the best epoch\'s weights are restored', () => {
  const tr = toyData(100, 1);
  const va = toyData(40, 2);
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  const model = createMlp(3, settings.hidden, 5, 'pytorch');
  const r = train(model, loss.fn, tr, va, { ...settings, learningRate: 0.2, maxEpochs: 15 }, undefined);
  const after = tf.tidy(() => loss.fn(va.y, model.logits(va.x)).dataSync()[0]);
  const best = Math.min(...r.validationLoss);
  assert.equal(r.validationLoss[r.bestEpoch - 1], best);
  assert.ok(Math.abs(after - best) < 1e-6, `restored validation loss ${after} vs best ${best}`);
});

test('Adam\'s β1, β2 and ε from the settings reach the optimiser: one step equals tf.train.adam with them', () => {
  const tr = toyData(32, 4);
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  // One full-batch step without dropout, so the step is determined by the weights alone.
  const one = { ...settings, dropout: 0, batchSize: 32, maxEpochs: 1, learningRate: 0.05 };
  const stepWith = (b1: number, b2: number, eps: number) => {
    const model = createMlp(3, one.hidden, 7, 'pytorch');
    train(model, loss.fn, tr, tr, { ...one, beta1: b1, beta2: b2, epsilon: eps });
    const w = Float64Array.from(model.variables[0].dataSync());
    model.dispose();
    return w;
  };
  const reference = (b1: number, b2: number, eps: number) => {
    const model = createMlp(3, one.hidden, 7, 'pytorch');
    const opt = tf.train.adam(one.learningRate, b1, b2, eps);
    opt.minimize(() => loss.fn(tr.y, model.logits(tr.x)), false, model.variables);
    const w = Float64Array.from(model.variables[0].dataSync());
    opt.dispose();
    model.dispose();
    return w;
  };
  const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  // ε large enough to matter against √v̂ ≈ |g| on the first step.
  for (const [b1, b2, eps] of [[0.9, 0.999, 1e-8], [0.5, 0.9, 0.05]]) {
    assert.ok(maxDiff(stepWith(b1, b2, eps), reference(b1, b2, eps)) < 1e-6, `β1 ${b1}, β2 ${b2}, ε ${eps}`);
  }
  assert.ok(maxDiff(stepWith(0.9, 0.999, 1e-8), stepWith(0.9, 0.999, 0.05)) > 1e-4, 'ε changes the step');
  loss.dispose();
});
