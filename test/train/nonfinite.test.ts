/**
 * The training loop stops a run whose weights are no longer finite, even when the loss still is
 * (a score loss reads its soft step from a table, so NaN outputs can give a finite loss).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../helpers/backend';
import { createMlp } from '../../src/model/mlp';
import { train, TrainSettings } from '../../src/train/train';
import type { LossFn } from '../../src/losses/loss';

let x: tf.Tensor2D;
let y: tf.Tensor1D;
before(async () => {
  await testBackend();
  x = tf.tensor2d([0, 1, 1, 0, 0.5, 0.5, -1, 2, 2, -1, 0.3, 0.1, -0.2, 0.4, 1, 1], [8, 2]);
  y = tf.tensor1d([0, 1, 0, 1, 1, 0, 1, 0]);
});

/** Mean sigmoid, with NaN outputs counted as 0: finite whatever the weights are. */
const finiteOnNaN: LossFn = (_y, logits) => tf.tidy(() => tf.mean(tf.where(tf.isNaN(logits), tf.zerosLike(logits), tf.sigmoid(logits))) as tf.Scalar);

const settings: TrainSettings = { learningRate: 0.01, batchSize: 4, maxEpochs: 3, patience: 5, minDelta: 0, restoreBest: true, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, kernel: 'tfjs', dropout: 0, hidden: [3], seed: 0 };

for (const bad of [NaN, Infinity]) {
  test(`weights set to ${bad}: failed at epoch 1 with "weights became …", though the loss stays finite`, () => {
    const model = createMlp(2, settings.hidden, 0, 'pytorch');
    for (const v of model.variables) v.assign(tf.fill(v.shape, bad));
    const r = train(model, finiteOnNaN, { x, y }, { x, y }, settings);
    assert.ok(r.trainLoss.every(Number.isFinite) && r.validationLoss.every(Number.isFinite), 'the loss must stay finite for this test to mean anything');
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.failure?.epoch, 1);
    assert.match(r.failure!.reason, /^weights became (NaN|infinite)$/);
    model.dispose();
  });
}

test('finite weights with the same loss train normally (the check does not fire on healthy runs)', () => {
  const model = createMlp(2, settings.hidden, 0, 'pytorch');
  const r = train(model, finiteOnNaN, { x, y }, { x, y }, settings);
  assert.equal(r.status, 'ok');
  assert.equal(r.failure, undefined);
  assert.equal(r.epochsRun, 3);
  model.dispose();
});
