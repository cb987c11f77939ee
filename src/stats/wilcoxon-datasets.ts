/**
 * Each method against a baseline across data sets: the Wilcoxon signed-rank test on the per-data-set
 * differences (Demšar 2006, §3.1.3), then Holm's step-down adjustment over the family of methods.
 * @stdlib/stats-wilcoxon, as R's wilcox.test: zero differences dropped; exact distribution unless
 * zeros, ties or more than 50 data sets, else the normal approximation with tie and continuity
 * corrections.
 */
import wilcoxon = require('@stdlib/stats-wilcoxon');
import { holm } from './holm';
import { requireDatasets } from './datasets';

/** Differences are rounded before ranking, so that floating-point noise makes no ranks of its own. */
const RANK_DECIMALS = 12;

export interface WilcoxonRow {
  method: string;
  datasets: number;
  /** Data sets where the method differs from the baseline (zeros are dropped). */
  nonzero: number;
  /** Mean and median of the differences (method − baseline). */
  meanDifference: number;
  medianDifference: number;
  /** R+: the sum of the ranks of the positive differences; null when every difference is zero. */
  statistic: number | null;
  p: number | null;
  test: 'exact' | 'normal' | null;
  pHolm: number | null;
}

export function signedRank(d: number[]): { statistic: number; p: number; method: 'exact' | 'normal' } | null {
  const r = d.map((x) => Math.round(x * 10 ** RANK_DECIMALS) / 10 ** RANK_DECIMALS);
  const nonzero = r.filter((x) => x !== 0);
  if (nonzero.length === 0) return null;
  const abs = nonzero.map(Math.abs);
  const ties = new Set(abs).size !== abs.length;
  const method = nonzero.length === r.length && !ties && r.length <= 50 ? 'exact' : 'normal';
  const w = wilcoxon(r, { zeroMethod: 'wilcox', correction: true });
  // The two-sided exact p doubles a tail that may hold more than half the mass: cap at 1 as R does.
  return { statistic: w.statistic, p: Math.min(1, w.pValue), method };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** differences: per method, its score minus the baseline's on each data set (same data sets, same order). */
export function wilcoxonVsBaseline(differences: { method: string; d: number[] }[]): WilcoxonRow[] {
  for (const { d } of differences) requireDatasets(d.length, 'Wilcoxon signed-rank test across data sets');
  const tests = differences.map(({ d }) => signedRank(d));
  const adjusted = holm(tests.map((t) => t?.p ?? null));
  return differences.map(({ method, d }, i) => ({
    method,
    datasets: d.length,
    nonzero: d.filter((x) => Math.round(x * 10 ** RANK_DECIMALS) !== 0).length,
    meanDifference: d.reduce((a, b) => a + b, 0) / d.length,
    medianDifference: median(d),
    statistic: tests[i]?.statistic ?? null,
    p: tests[i]?.p ?? null,
    test: tests[i]?.method ?? null,
    pHolm: adjusted[i],
  }));
}
