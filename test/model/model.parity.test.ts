/**
 * The fused training step is the TF.js model's mathematics: for random weights, batches and
 * dropout masks, and a loss of every family, the flat passes' gradient equals tf.grad of the TF.js
 * graph (with the score losses also in their composed-ops form, autodiff all the way), and one
 * FlatAdam step equals tf.train.adam's with the same constants.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { testBackend } from '../helpers/backend';
import { createModel, Model, DenseLoops } from '../../src/model/model';
import { makeLoss, parseLoss, LossOpForm } from 'solh-losses';
import { parseScore } from 'solh-losses';

before(async () => {
  await testBackend();
});

const LOSSES = ['bce', 'soft-set', 'soft-set:0.3', 'sol:cosine(0.5,0.3)', 'sol:uniform', 'solh:cosine(0.5,0.1)', 'solh:beta(2,3)', 'solh:point(0.4)', 'sigmoid(12):uniform', 'sigmoid(8):cosine(0.5,0.5)'];
const SHAPES: { hidden: number[]; dropout: number }[] = [
  { hidden: [32, 16], dropout: 0.5 },
  { hidden: [7, 5, 6], dropout: 0.3 }, // widths not multiples of 4; the threshold draw
  { hidden: [9], dropout: 0 },
  { hidden: [], dropout: 0 }, // logistic regression
];

function gaussians(n: number, rng: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
}

/** ‖a − b‖ / ‖b‖. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}

/** The gradient of the loss in the flat weights, from tf.grad of the TF.js graph. */
function tfGradient(model: Model, fn: (y: tf.Tensor, z: tf.Tensor) => tf.Scalar, x: Float32Array, y: Float32Array, rows: number, masks: Float32Array[] | undefined): Float32Array {
  return tf.tidy(() => {
    const xt = tf.tensor2d(x, [rows, model.inputDim]);
    const yt = tf.tensor1d(y);
    const mt = masks?.map((m) => tf.tensor2d(m, [rows, m.length / rows]));
    const g = tf.grad((theta: tf.Tensor) => fn(yt, model.logits(theta as tf.Tensor1D, xt, mt)))(tf.tensor1d(model.theta));
    return g.dataSync() as Float32Array;
  });
}

function flatGradient(loops: DenseLoops, model: Model, flat: (y: ArrayLike<number>, z: Float32Array, g: Float32Array) => number, x: Float32Array, y: Float32Array, rows: number, masks: Float32Array[] | undefined): Float32Array {
  const passes = model.flatPasses(loops);
  const z = new Float32Array(rows);
  const dz = new Float32Array(rows);
  const grad = new Float32Array(model.theta.length).fill(NaN); // every entry must be written
  passes.forward(model.theta, x, rows, masks, z);
  flat(y, z, dz);
  passes.backward(model.theta, dz, grad);
  return grad;
}

// The worst error over the cases that ran, reported once they are done (each case asserts its own bound).
const worst: Record<'simd' | 'js', number> = { simd: 0, js: 0 };
after(() => {
  for (const loops of ['simd', 'js'] as const) {
    if (worst[loops] > 0) console.log(`worst gradient relative error (fused ${loops} loops vs tf.grad): ${worst[loops].toExponential(2)}`);
  }
});
for (const [shape, loops] of SHAPES.flatMap((s) => (['simd', 'js'] as const).map((l) => [s, l] as const))) {
  test(`gradients: flat passes (${loops} loops) = tf.grad of the TF.js model, hidden [${shape.hidden}] dropout ${shape.dropout}, every loss family`, () => {
    const inputDim = 11;
    for (const [trial, rows] of [[0, 64], [1, 37]] as const) {
      const rng = seedrandom(`parity:${shape.hidden}:${trial}`);
      const model = createModel(inputDim, { architecture: 'mlp', hidden: shape.hidden, dropout: shape.dropout, init: 'pytorch' }, 100 + trial);
      // Random weights, larger than the initial ones, so that outputs spread over (0, 1).
      model.theta.set(gaussians(model.theta.length, rng, 0.6));
      const x = gaussians(rows * inputDim, rng);
      const y = Float32Array.from({ length: rows }, () => (rng() < 0.4 ? 1 : 0));
      const masks = model.dropout(rows);
      if (shape.dropout > 0) assert.ok(masks && masks.some((m) => m.includes(0)), 'masks must drop some units');
      for (const spec of LOSSES) {
        for (const kernel of ['fused', 'ops'] as LossOpForm[]) {
          if (spec === 'bce' && kernel === 'ops') continue;
          const loss = makeLoss(parseLoss(spec), parseScore(trial ? 'f1' : 'accuracy'), kernel);
          const expected = tfGradient(model, loss.fn, x, y, rows, masks);
          const got = flatGradient(loops, model, loss.flat, x, y, rows, masks);
          loss.dispose();
          assert.ok(got.every(Number.isFinite), `${spec}: non-finite gradient entries`);
          assert.ok(Math.hypot(...expected) > 1e-6, `${spec}: the gradient must not vanish for the comparison to mean anything`);
          const err = relativeError(got, expected);
          worst[loops] = Math.max(worst[loops], err);
          assert.ok(err <= 1e-5, `${spec} (${kernel} TF.js loss), rows ${rows}: relative error ${err}`);
        }
      }
    }
  });
}


test('the loss values agree too: flat loss vs the TF.js loss on the same logits', () => {
  const rng = seedrandom('loss-values');
  const z = gaussians(50, rng, 2);
  const y = Float32Array.from({ length: 50 }, () => (rng() < 0.5 ? 1 : 0));
  for (const spec of LOSSES) {
    const loss = makeLoss(parseLoss(spec), parseScore('f1'), 'ops');
    const expected = tf.tidy(() => loss.fn(tf.tensor1d(y), tf.tensor1d(z)).dataSync()[0]);
    const got = loss.flat(y, z, new Float32Array(50));
    loss.dispose();
    assert.ok(Math.abs(got - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${spec}: ${got} vs ${expected}`);
  }
});
