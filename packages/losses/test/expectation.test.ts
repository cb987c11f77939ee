/**
 * The expected soft step E(p) and dE/dp of the production tensor op, against the independent
 * float64 reference of test/reference (adaptive Gauss–Kronrod, written apart from src/).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_TABLE } from '../../../test/reference/method-table';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../../../test/helpers/backend';
import { expectedStep, cachedTable } from 'solh-losses';
import { exactStep, linearStep, sigmoidStep, SoftStep } from 'solh-losses';
import { beta, raisedCosine, uniform, pointMass, customDistribution, ContinuousDistribution } from 'solh-losses';
import { parseLoss } from 'solh-losses';
import { softStepCurve } from 'solh-losses';
import { referenceExpectation, uniformRef, cosineRef, betaRef, RefDistribution, linearStep as refLinear, linearStepSlope as refLinearSlope, StepKind } from '../../../test/reference/solh-reference';

before(async () => {
  await testBackend();
});

interface Case {
  name: string;
  step: SoftStep;
  refStep: StepKind;
  opts: { delta?: number; k?: number };
  dist: ContinuousDistribution;
  ref: RefDistribution;
}

const DELTA = 0.1;
const CASES: Case[] = [];
const dists: [ContinuousDistribution, RefDistribution][] = [
  [uniform(), uniformRef()],
  [raisedCosine(0.5, 0.1), cosineRef(0.5, 0.1)],
  [raisedCosine(0.5, 0.3), cosineRef(0.5, 0.3)],
  [raisedCosine(0.5, 0.5), cosineRef(0.5, 0.5)],
  [raisedCosine(0.3, 0.2), cosineRef(0.3, 0.2)],
  [beta(2, 5), betaRef(2, 5)],
  [beta(2, 2), betaRef(2, 2)],
];
for (const [dist, ref] of dists) {
  CASES.push({ name: `linear(${DELTA}) × ${dist.spec}`, step: linearStep(DELTA), refStep: 'linear', opts: { delta: DELTA }, dist, ref });
  CASES.push({ name: `exact × ${dist.spec}`, step: exactStep, refStep: 'exact', opts: {}, dist, ref });
}
// A distribution given in code by its density and CDF: the triangle on [0, 1] with its peak at 0.5.
const triPdf = (x: number) => (x <= 0 || x >= 1 ? 0 : x < 0.5 ? 4 * x : 4 * (1 - x));
const triCdf = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x < 0.5 ? 2 * x * x : 1 - 2 * (1 - x) * (1 - x));
const triangle = customDistribution({ spec: 'triangle', pdf: triPdf, cdf: triCdf, breakpoints: [0.5], symmetricAboutHalf: true });
const triangleRef: RefDistribution = { pdf: triPdf, cdf: triCdf, support: [0, 1], breakpoints: [0.5] };
CASES.push({ name: 'linear(0.1) × custom triangle', step: linearStep(DELTA), refStep: 'linear', opts: { delta: DELTA }, dist: triangle, ref: triangleRef });
CASES.push({ name: 'linear(0.3) × cosine(0.5,0.3)', step: linearStep(0.3), refStep: 'linear', opts: { delta: 0.3 }, dist: raisedCosine(0.5, 0.3), ref: cosineRef(0.5, 0.3) });
CASES.push({ name: 'sigmoid(20) × uniform', step: sigmoidStep(20), refStep: 'sigmoid', opts: { k: 20 }, dist: uniform(), ref: uniformRef() });

/** 1001 evenly spaced p, the kinks of docs/method.md §1.4, and where kink loci meet support ends. */
function probePoints(dist: ContinuousDistribution): number[] {
  const ps = Array.from({ length: 1001 }, (_, i) => i / 1000);
  ps.push(0.25, 0.75, 1 / 3, 2 / 3, 1e-6, 1e-4, 1 - 1e-6, 1 - 1e-4);
  for (const t of dist.support) ps.push(t / 2, (3 * t) / 2, (3 * t - 1) / 2, (1 + t) / 2, t);
  return ps.filter((p) => p >= 0 && p <= 1).map(Math.fround);
}

function evaluate(step: SoftStep, dist: ContinuousDistribution, ps: number[]): { e: Float32Array; de: Float32Array } {
  const op = expectedStep(step, dist);
  try {
    return tf.tidy(() => {
      const p = tf.tensor1d(ps);
      const e = op.fn(p).dataSync() as Float32Array;
      const de = tf.grad((x: tf.Tensor) => tf.sum(op.fn(x)))(p).dataSync() as Float32Array;
      return { e: Float32Array.from(e), de: Float32Array.from(de) };
    });
  } finally {
    op.dispose();
  }
}

const worst: string[] = [];

for (const c of CASES) {
  test(`E and dE/dp of ${c.name} match the reference (|ΔE| ≤ 1e-6; dE/dp ≤ 1e-4 relative on [0.01, 0.99])`, (t) => {
    const ps = probePoints(c.dist);
    const got = evaluate(c.step, c.dist, ps);
    let maxE = 0;
    let maxDe = 0;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      assert.ok(Number.isFinite(got.e[i]) && Number.isFinite(got.de[i]), `non-finite at p = ${p}`);
      const ref = referenceExpectation(c.refStep, c.ref, p, c.opts);
      const errE = Math.abs(got.e[i] - ref.E);
      maxE = Math.max(maxE, errE);
      assert.ok(errE <= 1e-6, `E(${p}) = ${got.e[i]}, reference ${ref.E}, error ${errE}`);
      if (p >= 0.01 && p <= 0.99) {
        const rel = Math.abs(got.de[i] - ref.dE) / Math.max(Math.abs(ref.dE), 1e-3);
        maxDe = Math.max(maxDe, rel);
        assert.ok(rel <= 1e-4, `dE/dp(${p}) = ${got.de[i]}, reference ${ref.dE}, relative error ${rel}`);
      }
    }
    const line = `${c.name}: ${ps.length} points, max |ΔE| = ${maxE.toExponential(2)}, max rel Δ(dE/dp) = ${maxDe.toExponential(2)}`;
    worst.push(line);
    t.diagnostic(line);
  });
}

test('docs/method.md §1.6 reference table (δ = 0.1) to 6 decimals through `curve`', () => {
  const table = METHOD_TABLE;
  const specs = ['solh:uniform', 'solh:cosine(0.5,0.1)', 'solh:cosine(0.5,0.3)', 'solh:cosine(0.5,0.5)'];
  specs.forEach((s, j) => {
    const rows = softStepCurve(parseLoss(s, 0.1), table.map(([p]) => p));
    rows.forEach((r, i) => assert.equal(r.h.toFixed(6), table[i][1][j].toFixed(6), `${s} at p = ${r.p}`));
  });
});

test('gradient of the op equals a central finite difference of the reference E', () => {
  for (const c of CASES.filter((x) => x.refStep !== 'exact')) {
    const ps = [0.013, 0.07, 0.15, 0.31, 0.42, 0.5, 0.58, 0.69, 0.83, 0.95, 0.987].map(Math.fround);
    const got = evaluate(c.step, c.dist, ps);
    const h = 1e-5;
    ps.forEach((p, i) => {
      const fd = (referenceExpectation(c.refStep, c.ref, p + h, c.opts).E - referenceExpectation(c.refStep, c.ref, p - h, c.opts).E) / (2 * h);
      assert.ok(Math.abs(got.de[i] - fd) <= 1e-4 * Math.max(1, Math.abs(fd)), `${c.name} at ${p}: op ${got.de[i]}, finite difference ${fd}`);
    });
  }
});

test('E(0) = 0, E(1) = 1, E non-decreasing, and E(1 − p) = 1 − E(p) for symmetric distributions', () => {
  const ps = Array.from({ length: 20001 }, (_, i) => i / 20000);
  for (const c of CASES.filter((x) => x.refStep !== 'sigmoid')) {
    const { e } = evaluate(c.step, c.dist, ps);
    assert.ok(Math.abs(e[0]) <= 1e-7, `${c.name}: E(0) = ${e[0]}`);
    assert.ok(Math.abs(e[e.length - 1] - 1) <= 1e-7, `${c.name}: E(1) = ${e[e.length - 1]}`);
    for (let i = 1; i < e.length; i++) assert.ok(e[i] >= e[i - 1], `${c.name}: E decreases at p = ${ps[i]}`);
    const symmetric = c.dist.symmetricAboutHalf;
    if (symmetric) {
      for (let i = 0; i < e.length; i++) {
        assert.ok(Math.abs(e[e.length - 1 - i] - (1 - e[i])) <= 1e-6, `${c.name}: E(1 − p) ≠ 1 − E(p) at p = ${ps[i]}`);
      }
    }
  }
});

test('E and dE/dp are finite for every float32 p in [0, 1]: finite tables and the extreme inputs', () => {
  const extremes = [0, 1.4e-45, 1.2e-38, 1e-30, 1e-10, Math.fround(1 - 2 ** -24), 1 - 2 ** -23, 1, 0.5].map(Math.fround);
  for (const c of CASES) {
    // Interpolation mixes two neighbouring table entries, so finite tables make every p finite.
    const t = cachedTable(c.step, c.dist);
    for (const arr of [t.e, t.eStep, t.de, t.deStep]) assert.ok(arr.every(Number.isFinite), `${c.name}: non-finite table entry`);
    const got = evaluate(c.step, c.dist, extremes);
    assert.ok([...got.e, ...got.de].every(Number.isFinite), `${c.name}: non-finite at an extreme p`);
  }
  // The uniform case, whose true slope is infinite at 0 and 1, included above; say so explicitly.
  assert.equal(referenceExpectation('linear', uniformRef(), 0, { delta: DELTA }).dE, Infinity);
});

test('a point mass gives the step itself: soft-set is H^l(p, τ0) with slopes m1, m2, m3', () => {
  for (const tau0 of [0.5, 0.3, 0.8]) {
    const ps = Array.from({ length: 1001 }, (_, i) => Math.fround(i / 1000));
    const got = evaluate(linearStep(DELTA), pointMass(tau0) as unknown as ContinuousDistribution, ps);
    ps.forEach((p, i) => {
      assert.ok(Math.abs(got.e[i] - refLinear(p, tau0, DELTA)) <= 1e-6, `H^l(${p}, ${tau0})`);
      const lo = tau0 - Math.min(tau0, 1 - tau0) / 2;
      const hi = tau0 + Math.min(tau0, 1 - tau0) / 2;
      if (Math.abs(p - lo) > 1e-6 && Math.abs(p - hi) > 1e-6) {
        assert.ok(Math.abs(got.de[i] - refLinearSlope(p, tau0, DELTA)) <= 1e-5, `slope at ${p}, τ0 = ${tau0}`);
      }
    });
  }
});

test('the exact step at a point has zero gradient, sigmoid at a point is the logistic', () => {
  const ps = [0.1, 0.5, 0.9];
  const ex = evaluate(exactStep, pointMass(0.5) as unknown as ContinuousDistribution, ps);
  assert.deepEqual([...ex.e], [0, 1, 1]);
  assert.deepEqual([...ex.de], [0, 0, 0]);
  const sg = evaluate(sigmoidStep(10), pointMass(0.5) as unknown as ContinuousDistribution, ps);
  ps.forEach((p, i) => assert.ok(Math.abs(sg.e[i] - 1 / (1 + Math.exp(-10 * (p - 0.5)))) < 1e-6));
});
