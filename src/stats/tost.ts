/**
 * Equivalence by two one-sided tests (Schuirmann 1987): the mean difference lies within ±margin
 * when both H0: μ ≤ −margin and H0: μ ≥ +margin are rejected; the TOST p is the larger of the two
 * one-sided p-values. The t form takes the standard error of the chosen t (naive or corrected), so
 * equivalence carries the same correction for resampling as the difference test. Pure.
 */
import tCdf = require('@stdlib/stats-base-dists-t-cdf');
import wilcoxon = require('@stdlib/stats-wilcoxon');

export interface TostResult {
  margin: number;
  /** p of H0: μ ≤ −margin (against μ > −margin). */
  pLower: number;
  /** p of H0: μ ≥ +margin (against μ < +margin). */
  pUpper: number;
  /** max(pLower, pUpper): equivalence is shown at level α when p < α. */
  p: number;
}

function checkMargin(margin: number): void {
  if (!(margin > 0 && Number.isFinite(margin))) throw new RangeError(`equivalence margin ${margin} must be a positive number, e.g. 0.01`);
}

/** TOST on a t statistic: mean, its standard error and degrees of freedom. */
export function tTost(mean: number, se: number, df: number, margin: number): TostResult {
  checkMargin(margin);
  const pLower = 1 - tCdf((mean + margin) / se, df);
  const pUpper = tCdf((mean - margin) / se, df);
  return { margin, pLower, pUpper, p: Math.max(pLower, pUpper) };
}

/**
 * TOST with Wilcoxon signed-rank tests of the shifted differences d + margin (greater than 0) and
 * d − margin (less than 0); `round` makes equal shifted differences tie exactly (see compare.ts).
 */
export function wilcoxonTost(d: number[], margin: number, round: (xs: number[]) => number[] = (xs) => xs): TostResult {
  checkMargin(margin);
  const oneSided = (shifted: number[], alternative: 'greater' | 'less'): number => {
    const r = round(shifted);
    // All shifted differences zero: nothing to rank, no evidence either way.
    if (r.every((x) => x === 0)) return 1;
    return Math.min(1, wilcoxon(r, { zeroMethod: 'wilcox', correction: true, alternative }).pValue);
  };
  const pLower = oneSided(d.map((x) => x + margin), 'greater');
  const pUpper = oneSided(d.map((x) => x - margin), 'less');
  return { margin, pLower, pUpper, p: Math.max(pLower, pUpper) };
}
