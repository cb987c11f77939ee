/** FlatAdam, the fused step's optimiser, against tf.train.adam with the same constants. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { testBackend } from '../helpers/backend';
import { FlatAdam } from '../../src/train/adam';

before(async () => {
  await testBackend();
});

function gaussians(n: number, rng: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
}

test('Adam: three FlatAdam steps = three tf.train.adam steps with the same constants (to float32 rounding)', () => {
  const rng = seedrandom('adam');
  const n = 500;
  for (const c of [{ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, { learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 }]) {
    const theta0 = gaussians(n, rng);
    const grads = [0, 1, 2].map(() => gaussians(n, rng, 0.01));
    const ours = Float32Array.from(theta0);
    const adam = new FlatAdam(n, c);
    grads.forEach((g) => adam.step(ours, g));
    const v = tf.variable(tf.tensor1d(theta0));
    const opt = tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon);
    for (const g of grads) tf.tidy(() => opt.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]));
    const theirs = v.dataSync();
    opt.dispose();
    v.dispose();
    // Each step moves a weight by up to lr; the two must agree to a few float32 ulps of the weight
    // (before or after, whichever is larger: a weight crossing 0 has tiny ulps at the end).
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(theirs[i]), Math.abs(theta0[i])))) - 23);
      assert.ok(Math.abs(ours[i] - theirs[i]) <= 4 * ulp, `weight ${i}: ${ours[i]} vs ${theirs[i]} (moved ${theirs[i] - theta0[i]})`);
      moved += Math.abs(theirs[i] - theta0[i]) / n;
    }
    assert.ok(moved > c.learningRate, `weights moved ${moved} on average: too little for the test to mean anything`);
  }
});
