/**
 * The fused training step is the TF.js model's mathematics: for random weights, batches and
 * dropout masks, and a loss of every family, the kernel's gradient equals tf.grad of the TF.js
 * graph (with the score losses also in their composed-ops form, autodiff all the way), and one
 * FlatAdam step equals tf.train.adam's with the same constants.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { testBackend } from '../helpers/backend';
import { createModel, Model, KernelLoops } from '../../src/model/model';
import { makeLoss, parseLoss, LossKernel } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { FlatAdam } from '../../src/train/adam';
import { dropoutStream, xoshiro128ss } from '../../src/model/dropout';

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

function kernelGradient(loops: KernelLoops, model: Model, flat: (y: ArrayLike<number>, z: Float32Array, g: Float32Array) => number, x: Float32Array, y: Float32Array, rows: number, masks: Float32Array[] | undefined): Float32Array {
  const kernel = model.kernel(loops);
  const z = new Float32Array(rows);
  const dz = new Float32Array(rows);
  const grad = new Float32Array(model.theta.length).fill(NaN); // every entry must be written
  kernel.forward(model.theta, x, rows, masks, z);
  flat(y, z, dz);
  kernel.backward(model.theta, dz, grad);
  return grad;
}

const worst: Record<'simd' | 'js', number> = { simd: 0, js: 0 };
for (const [shape, loops] of SHAPES.flatMap((s) => (['simd', 'js'] as const).map((l) => [s, l] as const))) {
  test(`gradients: fused kernel (${loops} loops) = tf.grad of the TF.js model, hidden [${shape.hidden}] dropout ${shape.dropout}, every loss family`, () => {
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
        for (const kernel of ['fused', 'ops'] as LossKernel[]) {
          if (spec === 'bce' && kernel === 'ops') continue;
          const loss = makeLoss(parseLoss(spec), parseScore(trial ? 'f1' : 'accuracy'), kernel);
          const expected = tfGradient(model, loss.fn, x, y, rows, masks);
          const got = kernelGradient(loops, model, loss.flat, x, y, rows, masks);
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

test('gradients: the worst relative error over all cases is reported', () => {
  for (const loops of ['simd', 'js'] as const) {
    assert.ok(worst[loops] > 0 && worst[loops] <= 1e-5, `${loops}: worst ${worst[loops]}`);
    console.log(`worst gradient relative error (fused ${loops} loops vs tf.grad): ${worst[loops].toExponential(2)}`);
  }
});

test('the loss values agree too: flat kernel vs the TF.js loss on the same logits', () => {
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

test('dropout masks: 0 or 1/keep, keep rate near 1 − rate, the same stream for the same seed, new masks on each call', () => {
  const copy = (ms: Float32Array[]) => ms.map((m) => m.slice()); // the stream reuses its arrays
  for (const rate of [0.5, 0.3, 0.8]) {
    const a = dropoutStream([32, 16], rate, 7);
    const b = dropoutStream([32, 16], rate, 7);
    const m1 = copy(a(500)!);
    assert.deepEqual(m1, copy(b(500)!));
    const m2 = copy(a(500)!);
    assert.notDeepEqual(m1, m2);
    const scale = Math.fround(1 / (1 - rate));
    const all = m1.flatMap((m) => Array.from(m));
    assert.ok(all.every((v) => v === 0 || v === scale));
    const kept = all.filter((v) => v !== 0).length / all.length;
    assert.ok(Math.abs(kept - (1 - rate)) < 0.01, `rate ${rate}: kept ${kept}`);
  }
  // A smaller batch (the last of an epoch) continues the same stream.
  const c = dropoutStream([3], 0.5, 1);
  const d = dropoutStream([3], 0.5, 1);
  const seq = [...copy(c(40)!), ...copy(c(7)!), ...copy(c(40)!)];
  assert.deepEqual(seq.map((m) => m.length), [120, 21, 120]);
  const e = copy(d(40)!);
  assert.deepEqual(seq[0], e[0]);
  assert.equal(dropoutStream([4], 0, 1)(10), undefined);
});

test('xoshiro128** matches a BigInt transcription of the reference C code', () => {
  const M = (1n << 32n) - 1n;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const reference = (s: bigint[]) => () => {
    const result = (rotl((s[1] * 5n) & M, 7n) * 9n) & M;
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
    return Number(result);
  };
  for (const state of [[1, 2, 3, 4], [0x9e3779b9, 0xdeadbeef, 0x7f4a7c15, 0x12345678]] as [number, number, number, number][]) {
    const ours = xoshiro128ss(state);
    const ref = reference(state.map(BigInt));
    const a = Array.from({ length: 1000 }, ours);
    assert.deepEqual(a, Array.from({ length: 1000 }, ref));
    if (state[0] === 1) assert.equal(a[0], 11520); // rotl(2·5, 7)·9, by hand
  }
});
