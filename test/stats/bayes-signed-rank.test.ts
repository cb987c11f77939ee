/**
 * The Bayesian signed-rank test against baycomp 1.0.3 (janezd/baycomp, baycomp/multiple.py), run on
 * the same differences with numpy's generator. Both are Monte Carlo estimates from 50,000 draws of
 * independent streams: a probability's standard error is at most 0.0022, so two estimates agree
 * within 0.01 (about 3 standard errors of their difference).
 *
 * python3 (in a checkout of baycomp 1.0.3, scipy 1.17.1):
 *   from baycomp.multiple import SignedRankTest, Posterior
 *   s = SignedRankTest.sample(x, y, rope, nsamples=50000, random_state=1)
 *   Posterior(s).probs(), s.mean(0)          # (p_left, p_rope, p_right): y − x below, within, above the rope
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bayesSignedRank } from '../../src/stats/bayes-signed-rank';
import { DEMSAR_TABLE6_AS_PRINTED as T } from './demsar-table6';

const col = (j: number) => T.map((r) => r[j]);
const diff = (x: number[], y: number[]) => y.map((v, i) => v - x[i]);

const CASES: { name: string; d: number[]; rope: number; probs: number[]; mean: number[] }[] = [
  { name: 'Demšar C4.5+m − C4.5, rope 0.01', d: diff(col(0), col(1)), rope: 0.01, probs: [0.0, 0.3308, 0.6692], mean: [0.0, 0.4358, 0.5642] },
  { name: 'Demšar C4.5+cf − C4.5, rope 0.01', d: diff(col(0), col(2)), rope: 0.01, probs: [0.1157, 0.6967, 0.1876], mean: [0.2444, 0.4673, 0.2883] },
  { name: 'Demšar C4.5+m+cf − C4.5+m, rope 0.005', d: diff(col(1), col(3)), rope: 0.005, probs: [0.0378, 0.2909, 0.6714], mean: [0.1564, 0.3592, 0.4844] },
  { name: 'near the rope', d: [0.005, -0.003, 0.012, 0.02, -0.015, 0.0, 0.008, 0.011, -0.002, 0.03], rope: 0.01, probs: [0.0, 0.8737, 0.1263], mean: [0.0165, 0.6729, 0.3106] },
  { name: 'worse', d: [-0.03, -0.02, -0.05, 0.004, -0.012, -0.025], rope: 0.01, probs: [0.9513, 0.0487, 0.0], mean: [0.8098, 0.1902, 0.0] },
];

test('P(worse), P(equivalent), P(better) and the posterior means agree with baycomp within Monte Carlo error', () => {
  for (const c of CASES) {
    const r = bayesSignedRank(c.d, { rope: c.rope });
    const got = [r.pWorse, r.pEquivalent, r.pBetter];
    got.forEach((p, i) => assert.ok(Math.abs(p - c.probs[i]) <= 0.01, `${c.name}: P[${i}] ${p} vs baycomp ${c.probs[i]}`));
    r.meanTheta.forEach((m, i) => assert.ok(Math.abs(m - c.mean[i]) <= 0.005, `${c.name}: mean θ[${i}] ${m} vs baycomp ${c.mean[i]}`));
    assert.ok(Math.abs(got[0] + got[1] + got[2] - 1) < 1e-12);
  }
});

test('a seed repeats the result exactly; another seed moves it by Monte Carlo error only; bad settings and too few data sets are refused', () => {
  const d = CASES[1].d;
  const a = bayesSignedRank(d, { seed: 7, samples: 5000 });
  assert.deepEqual(bayesSignedRank(d, { seed: 7, samples: 5000 }), a);
  const b = bayesSignedRank(d, { seed: 8, samples: 5000 });
  assert.notDeepEqual(b, a);
  assert.ok(Math.abs(a.pEquivalent - b.pEquivalent) < 0.04);
  assert.throws(() => bayesSignedRank([0.1, 0.2, 0.3]), /3 data sets with results, at least 5 are needed/);
  assert.throws(() => bayesSignedRank(d, { rope: -1 }), /rope -1: give a half-width ≥ 0/);
});
