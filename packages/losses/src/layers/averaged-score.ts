/**
 * Hard scores of predictions over C output columns, as the library's metrics report them:
 * C = 1 is the binary case (positive where p ≥ threshold, exactly the CLI's evaluation at 0.5);
 * C > 1 predicts the argmax class and averages the one-vs-rest scores (macro, support-weighted,
 * or micro: one score of the summed counts), as scikit-learn's precision_score, f1_score, ... do
 * with the same average; accuracy is top-1 accuracy and balanced accuracy macro recall, as
 * scikit-learn's accuracy_score and balanced_accuracy_score (multiclassForm).
 */
import { Counts, Score, hardCounts, numberArith } from '../scores';
import { Average, classWeights, multiclassForm } from '../one-vs-rest';

/** The score of p against labels y, both row-major [n, C] (y one-hot or 0/1). */
export function averagedScore(score: Score, y: ArrayLike<number>, p: ArrayLike<number>, classes: number, average: Average, threshold = 0.5): number {
  if (classes === 1) return score.compute(hardCounts(p, y, threshold), numberArith);
  ({ score, average } = multiclassForm(score, average));
  const n = p.length / classes;
  const counts: Counts<number>[] = Array.from({ length: classes }, () => ({ tp: 0, fn: 0, fp: 0, tn: 0 }));
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
    for (let c = 0; c < classes; c++) {
      const k = counts[c];
      const actual = y[i * classes + c] === 1;
      if (c === best) actual ? k.tp++ : k.fp++;
      else actual ? k.fn++ : k.tn++;
    }
  }
  if (average === 'micro') {
    const sum = counts.reduce((a, k) => ({ tp: a.tp + k.tp, fn: a.fn + k.fn, fp: a.fp + k.fp, tn: a.tn + k.tn }), { tp: 0, fn: 0, fp: 0, tn: 0 });
    return score.compute(sum, numberArith);
  }
  const weights = classWeights(counts.map((k) => k.tp + k.fn), average);
  return counts.reduce((acc, k, c) => acc + weights[c] * score.compute(k, numberArith), 0);
}
