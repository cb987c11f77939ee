/**
 * The paired t-test on differences d_1..d_n with a variance factor: the naive test uses 1/n (it
 * assumes the n differences are independent); Nadeau & Bengio's (2003) corrected resampled t uses
 * 1/n + n_test/n_train, because resplits of one data set share rows, which makes their differences
 * positively correlated and the naive variance too small. Pure.
 */
import tCdf = require('@stdlib/stats-base-dists-t-cdf');
import tQuantile = require('@stdlib/stats-base-dists-t-quantile');

export interface TResult {
  n: number;
  mean: number;
  /** Standard error of the mean: sqrt(s² · factor), s² the sample variance (n − 1). */
  se: number;
  df: number;
  statistic: number;
  /** Two-sided p. */
  p: number;
  /** Interval for the mean difference at the given confidence. */
  ci: [number, number];
}

/** The naive factor: the differences are taken as independent. */
export const naiveFactor = (n: number): number => 1 / n;

/**
 * Nadeau & Bengio's corrected factor for n resplits of one data set, each training on n_train rows
 * and testing on n_test rows.
 */
export function correctedFactor(n: number, nTest: number, nTrain: number): number {
  if (!(nTest > 0 && nTrain > 0)) throw new RangeError(`corrected t needs positive split sizes, got n_test ${nTest}, n_train ${nTrain}`);
  return 1 / n + nTest / nTrain;
}

/** The t-test of mean(d) = 0 with var(mean) = s² · factor and n − 1 degrees of freedom; null for n < 2 or s = 0. */
export function resampledT(d: number[], factor: number, confidence: number): TResult | null {
  const n = d.length;
  if (n < 2) return null;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const s2 = d.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  if (!(s2 > 0)) return null;
  const se = Math.sqrt(s2 * factor);
  const df = n - 1;
  const statistic = mean / se;
  const p = Math.min(1, 2 * tCdf(-Math.abs(statistic), df));
  const q = tQuantile((1 + confidence) / 2, df);
  return { n, mean, se, df, statistic, p, ci: [mean - q * se, mean + q * se] };
}
