/**
 * Evaluation after training: hard scores at the decision threshold (`evaluation.threshold`, 0.5
 * unless configured: trainAtThreshold/testAtThreshold; records of version 1 call them
 * trainAt05/testAt05, see src/store/record-schema.ts), the threshold τ* that maximises each score on the
 * set it is chosen on (the training set unless evaluation.tauOn says validation; the first
 * maximiser on the grid step, 2·step, ..., 1 − step), scores at τ* on train and test, and whether
 * the test predictions collapse to one class.
 */
import { SCORES, hardCounts, numberArith, parseScore } from 'solh-losses/core';
import type { Counts } from 'solh-losses/core';

export interface ScoreEvaluation {
  /** At the decision threshold, evaluation.threshold. */
  trainAtThreshold: number;
  tauStar: number;
  trainAtTau: number;
  testAtThreshold: number;
  testAtTau: number;
}

const grids = new Map<number, readonly number[]>();
/** The grid of candidate thresholds, as exact decimals k·step; made once per step (a run asks six times, and toFixed is slow). */
export function thresholdGrid(step: number): readonly number[] {
  let grid = grids.get(step);
  if (!grid) {
    const k = Math.round(1 / step);
    grid = Object.freeze(Array.from({ length: k - 1 }, (_, i) => Number(((i + 1) * step).toFixed(10))));
    grids.set(step, grid);
  }
  return grid;
}

/**
 * hardCounts(p, y, t) for every t of an ascending grid, in one pass over the examples: p ≥ t holds
 * for a prefix of the grid, whose length a binary search finds with the same comparisons, so the
 * counts are those of hardCounts at each threshold (NaN clears none).
 */
export function countsOnGrid(p: ArrayLike<number>, y: ArrayLike<number>, grid: readonly number[]): Counts<number>[] {
  const n = grid.length;
  // pos[k], neg[k]: examples whose p clears exactly the first k thresholds.
  const pos = new Int32Array(n + 1);
  const neg = new Int32Array(n + 1);
  for (let i = 0; i < p.length; i++) {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[i] >= grid[mid]) lo = mid + 1;
      else hi = mid;
    }
    if (y[i] === 1) pos[lo]++;
    else neg[lo]++;
  }
  let positives = 0;
  let negatives = 0;
  for (let k = 0; k <= n; k++) {
    positives += pos[k];
    negatives += neg[k];
  }
  // At threshold j the examples clearing more than j thresholds are predicted positive.
  const out = new Array<Counts<number>>(n);
  let tp = positives - pos[0];
  let fp = negatives - neg[0];
  for (let j = 0; j < n; j++) {
    out[j] = { tp, fn: positives - tp, fp, tn: negatives - fp };
    tp -= pos[j + 1];
    fp -= neg[j + 1];
  }
  return out;
}

/**
 * Every registered score without parameters, and the given score specs with parameters
 * (e.g. fbeta(2)), evaluated as above and keyed by their spec.
 */
export interface Predictions {
  p: ArrayLike<number>;
  y: ArrayLike<number>;
}

export function evaluateAll(
  train: Predictions,
  test: Predictions,
  step: number,
  extraScores: string[] = [],
  threshold = 0.5,
  tauSet: Predictions = train,
): Record<string, ScoreEvaluation> {
  const grid = thresholdGrid(step);
  const out: Record<string, ScoreEvaluation> = {};
  const tauCounts = countsOnGrid(tauSet.p, tauSet.y, grid);
  const trainAtThreshold = hardCounts(train.p, train.y, threshold);
  const testAtThreshold = hardCounts(test.p, test.y, threshold);
  const plain = [...SCORES.values()].filter((d) => d.arity === 0).map((d) => d.name);
  for (const name of [...plain, ...extraScores.filter((x) => !plain.includes(x))]) {
    const s = parseScore(name);
    const score = (k: Counts<number>) => s.compute(k, numberArith);
    let bestI = 0;
    let bestV = -Infinity;
    tauCounts.forEach((k, i) => {
      const v = score(k);
      if (v > bestV) {
        bestV = v;
        bestI = i;
      }
    });
    const tau = grid[bestI];
    out[s.spec] = {
      trainAtThreshold: score(trainAtThreshold),
      tauStar: tau,
      trainAtTau: tauSet === train ? bestV : score(hardCounts(train.p, train.y, tau)),
      testAtThreshold: score(testAtThreshold),
      testAtTau: score(hardCounts(test.p, test.y, tau)),
    };
  }
  return out;
}

/** Each score at every threshold of the grid, for plots of score against threshold (the counts found once for all). */
export function scoreCurves(p: ArrayLike<number>, y: ArrayLike<number>, scores: readonly string[], step: number): Record<string, number[]> {
  const counts = countsOnGrid(p, y, thresholdGrid(step));
  return Object.fromEntries(scores.map((score) => {
    const s = parseScore(score);
    return [score, counts.map((k) => s.compute(k, numberArith))];
  }));
}

/** Positive labels in a set. */
export function positives(set: Predictions): number {
  let n = 0;
  for (let i = 0; i < set.y.length; i++) n += set.y[i] === 1 ? 1 : 0;
  return n;
}

/** Whether every prediction at threshold t is the same class (p ≥ t is positive, as hardCounts reads it). */
export function oneClassAt(set: Predictions, t: number): boolean {
  const k = hardCounts(set.p, set.y, t);
  return k.tp + k.fp === 0 || k.tn + k.fn === 0;
}

/** Collapse of the test predictions at the decision threshold and at each evaluated score's τ*. */
export function testCollapse(test: Predictions, threshold: number, evaluation: Record<string, ScoreEvaluation>): { atThreshold: boolean; atTau: Record<string, boolean> } {
  return {
    atThreshold: oneClassAt(test, threshold),
    atTau: Object.fromEntries(Object.entries(evaluation).map(([s, e]) => [s, oneClassAt(test, e.tauStar)])),
  };
}
