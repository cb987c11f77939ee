/** Wilcoxon signed-rank over data sets with Holm, against scipy.stats.wilcoxon. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signedRank, wilcoxonVsBaseline } from '../../src/stats/wilcoxon-datasets';
import { DEMSAR_TABLE6_AS_PRINTED } from './demsar-table6';

const close = (a: number | null, b: number, tol: number, what: string) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('exact p without zeros or ties matches scipy', () => {
  // python3: from scipy import stats; import numpy as np
  //   d = np.array([0.012, 0.031, -0.004, 0.022, 0.017, 0.009, 0.027, -0.011, 0.041, 0.015]); stats.wilcoxon(d, method='exact')
  //   → statistic 4.0 (the smaller rank sum; R+ = 51), pvalue 0.013671875
  //   d = np.array([-0.02, 0.013, -0.035, -0.008, 0.004, -0.027, -0.016]); stats.wilcoxon(d, method='exact') → 4.0, 0.109375 (R+ = 4)
  const a = signedRank([0.012, 0.031, -0.004, 0.022, 0.017, 0.009, 0.027, -0.011, 0.041, 0.015])!;
  assert.equal(a.method, 'exact');
  assert.equal(a.statistic, 51);
  close(a.p, 0.013671875, 1e-12, 'p');
  const b = signedRank([-0.02, 0.013, -0.035, -0.008, 0.004, -0.027, -0.016])!;
  assert.equal(b.statistic, 4);
  close(b.p, 0.109375, 1e-12, 'p');
});

test('with zeros and ties (Demšar Table 6, each variant − C4.5): normal approximation as scipy, then Holm', () => {
  // python3: d = np.round(T[:, j] - T[:, 0], 12); stats.wilcoxon(d, zero_method='wilcox', correction=True, method='approx')
  //   j = 1: pvalue 0.012030358470209076; j = 2: 0.888806954437247; j = 3: 0.017461758127902276  (scipy 1.17.1)
  const T = DEMSAR_TABLE6_AS_PRINTED;
  const rows = wilcoxonVsBaseline(['C4.5+m', 'C4.5+cf', 'C4.5+m+cf'].map((method, i) => ({ method, d: T.map((r) => r[i + 1] - r[0]) })));
  const scipy = [0.012030358470209076, 0.888806954437247, 0.017461758127902276];
  rows.forEach((r, i) => {
    assert.equal(r.test, 'normal');
    close(r.p, scipy[i], 1e-9, r.method);
  });
  // Holm by hand: sorted p (0.01203, 0.01746, 0.8888) × (3, 2, 1), running maximum.
  close(rows[0].pHolm, 3 * scipy[0], 1e-9, 'Holm 1');
  close(rows[2].pHolm, Math.max(3 * scipy[0], 2 * scipy[2]), 1e-9, 'Holm 2');
  close(rows[1].pHolm, scipy[1], 1e-9, 'Holm 3');
  assert.equal(rows[0].nonzero, 12);
});

test('all differences zero: no test; fewer than 5 data sets: refused', () => {
  const [row] = wilcoxonVsBaseline([{ method: 'same', d: [0, 0, 0, 0, 0] }]);
  assert.equal(row.p, null);
  assert.equal(row.pHolm, null);
  assert.throws(() => wilcoxonVsBaseline([{ method: 'x', d: [0.1, 0.2] }]), /2 data sets with results, at least 5 are needed/);
});
