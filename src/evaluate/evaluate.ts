/**
 * Evaluation after training: hard scores at the decision threshold (0.5 unless configured; the
 * fields keep the names trainAt05/testAt05), the threshold τ* that maximises each score on the
 * training set (the first maximiser on the grid step, 2·step, ..., 1 − step), and scores at τ*.
 */
import { SCORES, hardCounts, numberArith, parseScore } from 'solh-losses';

export interface ScoreEvaluation {
  trainAt05: number;
  tauStar: number;
  trainAtTau: number;
  testAt05: number;
  testAtTau: number;
}

/** The grid of candidate thresholds, as exact decimals k·step. */
export function thresholdGrid(step: number): number[] {
  const k = Math.round(1 / step);
  return Array.from({ length: k - 1 }, (_, i) => Number(((i + 1) * step).toFixed(10)));
}

/**
 * Every registered score without parameters, and the given score specs with parameters
 * (e.g. fbeta(2)), evaluated as above and keyed by their spec.
 */
export function evaluateAll(
  train: { p: ArrayLike<number>; y: ArrayLike<number> },
  test: { p: ArrayLike<number>; y: ArrayLike<number> },
  step: number,
  extraScores: string[] = [],
  threshold = 0.5,
): Record<string, ScoreEvaluation> {
  const grid = thresholdGrid(step);
  const out: Record<string, ScoreEvaluation> = {};
  const trainCounts = grid.map((t) => hardCounts(train.p, train.y, t));
  const train05 = hardCounts(train.p, train.y, threshold);
  const test05 = hardCounts(test.p, test.y, threshold);
  const plain = [...SCORES.values()].filter((d) => d.arity === 0).map((d) => d.name);
  for (const name of [...plain, ...extraScores.filter((x) => !plain.includes(x))]) {
    const s = parseScore(name);
    const score = (k: ReturnType<typeof hardCounts>) => s.compute(k, numberArith);
    let bestI = 0;
    let bestV = -Infinity;
    trainCounts.forEach((k, i) => {
      const v = score(k);
      if (v > bestV) {
        bestV = v;
        bestI = i;
      }
    });
    const tau = grid[bestI];
    out[s.spec] = {
      trainAt05: score(train05),
      tauStar: tau,
      trainAtTau: bestV,
      testAt05: score(test05),
      testAtTau: score(hardCounts(test.p, test.y, tau)),
    };
  }
  return out;
}

/** A score at every threshold of the grid, for plots of score against threshold. */
export function scoreCurve(p: ArrayLike<number>, y: ArrayLike<number>, score: string, step: number): number[] {
  const s = parseScore(score);
  return thresholdGrid(step).map((t) => s.compute(hardCounts(p, y, t), numberArith));
}
