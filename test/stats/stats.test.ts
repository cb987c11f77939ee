/**
 * The pure statistics of src/stats against hand computations and values recorded from scipy 1.17.1.
 *
 * The scipy fixtures were produced by this snippet (python3, numpy, scipy 1.17.1):
 *
 *   import numpy as np, scipy.stats as st
 *   d = np.array([0.0123, -0.0047, 0.0211, 0.0089, -0.0152, 0.0034, 0.0178, 0.0065, -0.0021, 0.0142])
 *   n = len(d); m = d.mean(); s2 = d.var(ddof=1)
 *   naive = st.ttest_1samp(d, 0.0); ci = naive.confidence_interval(0.95)
 *   print(naive.statistic, naive.pvalue, ci.low, ci.high)
 *   nTest, nTrain = 428, 1369
 *   se = np.sqrt(s2 * (1/n + nTest/nTrain)); t = m/se
 *   p = 2*st.t.sf(abs(t), n-1); q = st.t.ppf(0.975, n-1)
 *   print(t, p, m-q*se, m+q*se, se)
 *   for marg in (0.01, 0.02):
 *     for s in (np.sqrt(s2/n), se):
 *       print(st.t.sf((m+marg)/s, n-1), st.t.cdf((m-marg)/s, n-1))          # TOST, t form
 *     print(st.wilcoxon(d+marg, alternative='greater', method='exact').pvalue,
 *           st.wilcoxon(d-marg, alternative='less', method='exact').pvalue)    # TOST, Wilcoxon form
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctedFactor, naiveFactor, resampledT } from '../../src/stats/resampled-t';
import { tTost, wilcoxonTost } from '../../src/stats/tost';
import { holm } from '../../src/stats/holm';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

const D = [0.0123, -0.0047, 0.0211, 0.0089, -0.0152, 0.0034, 0.0178, 0.0065, -0.0021, 0.0142];
const N_TEST = 428;
const N_TRAIN = 1369;

test('corrected t by hand: d = 1, 2, 3, 6 with n_test/n_train = 1/4', () => {
  // mean 3, s² = (4 + 1 + 0 + 9)/3 = 14/3; naive var(mean) = s²/4 = 7/6, corrected s²·(1/4 + 1/4) = 7/3.
  const naive = resampledT([1, 2, 3, 6], naiveFactor(4), 0.95)!;
  const corrected = resampledT([1, 2, 3, 6], correctedFactor(4, 1, 4), 0.95)!;
  close(naive.se, Math.sqrt(7 / 6), 1e-15, 'naive se');
  close(naive.statistic, 3 / Math.sqrt(7 / 6), 1e-14, 'naive t');
  close(corrected.se, Math.sqrt(7 / 3), 1e-15, 'corrected se');
  close(corrected.statistic, 3 / Math.sqrt(7 / 3), 1e-14, 'corrected t');
  assert.equal(corrected.df, 3);
  // The correction can only widen: same mean, larger se, larger p.
  assert.ok(corrected.p > naive.p);
});

test('naive t equals scipy ttest_1samp; corrected t equals the scipy computation with factor 1/n + 428/1369', () => {
  const naive = resampledT(D, naiveFactor(D.length), 0.95)!;
  close(naive.statistic, 1.764263142231433, 1e-12, 'naive t');
  close(naive.p, 0.11151062608913445, 1e-12, 'naive p');
  close(naive.ci[0], -0.0017553508508987908, 1e-12, 'naive CI low');
  close(naive.ci[1], 0.014195350850898791, 1e-12, 'naive CI high');
  const c = resampledT(D, correctedFactor(D.length, N_TEST, N_TRAIN), 0.95)!;
  close(c.statistic, 0.8685189485686476, 1e-12, 'corrected t');
  close(c.p, 0.40767334724601834, 1e-12, 'corrected p');
  close(c.ci[0], -0.009980703019541196, 1e-12, 'corrected CI low');
  close(c.ci[1], 0.022420703019541195, 1e-12, 'corrected CI high');
  close(c.se, 0.0071616169229822765, 1e-15, 'corrected se');
});

test('t-form TOST equals scipy at margins 0.01 and 0.02, naive and corrected', () => {
  const naive = resampledT(D, naiveFactor(D.length), 0.95)!;
  const corr = resampledT(D, correctedFactor(D.length, N_TEST, N_TRAIN), 0.95)!;
  const cases: [typeof naive, number, number, number][] = [
    [naive, 0.01, 0.000644620573822553, 0.1557746028667701],
    [corr, 0.01, 0.024890135445031877, 0.3051962931772257],
    [naive, 0.02, 1.9726718217541847e-05, 0.001786152994302907],
    [corr, 0.02, 0.0026129478175019026, 0.04324003783680889],
  ];
  for (const [t, margin, pl, pu] of cases) {
    const r = tTost(t.mean, t.se, t.df, margin);
    close(r.pLower, pl, 1e-12, `pLower at ${margin}`);
    close(r.pUpper, pu, 1e-12, `pUpper at ${margin}`);
    close(r.p, Math.max(pl, pu), 1e-12, `TOST p at ${margin}`);
  }
});

test('Wilcoxon-form TOST equals scipy\'s exact one-sided signed-rank tests', () => {
  const r1 = wilcoxonTost(D, 0.01, (xs) => xs.map((x) => Math.round(x * 1e12) / 1e12));
  close(r1.pLower, 0.001953125, 1e-12, 'pLower 0.01');
  close(r1.pUpper, 0.2158203125, 1e-12, 'pUpper 0.01');
  const r2 = wilcoxonTost(D, 0.02, (xs) => xs.map((x) => Math.round(x * 1e12) / 1e12));
  close(r2.pLower, 0.0009765625, 1e-12, 'pLower 0.02');
  close(r2.pUpper, 0.001953125, 1e-12, 'pUpper 0.02');
  close(r2.p, 0.001953125, 1e-12, 'TOST p 0.02');
});

test('no variance, fewer than two pairs, or a bad margin give no test', () => {
  assert.equal(resampledT([0.1], 1, 0.95), null);
  assert.equal(resampledT([0.25, 0.25, 0.25], 1 / 3, 0.95), null);
  assert.throws(() => tTost(0, 1, 3, 0), /margin/);
  assert.throws(() => correctedFactor(3, 0, 10), /split sizes/);
});

test('Holm: R\'s p.adjust values; nulls stay out of the family', () => {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
  const adj = holm([0.01, 0.04, 0.03, 0.005]);
  [0.03, 0.06, 0.06, 0.02].forEach((e, i) => close(adj[i]!, e, 1e-15, `holm ${i}`));
  assert.deepEqual(holm([0.6, null, 0.4]), [0.8, null, 0.8]);
});
