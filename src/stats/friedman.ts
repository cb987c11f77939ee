/**
 * Average ranks and the Friedman test over data sets (Demšar 2006, §3.2.2). scores[i][j] is method
 * j's score on data set i, higher better; rank 1 is the best on a data set, ties get the mean of
 * the ranks they span. χ²_F is Demšar's (no tie correction); the Iman–Davenport F is computed from
 * it. The tie-corrected χ² (scipy.stats.friedmanchisquare's) is given beside it.
 */
import { jStat } from 'jstat';
import { SolhError } from '../errors';
import { requireDatasets } from './datasets';

/** Ranks of one row, 1 = highest value, ties averaged. */
export function rowRanks(row: number[]): number[] {
  const order = row.map((v, j) => ({ v, j })).sort((a, b) => b.v - a.v);
  const ranks = new Array<number>(row.length);
  for (let i = 0; i < order.length; ) {
    let end = i;
    while (end + 1 < order.length && order[end + 1].v === order[i].v) end++;
    const mean = (i + end) / 2 + 1;
    for (let t = i; t <= end; t++) ranks[order[t].j] = mean;
    i = end + 1;
  }
  return ranks;
}

function checkTable(scores: number[][]): { n: number; k: number } {
  const n = scores.length;
  const k = n ? scores[0].length : 0;
  if (k < 2) throw new SolhError(`the Friedman test needs at least 2 methods, got ${k}`);
  for (const row of scores) {
    if (row.length !== k || row.some((v) => !Number.isFinite(v))) throw new SolhError('the Friedman test needs a finite score of every method on every data set');
  }
  return { n, k };
}

/** The mean over data sets of each method's rank. */
export function averageRanks(scores: number[][]): number[] {
  const { n, k } = checkTable(scores);
  const sum = new Array<number>(k).fill(0);
  for (const row of scores) rowRanks(row).forEach((r, j) => (sum[j] += r));
  return sum.map((s) => s / n);
}

export interface FriedmanResult {
  datasets: number;
  methods: number;
  averageRanks: number[];
  /** Demšar's χ²_F = 12N/(k(k+1)) · (Σ R_j² − k(k+1)²/4), k − 1 degrees of freedom. */
  chi2: number;
  chi2P: number;
  /** χ²_F divided by 1 − Σ(t³ − t)/(N k (k² − 1)) over tie groups t (as scipy). */
  chi2TieCorrected: number;
  chi2TieCorrectedP: number;
  /** Iman–Davenport F_F = (N − 1) χ²_F / (N(k − 1) − χ²_F), with k − 1 and (k − 1)(N − 1) degrees of freedom. */
  imanDavenportF: number;
  df1: number;
  df2: number;
  imanDavenportP: number;
}

export function friedman(scores: number[][]): FriedmanResult {
  const { n, k } = checkTable(scores);
  requireDatasets(n, 'Friedman test across data sets');
  const R = averageRanks(scores);
  const chi2 = ((12 * n) / (k * (k + 1))) * (R.reduce((a, r) => a + r * r, 0) - (k * (k + 1) ** 2) / 4);
  let ties = 0;
  for (const row of scores) {
    const counts = new Map<number, number>();
    for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const t of counts.values()) ties += t ** 3 - t;
  }
  const tieFactor = 1 - ties / (n * k * (k * k - 1));
  // Every data set ties all methods: no ranking information at all.
  const chi2TieCorrected = tieFactor > 0 ? chi2 / tieFactor : 0;
  const df1 = k - 1;
  const df2 = (k - 1) * (n - 1);
  const denom = n * (k - 1) - chi2;
  // χ²_F reaches N(k − 1) when every data set ranks the methods alike: F is then infinite, p 0.
  const imanDavenportF = denom > 0 ? ((n - 1) * chi2) / denom : Infinity;
  const upper = (x: number, cdf: (x: number) => number) => (Number.isFinite(x) ? Math.max(0, 1 - cdf(x)) : 0);
  return {
    datasets: n,
    methods: k,
    averageRanks: R,
    chi2,
    chi2P: upper(chi2, (x) => jStat.chisquare.cdf(x, df1)),
    chi2TieCorrected,
    chi2TieCorrectedP: upper(chi2TieCorrected, (x) => jStat.chisquare.cdf(x, df1)),
    imanDavenportF,
    df1,
    df2,
    imanDavenportP: upper(imanDavenportF, (x) => jStat.centralF.cdf(x, df1, df2)),
  };
}
