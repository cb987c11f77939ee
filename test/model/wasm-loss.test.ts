/**
 * The flat losses computed in the lock-step WebAssembly instance (src/model/wasm-loss.ts,
 * assembly/loss.ts with V8's exp and log1p in assembly/libm.ts) give the bits of the JavaScript
 * flat losses: the loss value and every gradient element, for binary cross-entropy and the score
 * losses over tables and at point masses, for several scores, on logits from near 0 to ±1e30 and
 * ±Infinity, signed zeros and NaN, with batches of 64 and a short last batch, and on a validation
 * set larger than a batch; a loss with no WebAssembly form (the sigmoid step at a point mass) is
 * called as it is. Every registered score's program (score-program.ts, run by assembly/score.ts)
 * gives the value and gradient of the score on dual numbers in JavaScript. A stack reusing a
 * released instance computes as a new one. Where V8's exp differs from the instance's, the stack
 * computes every loss in JavaScript.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { dualArith, dualCounts, makeLoss, parseLoss, parseScore, scoreProgram, SCORES } from 'solh-losses';
import { WasmStack } from '../../src/model/wasm-stack';
import { inWasm, programFloats } from '../../src/model/wasm-loss';
import { denseInstance } from '../../src/model/dense-wasm';

const LAYERS = [{ wo: 0, bo: 40, k: 10, n: 4 }, { wo: 44, bo: 48, k: 4, n: 1 }];
const PARAMETERS = 49;

/** Equal as float64 bits, NaN equal to NaN. */
function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}
function sameFloats(a: Float32Array, b: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!sameNumber(a[i], b[i])) return i;
  return -1;
}

const SPECIAL = [0, -0, 1e-8, -1e-8, 0.5, -0.5, 1, -1, 20, -20, 36.7, -36.7, 88, -88, 104, -104, 750, -750, 1e30, -1e30, Infinity, -Infinity, NaN];

function logits(rng: () => number, rows: number, batch: number): Float32Array {
  const scale = [0.01, 0.3, 3, 30][batch % 4];
  return Float32Array.from({ length: rows }, (_, i) => (batch % 5 === 4 && i < SPECIAL.length ? SPECIAL[i] : scale * (rng() + rng() + rng() - 1.5)));
}

test('losses in WebAssembly = the JavaScript flat losses, bit for bit, value and gradient', () => {
  const specs: [string, string][] = [
    ['bce', 'f1'],
    ['soft-set', 'f1'],
    ['soft-set:0.3', 'accuracy'],
    ['solh:point(0.7)', 'mcc'],
    ['sol:uniform', 'accuracy'],
    ['sol:cosine(0.5,0.3)', 'f1'],
    ['solh:uniform', 'mcc'],
    ['solh:cosine(0.5,0.1)', 'fbeta(2)'],
    ['solh:beta(2,5)', 'balanced-accuracy'],
    ['sigmoid(10):uniform', 'gmean'],
    ['sigmoid(10):point(0.4)', 'f1'],
  ];
  const losses = specs.map(([spec, score]) => makeLoss(parseLoss(spec), parseScore(score), 'fused', 12).flat);
  assert.deepEqual(losses.map((l) => inWasm(l)), specs.map(([spec]) => spec !== 'sigmoid(10):point(0.4)'), 'which losses are computed in WebAssembly');
  const rows = 200;
  const x = new Float32Array(rows * 10);
  const rng = seedrandom('wasm-loss');
  const y = Float32Array.from({ length: rows }, () => (rng() < 0.3 ? 1 : 0));
  const stack = new WasmStack(LAYERS, PARAMETERS, losses, { train: { x, y, rows }, validation: { x, y, rows }, width: 10, batchSize: 64 });
  try {
    let compared = 0;
    for (let batch = 0; batch < 400; batch++) {
      const size = batch % 7 === 6 ? 1 + (batch % 50) : 64;
      const idx = Int32Array.from({ length: size }, () => Math.floor(rng() * rows));
      stack.setBatch(idx, undefined);
      const yb = Float32Array.from(idx, (r) => y[r]);
      losses.forEach((loss, m) => {
        const z = logits(rng, size, batch);
        stack.logits(m).set(z);
        const value = stack.batchLoss(m);
        const grad = new Float32Array(size);
        const expected = loss(yb, z, grad);
        assert.ok(sameNumber(value, expected), `${specs[m].join(' for ')}, batch ${batch}: loss ${value} ≠ ${expected}`);
        const at = sameFloats(stack.logitGradient(m), grad);
        assert.equal(at, -1, `${specs[m].join(' for ')}, batch ${batch}: gradient element ${at} (logit ${z[at]}) differs`);
        if (batch % 40 === 0) {
          // The validation loss: every validation row (more than a batch) in one call.
          const zv = logits(rng, rows, batch + 4);
          stack.validationLogits(m).set(zv);
          const expectedValidation = loss(y, zv, new Float32Array(rows));
          assert.ok(sameNumber(stack.validationLoss(m), expectedValidation), `${specs[m].join(' for ')}: validation loss`);
        }
        compared++;
      });
    }
    assert.equal(compared, 400 * specs.length);
  } finally {
    stack.release();
  }
});

test("every score's program gives the bits of the score on dual numbers in JavaScript", () => {
  const scores = [...SCORES.values()].flatMap((d) => (d.arity ? ['0.5', '1', '2', '1.3'].map((b) => `${d.name}(${b})`) : [d.name])).map(parseScore);
  const ex = denseInstance();
  const rng = seedrandom('score-programs');
  // Soft counts of a batch, and the edges: empty classes, zero denominators, all right or all wrong, NaN and ±Infinity.
  const tallies: [number, number, number, number][] = [
    [0, 0, 0, 64], [0, 0, 64, 64], [0, 64, 0, 64], [64, 0, 64, 64], [0, 0, 0, 0], [3, 0, 3, 3], [0, 3, 0, 3],
    [NaN, 1, 2, 64], [1, NaN, 2, 64], [Infinity, 1, 2, 64], [1e-300, 1e-300, 2e-300, 64], [1e300, 1e300, 1e300, 3e300], [-0, -0, 0, 64],
  ];
  for (let i = 0; i < 2000; i++) {
    const rows = i % 10 === 0 ? 1 + Math.floor(rng() * 5) : 64;
    const positives = Math.floor(rng() * (rows + 1));
    const tp = rng() < 0.1 ? positives : rng() * positives;
    const fp = rng() < 0.1 ? 0 : rng() * (rows - positives);
    tallies.push([tp, fp, positives, rows]);
  }
  for (const score of scores) {
    const program = scoreProgram(score);
    const at = ex.memory.buffer.byteLength;
    ex.memory.grow(Math.ceil((4 * programFloats(program) + 16) / 65536));
    new Float64Array(ex.memory.buffer, at, program.code.length).set(program.code);
    const g = new Float64Array(ex.memory.buffer, at + 4 * programFloats(program), 2);
    for (const [tp, fp, positives, rows] of tallies) {
      const loss = ex.binaryScoreLoss(at, program.instructions, program.result, program.best, tp, fp, positives, rows, g.byteOffset);
      // As the JavaScript loss scores one class (averagedLoss in one-vs-rest.ts): weight 1.
      const s = score.compute(dualCounts({ tp, fn: positives - tp, fp, tn: rows - positives - fp }), dualArith);
      const [dTp, dFn, dFp, dTn] = s.d;
      const where = `${score.spec} of TP ${tp}, FP ${fp}, ${positives} positives, ${rows} rows`;
      assert.ok(sameNumber(loss, 0 + 1 * (score.definition.best - s.v)), `${where}: loss ${loss}, score ${s.v}`);
      assert.ok(sameNumber(g[0], -1 * (dTp - dFn)) && sameNumber(g[1], -1 * (dFp - dTn)), `${where}: gradient ${g[0]}, ${g[1]} ≠ ${-(dTp - dFn)}, ${-(dFp - dTn)}`);
    }
  }
});

test('a released instance, reused with its tables, gives the losses of a new one', () => {
  const rows = 100;
  const rng = seedrandom('reuse');
  const x = Float32Array.from({ length: rows * 10 }, () => rng() - 0.5);
  const y = Float32Array.from({ length: rows }, () => (rng() < 0.4 ? 1 : 0));
  const sets = { train: { x, y, rows }, validation: { x, y, rows }, width: 10, batchSize: 64 };
  // Tables no other test of this file reads, so that the second stack packs a new one over the first's regions.
  const first = [makeLoss(parseLoss('sol:cosine(0.5,0.2)'), parseScore('f1'), 'fused', 12).flat];
  const second = [makeLoss(parseLoss('solh:cosine(0.5,0.2)'), parseScore('f1'), 'fused', 12).flat, first[0], makeLoss(parseLoss('bce'), parseScore('f1')).flat];
  const lossesOf = (stack: WasmStack, count: number) => {
    const idx = Int32Array.from({ length: 64 }, (_, i) => (i * 7) % rows);
    stack.setBatch(idx, undefined);
    const out: number[] = [];
    for (let m = 0; m < count; m++) {
      stack.theta(m).set(Float32Array.from({ length: PARAMETERS }, (_, i) => Math.sin(i + m)));
      stack.forward(m);
      out.push(stack.batchLoss(m));
      stack.validate(m);
      out.push(stack.validationLoss(m));
      // Adam's moments start at zero in a reused memory too.
      stack.backwardAdam(m, { beta1: 0.9, beta2: 0.999, learningRate: 0.01, epsilon: 1e-7 }, 0.1, 0.001);
      out.push(...stack.theta(m));
    }
    return out;
  };
  const a = new WasmStack(LAYERS, PARAMETERS, first, sets);
  lossesOf(a, 1);
  a.release();
  const reused = new WasmStack(LAYERS, PARAMETERS, second, sets);
  const fresh = new WasmStack(LAYERS, PARAMETERS, second, sets); // the pool is empty: a new instance
  assert.deepEqual(lossesOf(reused, 3), lossesOf(fresh, 3));
  reused.release();
  fresh.release();
  assert.throws(() => fresh.release(), /released already/, 'a second release would hand one memory to two stacks');
});

test("where V8's exp differs from the instance's (as a V8 built with fused multiply-adds could), every loss of the stack is computed in JavaScript", () => {
  const specs: [string, string][] = [['bce', 'f1'], ['solh:uniform', 'mcc'], ['soft-set', 'f1']];
  const losses = specs.map(([spec, score]) => makeLoss(parseLoss(spec), parseScore(score), 'fused', 12).flat);
  const rows = 64;
  const rng = seedrandom('fallback');
  const x = new Float32Array(rows * 10);
  const y = Float32Array.from({ length: rows }, () => (rng() < 0.3 ? 1 : 0));
  const exp = Math.exp;
  // Every e^x moved by a relative 1e-9: the probe's BCE then differs from the instance's.
  const moved = (v: number) => {
    const e = exp(v);
    return Number.isFinite(e) && e > 0 ? e * (1 + 1e-9) : e;
  };
  Math.exp = moved;
  try {
    const stack = new WasmStack(LAYERS, PARAMETERS, losses, { train: { x, y, rows }, validation: { x, y, rows }, width: 10, batchSize: 64 });
    try {
      stack.setBatch(Int32Array.from({ length: rows }, (_, i) => i), undefined);
      let differs = 0;
      losses.forEach((loss, m) => {
        const z = logits(rng, rows, 2);
        stack.logits(m).set(z);
        const value = stack.batchLoss(m);
        const grad = new Float32Array(rows);
        assert.ok(sameNumber(value, loss(y, z, grad)), `${specs[m].join(' for ')}: the JavaScript loss (with this exp) was not the one called`);
        assert.equal(sameFloats(stack.logitGradient(m), grad), -1);
        Math.exp = exp;
        if (!sameNumber(loss(y, z, new Float32Array(rows)), value)) differs++;
        Math.exp = moved;
      });
      assert.ok(differs > 0, 'the moved exp changed no loss: this test would not see the instance computing them');
    } finally {
      stack.release();
    }
  } finally {
    Math.exp = exp;
  }
});
