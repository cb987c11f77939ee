/**
 * Checks of the test-only reference (test/reference/*) itself, so that other
 * tests can trust it as ground truth: known integrals, the published δ = 0.1
 * table, derivative consistency, and a hand-derived closed form for U(0, 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_TABLE } from './method-table';
import { integrate } from './gauss-kronrod';
import {
  betaRef,
  cosineRef,
  logGamma,
  referenceExpectation,
  uniformRef,
  type RefDistribution,
} from './solh-reference';

/** Assert |actual − expected| ≤ tol and return the deviation (for the diagnostics). */
function close(actual: number, expected: number, tol: number, what: string): number {
  const d = Math.abs(actual - expected);
  assert.ok(d <= tol, `${what}: got ${actual}, expected ${expected}, |diff| = ${d} > ${tol}`);
  return d;
}

test('quadrature reproduces known integrals to 1e-12', (t) => {
  const devs = [
    close(integrate(Math.sin, 0, Math.PI), 2, 1e-12, '∫₀^π sin'),
    close(integrate(Math.sqrt, 0, 1), 2 / 3, 1e-12, '∫₀¹ √x'),
    close(integrate((x) => 1 / x, 1e-7, 1), Math.log(1e7), 1e-12, '∫_{1e-7}^1 1/x'),
    // The log-type piece met by the linear step: ∫_{2p}^{0.5} dτ/τ at p = 1e-7.
    close(integrate((x) => 1 / x, 2e-7, 0.5), Math.log(0.5 / 2e-7), 1e-12, '∫_{2e-7}^{0.5} 1/τ'),
    // Breakpoints: a kinked integrand, with duplicates and out-of-range points ignored.
    close(
      integrate((x) => Math.abs(x - 0.3), 0, 1, { breakpoints: [0.3, 0.3, -1, 2, 1] }),
      (0.09 + 0.49) / 2,
      1e-14,
      '∫|x − 0.3|',
    ),
    close(integrate(Math.sin, Math.PI, 0), -2, 1e-12, 'reversed limits'),
  ];
  t.diagnostic(`max |diff| = ${Math.max(...devs).toExponential(2)}`);
});

test('logGamma and Beta(a, b) reference', (t) => {
  const devs = [
    close(logGamma(5), Math.log(24), 1e-13, 'lnΓ(5)'),
    close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'lnΓ(½)'),
    close(betaRef(2, 2).cdf(0.3), 3 * 0.09 - 2 * 0.027, 1e-12, 'Beta(2,2) cdf(0.3)'),
    close(betaRef(2, 2).cdf(0.8), 3 * 0.64 - 2 * 0.512, 1e-12, 'Beta(2,2) cdf(0.8)'),
    close(integrate(betaRef(2, 5).pdf, 0, 1), 1, 1e-12, 'Beta(2,5) pdf mass'),
    // Arcsine law: exercises the substitution used for a, b < 1.
    close(betaRef(0.5, 0.5).cdf(0.3), (2 / Math.PI) * Math.asin(Math.sqrt(0.3)), 1e-12, 'Beta(½,½) cdf(0.3)'),
  ];
  t.diagnostic(`max |diff| = ${Math.max(...devs).toExponential(2)}`);
});

test("referenceExpectation('linear', δ = 0.1) reproduces the paper's table to 6 decimals", (t) => {
  const dists = [uniformRef(), cosineRef(0.5, 0.1), cosineRef(0.5, 0.3), cosineRef(0.5, 0.5)];
  const table = METHOD_TABLE;
  let worst = 0;
  for (const [p, row] of table) {
    row.forEach((expected, j) => {
      const { E } = referenceExpectation('linear', dists[j], p, { delta: 0.1 });
      worst = Math.max(worst, close(E, expected, 5e-7, `p = ${p}, column ${j}`));
    });
  }
  t.diagnostic(`max |diff| = ${worst.toExponential(2)}`);
});

test('dE agrees with a central finite difference of E (h = 1e-5)', (t) => {
  // p values kept away from the kinks of E(p) (where a τ-breakpoint crosses 0.5 or a support end).
  const ps = [0.01, 0.07, 0.13, 0.22, 0.37, 0.46, 0.53, 0.61, 0.68, 0.77, 0.86, 0.93, 0.99];
  const dists: [string, RefDistribution][] = [
    ['U', uniformRef()],
    ['C(.5,.1)', cosineRef(0.5, 0.1)],
    ['C(.5,.3)', cosineRef(0.5, 0.3)],
    ['C(.5,.5)', cosineRef(0.5, 0.5)],
    ['Beta(2,5)', betaRef(2, 5)],
  ];
  const steps = [
    { step: 'linear', opts: { delta: 0.1 } },
    { step: 'sigmoid', opts: { k: 20 } },
  ] as const;
  const h = 1e-5;
  for (const { step, opts } of steps) {
    let worst = 0;
    for (const [name, dist] of dists) {
      for (const p of ps) {
        const { dE } = referenceExpectation(step, dist, p, opts);
        const fd =
          (referenceExpectation(step, dist, p + h, opts).E - referenceExpectation(step, dist, p - h, opts).E) / (2 * h);
        const rel = Math.abs(dE - fd) / Math.abs(fd);
        assert.ok(rel <= 1e-6, `${step} ${name} p = ${p}: dE = ${dE}, FD = ${fd}, rel = ${rel}`);
        worst = Math.max(worst, rel);
      }
    }
    t.diagnostic(`${step}: max relative diff = ${worst.toExponential(2)}`);
  }
});

/**
 * Closed form of E(p) = ∫₀¹ H^l(p, τ) dτ for τ ~ U(0, 1), by hand. With c = 2δ(1 − p):
 *   τ ≤ ½:  H = 1 − c/(2 − 3τ)               on τ < 2p/3,  antiderivative τ + (c/3)·ln(2 − 3τ)
 *           H = ½ + (1−2δ)(p − τ)/τ          on [2p/3, 2p], antiderivative (2δ − ½)τ + (1−2δ)p·ln τ
 *           H = 2δp/τ                        on τ > 2p,    antiderivative 2δp·ln τ
 *   τ > ½:  H = 1 − c/(1 − τ)                on τ < 2p − 1, antiderivative τ + c·ln(1 − τ)
 *           H = ½ + (1−2δ)(p − τ)/(1 − τ)    on [2p − 1, (2p + 1)/3],
 *                                            antiderivative ½τ + (1−2δ)(τ + (1 − p)·ln(1 − τ))
 *           H = 2δp/(3τ − 1)                 on τ > (2p + 1)/3, antiderivative (2δp/3)·ln(3τ − 1)
 * Each piece is clipped to its half of (0, 1).
 */
function uniformLinearClosedForm(p: number, delta: number): number {
  const c = 2 * delta * (1 - p);
  const piece = (lo: number, hi: number, F: (t: number) => number): number => (hi > lo ? F(hi) - F(lo) : 0);
  const left = (lo: number, hi: number, F: (t: number) => number) => piece(Math.max(lo, 0), Math.min(hi, 0.5), F);
  const right = (lo: number, hi: number, F: (t: number) => number) => piece(Math.max(lo, 0.5), Math.min(hi, 1), F);
  return (
    left(0, (2 * p) / 3, (t) => t + (c / 3) * Math.log(2 - 3 * t)) +
    left((2 * p) / 3, 2 * p, (t) => (2 * delta - 0.5) * t + (1 - 2 * delta) * p * Math.log(t)) +
    left(2 * p, 0.5, (t) => 2 * delta * p * Math.log(t)) +
    right(0.5, 2 * p - 1, (t) => t + c * Math.log(1 - t)) +
    right(2 * p - 1, (2 * p + 1) / 3, (t) => 0.5 * t + (1 - 2 * delta) * (t + (1 - p) * Math.log(1 - t))) +
    right((2 * p + 1) / 3, 1, (t) => ((2 * delta * p) / 3) * Math.log(3 * t - 1))
  );
}

test('uniform linear E(p) matches the hand-derived closed form at 200 p values to 1e-12', (t) => {
  const u = uniformRef();
  for (const delta of [0.1, 0.3]) {
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const p = (i + 0.5) / 200;
      const { E } = referenceExpectation('linear', u, p, { delta });
      worst = Math.max(worst, close(E, uniformLinearClosedForm(p, delta), 1e-12, `δ = ${delta}, p = ${p}`));
    }
    t.diagnostic(`δ = ${delta}: max |diff| = ${worst.toExponential(2)}`);
  }
});

test('end points: divergent dE is +Infinity, E and the exact step are sane', () => {
  const u = uniformRef();
  assert.deepEqual(referenceExpectation('linear', u, 0, { delta: 0.1 }), { E: 0, dE: Infinity });
  const at1 = referenceExpectation('linear', u, 1, { delta: 0.1 });
  assert.equal(at1.dE, Infinity);
  close(at1.E, 1, 1e-14, 'uniform E(1)');
  // A pdf vanishing at the ends keeps dE finite (f ~ τ² beats the 2δ/τ slope).
  const c = referenceExpectation('linear', cosineRef(0.5, 0.5), 0, { delta: 0.1 });
  assert.ok(Number.isFinite(c.dE) && c.dE > 0);
  const ex = referenceExpectation('exact', betaRef(2, 2), 0.3);
  close(ex.E, 0.216, 1e-12, 'exact E = cdf');
  close(ex.dE, 6 * 0.3 * 0.7, 1e-12, 'exact dE = pdf');
});
