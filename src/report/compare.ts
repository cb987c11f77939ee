/**
 * Does a loss beat the baseline? For each loss, the paired differences to the baseline over seeds
 * (the same seed means the same split and the same initial weights), with a confidence interval,
 * a paired t-test and a Wilcoxon signed-rank test, Holm-corrected p-values and a plain verdict.
 * Pure: records in, rows out; the distributions and tests come from @stdlib, the bootstrap's
 * resampling and quantiles from simple-statistics.
 */
import ttest = require('@stdlib/stats-ttest');
import wilcoxon = require('@stdlib/stats-wilcoxon');
import seedrandom from 'seedrandom';
import { mean, quantileSorted, sampleWithReplacement } from 'simple-statistics';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { lossLabel } from './paper';
import { groupRecords, targetsOf, recordsByLoss, scoreValue, checkTargets, At } from './query';

export interface CompareOptions {
  baseline: string;
  /** Targets the losses were trained for; default every target found. */
  targets?: string[];
  /** Score compared; default the target itself. */
  score?: string;
  at: At;
  /** Level of the intervals; the verdicts test at 1 − confidence. */
  confidence: number;
  /** Bootstrap resamples of the seeds. */
  bootstrap: number;
  /** Seed of the bootstrap's generator, so that a table is reproducible. */
  bootstrapSeed: string;
  /** Fewest pairs for which a bootstrap interval is reported: below it the resamples are too few to mean anything. */
  minBootstrapPairs: number;
}

export const COMPARE_DEFAULTS: Omit<CompareOptions, 'baseline'> = {
  at: '0.5',
  confidence: 0.95,
  bootstrap: 10_000,
  bootstrapSeed: 'solh-compare',
  minBootstrapPairs: 5,
};

/**
 * Differences are rounded to this many decimals before ranking, so that two scores that differ by the
 * same count of test rows tie exactly (floating-point subtraction would break such ties at the 1e-16 level;
 * R's wilcox.test has `digits.rank` for the same reason).
 */
const RANK_DECIMALS = 12;

export type WilcoxonMethod = 'exact' | 'normal';

export interface PairedStats {
  n: number;
  mean: number | null;
  /** t interval for the mean difference at the requested confidence. */
  tCi: [number, number] | null;
  /** Percentile bootstrap interval over seeds; null when n < minBootstrapPairs. */
  bootstrapCi: [number, number] | null;
  tStatistic: number | null;
  tP: number | null;
  /** Wilcoxon V: the sum of the ranks of the positive differences (zeros dropped). */
  wilcoxonV: number | null;
  wilcoxonP: number | null;
  /**
   * exact: the exact null distribution (no zeros, no tied |d|, n ≤ 50). normal: zeros dropped (Wilcoxon's
   * convention), mid-ranks for ties, normal approximation with tie-corrected variance and continuity correction,
   * as R's wilcox.test does.
   */
  wilcoxonMethod: WilcoxonMethod | null;
  /** Why some statistics are null, when they are. */
  note: string | null;
}

/** Holm's step-down adjustment; nulls (no test) are left out of the family and stay null. */
export function holm(ps: (number | null)[]): (number | null)[] {
  const idx = ps.map((p, i) => [p, i] as const).filter((x): x is readonly [number, number] => x[0] !== null).sort((a, b) => a[0] - b[0]);
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  idx.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (idx.length - k) * p));
    out[i] = running;
  });
  return out;
}

const IDENTICAL = 'every pair is identical';

const roundForRanks = (d: number[]) => d.map((x) => Math.round(x * 10 ** RANK_DECIMALS) / 10 ** RANK_DECIMALS);

function wilcoxonTest(d: number[]): { v: number; p: number; method: WilcoxonMethod } {
  const r = roundForRanks(d);
  const nonzero = r.filter((x) => x !== 0);
  const abs = nonzero.map(Math.abs);
  const ties = new Set(abs).size !== abs.length;
  // The same rule as the library's (and R's): exact unless zeros, ties or more than 50 pairs.
  const method: WilcoxonMethod = nonzero.length === r.length && !ties && r.length <= 50 ? 'exact' : 'normal';
  const w = wilcoxon(r, { zeroMethod: 'wilcox', correction: true });
  // The two-sided exact p doubles a tail that may hold more than half the mass (e.g. V at the centre): cap at 1 as R does.
  return { v: w.statistic, p: Math.min(1, w.pValue), method };
}

function bootstrapCi(d: number[], confidence: number, resamples: number, seed: string): [number, number] {
  const rng = seedrandom(seed);
  const means = Array.from({ length: resamples }, () => mean(sampleWithReplacement(d, d.length, rng))).sort((a, b) => a - b);
  return [quantileSorted(means, (1 - confidence) / 2), quantileSorted(means, (1 + confidence) / 2)];
}

/** Statistics of one loss's paired differences d = score(loss) − score(baseline). */
export function pairedStats(d: number[], o: Pick<CompareOptions, 'confidence' | 'bootstrap' | 'minBootstrapPairs'>, bootstrapSeed: string): PairedStats {
  const none: PairedStats = {
    n: d.length, mean: d.length ? mean(d) : null, tCi: null, bootstrapCi: null, tStatistic: null, tP: null,
    wilcoxonV: null, wilcoxonP: null, wilcoxonMethod: null, note: null,
  };
  if (d.length < 2) return { ...none, note: `${d.length} pair${d.length === 1 ? '' : 's'}: at least 2 are needed for an interval or a test` };
  const m = mean(d);
  const r = roundForRanks(d);
  if (r.every((x) => x === r[0])) {
    // Zero variance: t is 0/0 or ±∞ and the signed-rank test has nothing to rank (all zero) — report no test.
    return { ...none, tCi: [m, m], note: r[0] === 0 ? IDENTICAL : `every pair differs by exactly ${m}: zero variance, no t-test` };
  }
  const t = ttest(d, { alpha: 1 - o.confidence });
  const w = wilcoxonTest(d);
  return {
    n: d.length, mean: m, tCi: [t.ci[0], t.ci[1]], tStatistic: t.statistic, tP: t.pValue,
    bootstrapCi: d.length >= o.minBootstrapPairs ? bootstrapCi(d, o.confidence, o.bootstrap, bootstrapSeed) : null,
    wilcoxonV: w.v, wilcoxonP: w.p, wilcoxonMethod: w.method, note: null,
  };
}

export interface Pairs {
  seeds: number[];
  diffs: number[];
  /** Seeds of the loss or of the baseline with no finished partner. */
  unpaired: number[];
}

/** Pairs two sets of runs by seed; a seed missing (or failed) on either side is dropped. */
export function pairBySeed(loss: RunRecord[], baseline: RunRecord[], value: (r: RunRecord) => number | undefined): Pairs {
  const bySeed = (rs: RunRecord[]) => {
    const m = new Map<number, number>();
    for (const r of rs) {
      const v = r.status === 'ok' ? value(r) : undefined;
      if (v !== undefined && Number.isFinite(v)) m.set(r.key.seed, v);
    }
    return m;
  };
  const a = bySeed(loss);
  const b = bySeed(baseline);
  const all = [...new Set([...loss, ...baseline].map((r) => r.key.seed))].sort((x, y) => x - y);
  const seeds = all.filter((s) => a.has(s) && b.has(s));
  return { seeds, diffs: seeds.map((s) => a.get(s)! - b.get(s)!), unpaired: all.filter((s) => !seeds.includes(s)) };
}

export type Direction = 'better' | 'worse' | 'none' | 'untested';

export interface CompareRow extends PairedStats {
  target: string;
  score: string;
  at: At;
  loss: string;
  label: string;
  baseline: string;
  configHash: string;
  backend: string;
  seeds: number[];
  unpaired: number[];
  tPHolm: number | null;
  wilcoxonPHolm: number | null;
  direction: Direction;
  verdict: string;
}

/** One table: the losses of one (protocol, backend) group trained for one target, each against the baseline. */
export interface CompareTable {
  target: string;
  score: string;
  at: At;
  baseline: string;
  configHash: string;
  backend: string;
  /** Comparisons in the Holm family (rows with a test). */
  family: number;
  rows: CompareRow[];
  /** Every pair of losses (each row has its own baseline: the loss earlier in the paper's order). */
  allPairs?: boolean;
}

/** "better"/"worse" needs the Holm-corrected t p below 1 − confidence and an interval that excludes 0. */
export function verdictOf(s: PairedStats, tPHolm: number | null, confidence: number): { direction: Direction; verdict: string } {
  if (s.n < 2) return { direction: 'untested', verdict: `no test: n = ${s.n} pair${s.n === 1 ? '' : 's'} (need 2)` };
  if (tPHolm === null || s.tCi === null) {
    if (s.note === IDENTICAL) return { direction: 'none', verdict: `no detectable difference at n = ${s.n} (identical scores)` };
    return { direction: 'untested', verdict: `no test at n = ${s.n}: every pair differs by the same amount` };
  }
  const excludes0 = s.tCi[0] > 0 || s.tCi[1] < 0;
  if (tPHolm < 1 - confidence && excludes0) {
    const direction = s.mean! > 0 ? 'better' : 'worse';
    return { direction, verdict: direction };
  }
  return { direction: 'none', verdict: `no detectable difference at n = ${s.n}` };
}

/** A baseline that no record has finished is a typo, not a missing comparison: one error for compare and report. */
export function checkBaseline(records: RunRecord[], baseline: string): void {
  const losses = [...new Set(records.filter((r) => r.status === 'ok').map((r) => r.key.loss))].sort();
  if (!losses.includes(baseline)) throw new SolhError(`baseline "${baseline}" has no finished runs in these records: choose --baseline from ${losses.join(', ') || 'none'}`);
}

/** Every comparison table the records make, losses in the paper's order. */
export function compareRecords(records: RunRecord[], o: CompareOptions): CompareTable[] {
  return compareTables(records, o, false);
}

/**
 * Every pair of losses of each (protocol, target), Δ = later − earlier in the paper's order (so
 * SOLH − SOL, SOL − BCE), with Holm over all the pairs of a table.
 */
export function compareAllPairs(records: RunRecord[], o: Omit<CompareOptions, 'baseline'>): CompareTable[] {
  return compareTables(records, { ...o, baseline: '' }, true);
}

function compareTables(records: RunRecord[], o: CompareOptions, allPairs: boolean): CompareTable[] {
  if (records.length === 0) throw new SolhError('no records to compare: run `solh run` first');
  if (!(o.confidence > 0 && o.confidence < 1)) throw new SolhError(`confidence ${o.confidence} must lie strictly between 0 and 1, e.g. 0.95`);
  if (!(Number.isInteger(o.bootstrap) && o.bootstrap >= 1)) throw new SolhError(`bootstrap resamples ${o.bootstrap} must be a whole number ≥ 1, e.g. 10000`);
  const known = new Set(records.filter((r) => r.status === 'ok').flatMap((r) => Object.keys(r.evaluation)));
  if (o.score !== undefined && !known.has(o.score)) {
    throw new SolhError(`unknown score "${o.score}": the records evaluate ${[...known].sort().join(', ')}`);
  }
  checkTargets(o.targets, [...new Set(groupRecords(records).flatMap(targetsOf))].sort());
  if (!allPairs) checkBaseline(records, o.baseline);
  const tables: CompareTable[] = [];
  for (const group of groupRecords(records)) {
    for (const target of (o.targets ?? targetsOf(group)).filter((t) => targetsOf(group).includes(t))) {
      const score = o.score ?? target;
      if (!known.has(score)) throw new SolhError(`score "${score}" is not in the records: pass --score with one of ${[...known].sort().join(', ')}`);
      const byLoss = recordsByLoss(group, target);
      const base = byLoss.get(o.baseline);
      if (!allPairs && (!base || !base.some((r) => r.status === 'ok'))) {
        throw new SolhError(`baseline "${o.baseline}" has no finished runs for target ${target} (config ${group[0].configHash}): choose --baseline from ${[...byLoss.keys()].sort().join(', ')}`);
      }
      const order = [...byLoss.keys()];
      const comparisons = allPairs
        ? order.flatMap((b, i) => order.slice(i + 1).map((loss) => ({ loss, baseline: b })))
        : order.filter((l) => l !== o.baseline).map((loss) => ({ loss, baseline: o.baseline }));
      const value = scoreValue(score, o.at);
      const partial = comparisons.map(({ loss, baseline }) => {
        const pairs = pairBySeed(byLoss.get(loss)!, byLoss.get(baseline)!, value);
        const seed = `${o.bootstrapSeed}|${target}|${score}|${loss}${allPairs ? `|${baseline}` : ''}`;
        return { loss, baseline, pairs, stats: pairedStats(pairs.diffs, o, seed) };
      });
      const tHolm = holm(partial.map((p) => p.stats.tP));
      const wHolm = holm(partial.map((p) => p.stats.wilcoxonP));
      const rows = partial.map(({ loss, baseline, pairs, stats }, i): CompareRow => ({
        target, score, at: o.at, loss, label: lossLabel(loss), baseline,
        configHash: group[0].configHash, backend: group[0].backend, seeds: pairs.seeds, unpaired: pairs.unpaired,
        ...stats, tPHolm: tHolm[i], wilcoxonPHolm: wHolm[i], ...verdictOf(stats, tHolm[i], o.confidence),
      }));
      tables.push({
        target, score, at: o.at, baseline: o.baseline, configHash: group[0].configHash, backend: group[0].backend,
        family: tHolm.filter((p) => p !== null).length, rows, ...(allPairs ? { allPairs } : {}),
      });
    }
  }
  return tables;
}
