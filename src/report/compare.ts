/**
 * Does a loss beat the baseline? For each loss, the paired differences to the baseline over seeds
 * (the same seed means the same split and the same initial weights), with confidence intervals,
 * the paired t-test (naive and corrected for resampling), the Wilcoxon signed-rank test, an
 * equivalence test (TOST) within ±margin, Holm-corrected p-values and a plain verdict.
 * Pure: records in, rows out; the tests live in src/stats, the Wilcoxon test and the bootstrap's
 * resampling come from @stdlib and simple-statistics.
 */
// Loaded where a test runs: @stdlib/stats-ttest takes about half a second to load, which every
// command (and every --help) would pay at start-up.
type TTest = typeof import('@stdlib/stats-ttest');
import wilcoxon = require('@stdlib/stats-wilcoxon');
import seedrandom from 'seedrandom';
import { mean, quantileSorted, sampleWithReplacement } from 'simple-statistics';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { lossLabel } from './paper';
import { groupRecords, targetsOf, recordsByLoss, scoreValue, checkTargets, At } from './query';
import { holm } from '../stats/holm';
import { correctedFactor, resampledT } from '../stats/resampled-t';
import { TostResult, tTost, wilcoxonTost } from '../stats/tost';
import { collapsed, testPositives, testRows, trainRows } from './test-counts';

/**
 * The test a verdict rests on. corrected-t (the default): Nadeau & Bengio's corrected resampled t,
 * for seeds that resplit one data set (their test sets share rows, so their differences are
 * correlated); t and wilcoxon treat the seeds as independent samples.
 */
export const PAIRED_TESTS = ['corrected-t', 't', 'wilcoxon'] as const;
export type PairedTest = (typeof PAIRED_TESTS)[number];
export const TEST_LABELS: Record<PairedTest, string> = {
  'corrected-t': 'corrected resampled t (Nadeau & Bengio 2003, variance × (1/n + n_test/n_train))',
  t: 'paired t (assumes independent resplits)',
  wilcoxon: 'Wilcoxon signed-rank (assumes independent resplits)',
};

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
  /** The test the verdict rests on (and TOST's form: its variance, or signed ranks). */
  test: PairedTest;
  /** Equivalence margin: Δ within ±margin is "equivalent" when TOST rejects both one-sided nulls. */
  margin: number;
}

export const COMPARE_DEFAULTS: Omit<CompareOptions, 'baseline'> = {
  at: '0.5',
  confidence: 0.95,
  bootstrap: 10_000,
  bootstrapSeed: 'solh-compare',
  minBootstrapPairs: 5,
  test: 'corrected-t',
  margin: 0.01,
};

/**
 * Differences are rounded to this many decimals before ranking, so that two scores that differ by the
 * same count of test rows tie exactly (floating-point subtraction would break such ties at the 1e-16 level;
 * R's wilcox.test has `digits.rank` for the same reason).
 */
const RANK_DECIMALS = 12;

export type WilcoxonMethod = 'exact' | 'normal';

/** The sizes a comparison's runs were trained and tested on (means over its records; equal across seeds of one split). */
export interface SplitSizes {
  nTrain: number;
  nTest: number;
}

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
  /** V's mean under the null, k(k + 1)/4 for k nonzero pairs: V above it means the loss's side holds the larger ranks. */
  wilcoxonVNullMean: number | null;
  wilcoxonP: number | null;
  /**
   * exact: the exact null distribution (no zeros, no tied |d|, n ≤ 50). normal: zeros dropped (Wilcoxon's
   * convention), mid-ranks for ties, normal approximation with tie-corrected variance and continuity correction,
   * as R's wilcox.test does.
   */
  wilcoxonMethod: WilcoxonMethod | null;
  /** Corrected resampled t (null without split sizes or variance): statistic, p, interval, variance factor. */
  correctedTStatistic: number | null;
  correctedTP: number | null;
  correctedTCi: [number, number] | null;
  correctedFactor: number | null;
  /** The chosen test's p and interval (wilcoxon: the naive t interval). */
  testP: number | null;
  testCi: [number, number] | null;
  /** Equivalence within ±margin, in the chosen test's form. */
  tost: TostResult | null;
  /** Why some statistics are null, when they are. */
  note: string | null;
}

const IDENTICAL = 'every pair is identical';

const roundForRanks = (d: number[]) => d.map((x) => Math.round(x * 10 ** RANK_DECIMALS) / 10 ** RANK_DECIMALS);

function wilcoxonTest(d: number[]): { v: number; p: number; method: WilcoxonMethod; nonzero: number } {
  const r = roundForRanks(d);
  const nonzero = r.filter((x) => x !== 0);
  const abs = nonzero.map(Math.abs);
  const ties = new Set(abs).size !== abs.length;
  // The same rule as the library's (and R's): exact unless zeros, ties or more than 50 pairs.
  const method: WilcoxonMethod = nonzero.length === r.length && !ties && r.length <= 50 ? 'exact' : 'normal';
  const w = wilcoxon(r, { zeroMethod: 'wilcox', correction: true });
  // The two-sided exact p doubles a tail that may hold more than half the mass (e.g. V at the centre): cap at 1 as R does.
  return { v: w.statistic, p: Math.min(1, w.pValue), method, nonzero: nonzero.length };
}

function bootstrapCi(d: number[], confidence: number, resamples: number, seed: string): [number, number] {
  const rng = seedrandom(seed);
  const means = Array.from({ length: resamples }, () => mean(sampleWithReplacement(d, d.length, rng))).sort((a, b) => a - b);
  return [quantileSorted(means, (1 - confidence) / 2), quantileSorted(means, (1 + confidence) / 2)];
}

/** Statistics of one loss's paired differences d = score(loss) − score(baseline); split sizes for the corrected t. */
export function pairedStats(
  d: number[],
  o: Pick<CompareOptions, 'confidence' | 'bootstrap' | 'minBootstrapPairs'> & Partial<Pick<CompareOptions, 'test' | 'margin'>>,
  bootstrapSeed: string,
  split?: SplitSizes,
): PairedStats {
  const test = o.test ?? COMPARE_DEFAULTS.test;
  const margin = o.margin ?? COMPARE_DEFAULTS.margin;
  const none: PairedStats = {
    n: d.length, mean: d.length ? mean(d) : null, tCi: null, bootstrapCi: null, tStatistic: null, tP: null,
    wilcoxonV: null, wilcoxonVNullMean: null, wilcoxonP: null, wilcoxonMethod: null,
    correctedTStatistic: null, correctedTP: null, correctedTCi: null, correctedFactor: null, testP: null, testCi: null, tost: null, note: null,
  };
  if (d.length < 2) return { ...none, note: `${d.length} pair${d.length === 1 ? '' : 's'}: at least 2 are needed for an interval or a test` };
  if (test === 'corrected-t' && !split) {
    throw new SolhError('the corrected t needs each record\'s split sizes (features.rows), which these records lack: choose --test t or --test wilcoxon');
  }
  const m = mean(d);
  const r = roundForRanks(d);
  if (r.every((x) => x === r[0])) {
    // Zero variance: t is 0/0 or ±∞ and the signed-rank test has nothing to rank (all zero) — report no test.
    return { ...none, tCi: [m, m], testCi: [m, m], note: r[0] === 0 ? IDENTICAL : `every pair differs by exactly ${m}: zero variance, no t-test` };
  }
  const ttest = require('@stdlib/stats-ttest') as TTest;
  const t = ttest(d, { alpha: 1 - o.confidence });
  const w = wilcoxonTest(d);
  const factor = split ? correctedFactor(d.length, split.nTest, split.nTrain) : null;
  const ct = factor === null ? null : resampledT(d, factor, o.confidence);
  const naive = resampledT(d, 1 / d.length, o.confidence)!;
  const chosen = test === 'corrected-t' ? ct! : naive;
  const tost = test === 'wilcoxon' ? wilcoxonTost(d, margin, roundForRanks) : tTost(chosen.mean, chosen.se, chosen.df, margin);
  return {
    n: d.length, mean: m, tCi: [t.ci[0], t.ci[1]], tStatistic: t.statistic, tP: t.pValue,
    bootstrapCi: d.length >= o.minBootstrapPairs ? bootstrapCi(d, o.confidence, o.bootstrap, bootstrapSeed) : null,
    wilcoxonV: w.v, wilcoxonVNullMean: (w.nonzero * (w.nonzero + 1)) / 4, wilcoxonP: w.p, wilcoxonMethod: w.method,
    correctedTStatistic: ct?.statistic ?? null, correctedTP: ct?.p ?? null, correctedTCi: ct?.ci ?? null, correctedFactor: factor,
    testP: test === 'wilcoxon' ? w.p : test === 't' ? t.pValue : ct!.p,
    testCi: test === 'corrected-t' ? ct!.ci : [t.ci[0], t.ci[1]],
    tost, note: null,
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

/**
 * better / worse: the chosen test's Holm p below 1 − confidence (and, for the t tests, the interval
 * excludes 0). equivalent: no such difference, and TOST's Holm p below 1 − confidence (Δ within
 * ±margin). undecided: neither. untested: no test possible. collapsed: a paired run of either side
 * predicted one class for every test row, so the comparison is a failed training, not a verdict.
 */
export type Direction = 'better' | 'worse' | 'equivalent' | 'undecided' | 'untested' | 'collapsed';

/** A difference in units a reader can picture: test rows (accuracy) or test positives (recall, F1). */
export interface EffectUnits {
  unit: 'test rows' | 'test positives';
  /** Rows or positives in one test split (mean over the records). */
  per: number;
}

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
  test: PairedTest;
  testPHolm: number | null;
  margin: number;
  tostPHolm: number | null;
  /** Paired runs of each side whose test predictions were all one class. */
  collapsedRuns: CollapsedRuns;
  units: EffectUnits | null;
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
  test: PairedTest;
  margin: number;
  rows: CompareRow[];
  /** Every pair of losses (each row has its own baseline: the loss earlier in the paper's order). */
  allPairs?: boolean;
}

/** The direction and words of a verdict (see Direction). */
function verdictOf(
  s: PairedStats,
  p: { testPHolm: number | null; tostPHolm: number | null; collapsedRuns?: CollapsedRuns },
  o: Pick<CompareOptions, 'confidence' | 'margin'> & { test?: PairedTest },
): { direction: Direction; verdict: string } {
  const alpha = 1 - o.confidence;
  const c = p.collapsedRuns;
  if (c && isCollapsed(c, s.n)) return { direction: 'collapsed', verdict: `collapsed: ${collapsedText(c, s.n)}` };
  if (s.n < 2) return { direction: 'untested', verdict: `no test: n = ${s.n} pair${s.n === 1 ? '' : 's'} (need 2)` };
  if (p.testPHolm === null || s.testCi === null) {
    if (s.note === IDENTICAL) return { direction: 'equivalent', verdict: `equivalent (identical scores, n = ${s.n})` };
    return { direction: 'untested', verdict: `no test at n = ${s.n}: every pair differs by the same amount` };
  }
  const within = p.tostPHolm !== null && p.tostPHolm < alpha;
  const excludes0 = o.test === 'wilcoxon' || s.testCi[0] > 0 || s.testCi[1] < 0;
  if (p.testPHolm < alpha && excludes0) {
    // Wilcoxon: the side is where the signed ranks lie (V above its null mean n(n+1)/4 of the nonzero pairs).
    const up = o.test === 'wilcoxon' ? s.wilcoxonV! > s.wilcoxonVNullMean! : s.mean! > 0;
    const direction = up ? 'better' : 'worse';
    return { direction, verdict: within ? `${direction}, within ±${o.margin}` : direction };
  }
  if (within) return { direction: 'equivalent', verdict: `equivalent within ±${o.margin}` };
  return { direction: 'undecided', verdict: `undecided at n = ${s.n}` };
}

/** "6 of 30 runs of the loss, 0 of the baseline predicted one class". */
function collapsedText(c: CollapsedRuns, n: number): string {
  const side = (k: number | null) => (k === null ? 'unknown' : `${k} of ${n}`);
  return `${side(c.loss)} runs of the loss, ${side(c.baseline)} of the baseline predicted one class`;
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

/** The finished runs of one side for the paired seeds. */
function pairedRuns(seeds: number[], runs: RunRecord[]): RunRecord[] {
  const keep = new Set(seeds);
  return runs.filter((r) => r.status === 'ok' && keep.has(r.key.seed));
}

/** Collapsed paired runs per side (null: the records cannot tell, see test-counts.ts). */
export interface CollapsedRuns {
  loss: number | null;
  baseline: number | null;
}

/**
 * A comparison is no verdict when more than half of either side's paired runs collapsed: its typical
 * run is a failed training. Fewer collapses are part of the loss's record and stay in Δ (shown in the row).
 */
function isCollapsed(c: CollapsedRuns, n: number): boolean {
  return (c.loss ?? 0) > n / 2 || (c.baseline ?? 0) > n / 2;
}

/** Mean training and test sizes of the paired runs, or undefined when a record lacks them. */
function splitSizes(runs: RunRecord[]): SplitSizes | undefined {
  const tr = runs.map(trainRows);
  const te = runs.map(testRows);
  if (runs.length === 0 || tr.some((x) => !x) || te.some((x) => !x)) return undefined;
  return { nTrain: mean(tr as number[]), nTest: mean(te as number[]) };
}

/** Collapsed runs of one side; null when some run cannot tell and none is known to have collapsed. */
function collapsedCount(runs: RunRecord[], score: string, at: At): number | null {
  const c = runs.map((r) => collapsed(r, score, at));
  const n = c.filter((x) => x === true).length;
  return n > 0 || c.every((x) => x !== undefined) ? n : null;
}

/** Units for Δ: test rows for accuracy, test positives for scores read over the positives (recall, F1, precision). */
const UNIT_OF: Record<string, EffectUnits['unit']> = { accuracy: 'test rows', recall: 'test positives', f1: 'test positives', precision: 'test positives' };

function effectUnits(runs: RunRecord[], score: string): EffectUnits | null {
  const unit = UNIT_OF[score];
  if (!unit || runs.length === 0) return null;
  const per = runs.map((r) => (unit === 'test rows' ? testRows(r) : testPositives(r)));
  return per.every((x) => x !== undefined) ? { unit, per: mean(per as number[]) } : null;
}

/**
 * The rows of one Holm family: the given comparisons of one protocol's records for one target, each
 * loss against its own baseline, Holm over exactly these comparisons (a claim that rests on four
 * comparisons is judged with a family of four). The records are one protocol's (see groupRecords).
 */
export function compareFamily(
  group: RunRecord[],
  target: string,
  score: string,
  comparisons: { loss: string; baseline: string }[],
  o: CompareOptions,
  allPairs = false,
): CompareRow[] {
  const byLoss = recordsByLoss(group, target);
  const value = scoreValue(score, o.at);
  const partial = comparisons.map(({ loss, baseline }) => {
    const pairs = pairBySeed(byLoss.get(loss) ?? [], byLoss.get(baseline) ?? [], value);
    const lossRuns = pairedRuns(pairs.seeds, byLoss.get(loss) ?? []);
    const baseRuns = pairedRuns(pairs.seeds, byLoss.get(baseline) ?? []);
    const paired = [...lossRuns, ...baseRuns];
    const seed = `${o.bootstrapSeed}|${target}|${score}|${loss}${allPairs ? `|${baseline}` : ''}`;
    const stats = pairedStats(pairs.diffs, o, seed, splitSizes(paired));
    const collapsedRuns = { loss: collapsedCount(lossRuns, score, o.at), baseline: collapsedCount(baseRuns, score, o.at) };
    return { loss, baseline, pairs, stats, collapsedRuns, units: effectUnits(paired, score) };
  });
  // A collapsed comparison is no verdict, so it is no member of the Holm family either.
  const inFamily = (p: (typeof partial)[number], x: number | null) => (isCollapsed(p.collapsedRuns, p.stats.n) ? null : x);
  const tHolm = holm(partial.map((p) => p.stats.tP));
  const wHolm = holm(partial.map((p) => p.stats.wilcoxonP));
  const testHolm = holm(partial.map((p) => inFamily(p, p.stats.testP)));
  const tostHolm = holm(partial.map((p) => inFamily(p, p.stats.tost?.p ?? null)));
  return partial.map(({ loss, baseline, pairs, stats, collapsedRuns, units }, i): CompareRow => ({
    target, score, at: o.at, loss, label: lossLabel(loss), baseline,
    configHash: group[0].configHash, backend: group[0].backend, seeds: pairs.seeds, unpaired: pairs.unpaired,
    ...stats, tPHolm: tHolm[i], wilcoxonPHolm: wHolm[i], test: o.test, testPHolm: testHolm[i], margin: o.margin, tostPHolm: tostHolm[i],
    collapsedRuns, units,
    ...verdictOf(stats, { testPHolm: testHolm[i], tostPHolm: tostHolm[i], collapsedRuns }, o),
  }));
}

function compareTables(records: RunRecord[], o: CompareOptions, allPairs: boolean): CompareTable[] {
  if (records.length === 0) throw new SolhError('no records to compare: run `solh run` first');
  if (!(o.confidence > 0 && o.confidence < 1)) throw new SolhError(`confidence ${o.confidence} must lie strictly between 0 and 1, e.g. 0.95`);
  if (!(PAIRED_TESTS as readonly string[]).includes(o.test)) throw new SolhError(`test "${o.test}": choose one of ${PAIRED_TESTS.join(', ')}`);
  if (!(o.margin > 0 && Number.isFinite(o.margin))) throw new SolhError(`equivalence margin ${o.margin} must be a positive number, e.g. 0.01`);
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
      const rows = compareFamily(group, target, score, comparisons, o, allPairs);
      tables.push({
        target, score, at: o.at, baseline: o.baseline, configHash: group[0].configHash, backend: group[0].backend,
        family: rows.filter((r) => r.testPHolm !== null).length, test: o.test, margin: o.margin, rows, ...(allPairs ? { allPairs } : {}),
      });
    }
  }
  return tables;
}
