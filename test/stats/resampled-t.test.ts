/** The corrected resampled t (Nadeau & Bengio 2003) against hand computations and scipy 1.17.1 (test/stats/scipy-differences.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctedFactor, naiveFactor, resampledT } from '../../src/stats/resampled-t';
import { close, D, N_TEST, N_TRAIN } from './scipy-differences';

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

test('no variance or fewer than two pairs give no test; split sizes must be positive', () => {
  assert.equal(resampledT([0.1], 1, 0.95), null);
  assert.equal(resampledT([0.25, 0.25, 0.25], 1 / 3, 0.95), null);
  assert.throws(() => correctedFactor(3, 0, 10), /split sizes/);
});
