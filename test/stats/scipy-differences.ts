/**
 * Ten paired differences and the split sizes of ACTG 175, with the values scipy 1.17.1 gives for them
 * (recorded in test/stats/resampled-t.test.ts and tost.test.ts).
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
import assert from 'node:assert/strict';

export const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

export const D = [0.0123, -0.0047, 0.0211, 0.0089, -0.0152, 0.0034, 0.0178, 0.0065, -0.0021, 0.0142];
export const N_TEST = 428;
export const N_TRAIN = 1369;
