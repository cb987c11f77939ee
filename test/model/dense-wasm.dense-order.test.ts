/**
 * The SIMD dense loops (assembly/dense.ts) fix each output's order of summation, whatever block
 * computes it, so that register blocking never changes a bit: checked against float32 references
 * written here with Math.fround in that order (forward: bias, then p = 0, 1, …; weight gradient:
 * i = 0, 1, …; gradient in the input: four partial sums over j ≡ 0‥3 mod 4, added lane 0 + 1 + 2 + 3,
 * then the j left over), on shapes that reach every block and every edge; and Adam against FlatAdam.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { denseInstance } from '../../src/model/dense-wasm';
import { FlatAdam } from '../../src/train/adam';

const f = Math.fround;
const SHAPES: [number, number, number][] = [[64, 23, 32], [64, 32, 16], [64, 16, 1], [63, 23, 32], [5, 7, 6], [3, 5, 9], [1, 1, 1], [17, 9, 12], [33, 3, 7], [7, 8, 8], [9, 6, 5], [2, 13, 20], [37, 7, 1], [40, 13, 1], [17, 13, 6], [19, 14, 12]];

function forwardRef(th: Float32Array, k: number, n: number, x: Float32Array, rows: number, relu: boolean, mask?: Float32Array): Float32Array {
  const out = new Float32Array(rows * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      let a = th[k * n + j];
      for (let p = 0; p < k; p++) a = f(a + f(x[i * k + p] * th[p * n + j]));
      if (relu && a < 0) a = 0;
      out[i * n + j] = mask ? f(a * mask[i * n + j]) : a;
    }
  }
  return out;
}

function gradientsRef(k: number, n: number, x: Float32Array, d: Float32Array, rows: number): Float32Array {
  const g = new Float32Array(k * n + n);
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) {
      let a = 0;
      for (let i = 0; i < rows; i++) a = f(a + f(x[i * k + p] * d[i * n + j]));
      g[p * n + j] = a;
    }
  }
  for (let j = 0; j < n; j++) {
    let a = 0;
    for (let i = 0; i < rows; i++) a = f(a + d[i * n + j]);
    g[k * n + j] = a;
  }
  return g;
}

function backInputRef(th: Float32Array, k: number, n: number, d: Float32Array, rows: number, h: Float32Array, mask?: Float32Array): Float32Array {
  const din = new Float32Array(rows * k);
  const n4 = n - (n % 4);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < k; p++) {
      const lane = [0, 0, 0, 0];
      for (let j = 0; j < n4; j++) lane[j % 4] = f(lane[j % 4] + f(d[i * n + j] * th[p * n + j]));
      let s = f(f(f(lane[0] + lane[1]) + lane[2]) + lane[3]);
      for (let j = n4; j < n; j++) s = f(s + f(d[i * n + j] * th[p * n + j]));
      const o = i * k + p;
      din[o] = h[o] > 0 ? (mask ? f(s * mask[o]) : s) : 0;
    }
  }
  return din;
}

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

test('SIMD dense loops: the float32 bits of a fixed order of summation, on every block and edge', () => {
  const ex = denseInstance();
  ex.memory.grow(64);
  const mem = () => new Float32Array(ex.memory.buffer);
  const rng = seedrandom('dense-order');
  const r = () => 2 * rng() - 1;
  // Regions (byte addresses), far enough apart for the largest shape.
  const TH = 16, X = 1 << 16, D = 2 << 16, H = 3 << 16, M = 4 << 16, OUT = 5 << 16, WT = 6 << 16;
  for (const [rows, k, n] of SHAPES) {
    const th = Float32Array.from({ length: k * n + n }, r);
    const x = Float32Array.from({ length: rows * k }, r);
    const d = Float32Array.from({ length: rows * n }, r);
    const h = Float32Array.from({ length: rows * k }, r);
    const maskOut = Float32Array.from({ length: rows * n }, () => (rng() < 0.5 ? 0 : 2));
    const maskIn = Float32Array.from({ length: rows * k }, () => (rng() < 0.5 ? 0 : 2));
    const at = `rows ${rows}, k ${k}, n ${n}`;
    for (const [relu, mask] of [[true, maskOut], [false, undefined], [true, undefined]] as const) {
      const m = mem();
      m.set(th, TH / 4); m.set(x, X / 4); m.set(maskOut, M / 4);
      ex.denseForward(TH, 0, k * n, X, rows, k, n, OUT, relu ? 1 : 0, mask ? M : 0);
      assert.deepEqual(bits(mem().slice(OUT / 4, OUT / 4 + rows * n)), bits(forwardRef(th, k, n, x, rows, relu, mask)), `forward, ${at}, relu ${relu}, mask ${!!mask}`);
    }
    mem().set(d, D / 4);
    ex.denseGradients(OUT, 0, k * n, X, D, rows, k, n);
    assert.deepEqual(bits(mem().slice(OUT / 4, OUT / 4 + k * n + n)), bits(gradientsRef(k, n, x, d, rows)), `gradients, ${at}`);
    for (const mask of [maskIn, undefined]) {
      const m = mem();
      m.set(h, H / 4); m.set(maskIn, M / 4);
      ex.denseBackInput(TH, 0, D, rows, k, n, H, mask ? M : 0, OUT, WT);
      assert.deepEqual(bits(mem().slice(OUT / 4, OUT / 4 + rows * k)), bits(backInputRef(th, k, n, d, rows, h, mask)), `input gradient, ${at}, mask ${!!mask}`);
    }
  }
});

test('Adam in WebAssembly: the bits of FlatAdam over 400 steps (odd length: the two-lane loop and its tail; past the step where 1 − β1ᵗ rounds to 1 and the wasm loop leaves out that division)', () => {
  const ex = denseInstance();
  const rng = seedrandom('adam');
  const size = 1313;
  const s = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const theta = Float32Array.from({ length: size }, () => 2 * rng() - 1);
  const ref = new FlatAdam(size, s);
  const refTheta = Float32Array.from(theta);
  const TH = 16, GR = TH + 4 * 2048, MO = GR + 4 * 2048, VE = MO + 4 * 2048;
  ex.memory.grow(1);
  new Float32Array(ex.memory.buffer).set(theta, TH / 4);
  let acc1 = f(s.beta1);
  let acc2 = f(s.beta2);
  let unbiasedSteps = 0;
  for (let t = 0; t < 400; t++) {
    if (1 - acc1 === 1) unbiasedSteps++;
    const grad = Float32Array.from({ length: size }, () => (rng() - 0.5) * 10 ** (4 * rng() - 3));
    ref.step(refTheta, grad);
    new Float32Array(ex.memory.buffer).set(grad, GR / 4);
    ex.adam(TH, GR, MO, VE, size, s.beta1, s.beta2, 1 - s.beta1, 1 - s.beta2, s.learningRate, 1 - acc1, 1 - acc2, s.epsilon);
    acc1 = f(acc1 * f(s.beta1));
    acc2 = f(acc2 * f(s.beta2));
  }
  assert.ok(unbiasedSteps > 0 && unbiasedSteps < 400, `steps with 1 − β1ᵗ = 1: ${unbiasedSteps}`);
  assert.deepEqual(bits(new Float32Array(ex.memory.buffer).slice(TH / 4, TH / 4 + size)), bits(refTheta));
});
