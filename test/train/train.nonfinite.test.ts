/**
 * The training loop stops a run whose weights are no longer finite, even when the loss still is
 * (a score loss reads its soft step from a table, so NaN outputs can give a finite loss).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../helpers/backend';
import { createModel } from '../../src/model/model';
import { TRAINING_SECTION } from '../../src/train/settings';
import { defaultsOf } from '../../src/settings-schema';
import { train, SeededTrainingSettings } from '../../src/train/train';
import type { TrainLoss } from '../../src/train/engine';

before(async () => {
  await testBackend();
});
const set = { x: Float32Array.from([0, 1, 1, 0, 0.5, 0.5, -1, 2, 2, -1, 0.3, 0.1, -0.2, 0.4, 1, 1]), y: Float32Array.from([0, 1, 0, 1, 1, 0, 1, 0]), rows: 8, width: 2 };

/** Mean sigmoid, with NaN outputs counted as 0: finite whatever the weights are (both kernels' forms). */
const finiteOnNaN: TrainLoss = {
  fn: (_y, logits) => tf.tidy(() => tf.mean(tf.where(tf.isNaN(logits), tf.zerosLike(logits), tf.sigmoid(logits))) as tf.Scalar),
  flat: (_y, z, grad) => {
    let s = 0;
    for (let i = 0; i < z.length; i++) {
      const p = 1 / (1 + Math.exp(-z[i]));
      s += Number.isNaN(z[i]) ? 0 : p;
      grad[i] = Number.isNaN(z[i]) ? 0 : (p * (1 - p)) / z.length;
    }
    return s / z.length;
  },
};

// The section's defaults (Adam's constants, and any setting added later), then this test's own.
const settings: SeededTrainingSettings = { ...defaultsOf(TRAINING_SECTION), learningRate: 0.01, batchSize: 4, maxEpochs: 3, patience: 5, minDelta: 0, restoreBest: true, kernel: 'tfjs', seed: 0 };
const modelSettings = { architecture: 'mlp' as const, hidden: [3], dropout: 0, init: 'pytorch' as const };

for (const [bad, kernel] of [NaN, Infinity].flatMap((b) => (['tfjs', 'fused', 'fused-js'] as const).map((k) => [b, k] as const))) {
  test(`${kernel} kernel, weights set to ${bad}: failed at epoch 1 with "weights became …", though the loss stays finite`, () => {
    const model = createModel(2, modelSettings, 0);
    model.theta.fill(bad);
    const r = train(model, finiteOnNaN, set, set, { ...settings, kernel });
    assert.ok(r.trainLoss.every(Number.isFinite) && r.validationLoss.every(Number.isFinite), 'the loss must stay finite for this test to mean anything');
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.failure?.epoch, 1);
    assert.match(r.failure!.reason, /^weights became (NaN|infinite)$/);
  });
}

for (const kernel of ['tfjs', 'fused', 'fused-js'] as const) {
  test(`${kernel} kernel: finite weights with the same loss train normally (the check does not fire on healthy runs)`, () => {
    const model = createModel(2, modelSettings, 0);
    const r = train(model, finiteOnNaN, set, set, { ...settings, kernel });
    assert.equal(r.status, 'ok');
    assert.equal(r.failure, undefined);
    assert.equal(r.epochsRun, 3);
  });
}
