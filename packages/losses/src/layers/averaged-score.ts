/**
 * Hard scores of predictions over C output columns, as the library's metrics report them:
 * C = 1 is the binary case (positive where p ≥ threshold, exactly the CLI's evaluation at 0.5);
 * C > 1 predicts the argmax class and averages the one-vs-rest scores (macro, support-weighted,
 * or micro: one score of the summed counts), as scikit-learn's precision_score, f1_score, ... do
 * with the same average; accuracy is top-1 accuracy and balanced accuracy macro recall, as
 * scikit-learn's accuracy_score and balanced_accuracy_score (multiclassForm). The averaging is the
 * score loss's own (averagedCountsScore), over hard counts.
 */
import { Score, hardCounts } from '../scores';
import { Average, averagedCountsScore, multiclassForm } from '../one-vs-rest';

/** The score of p against labels y, both row-major [n, C] (y one-hot or 0/1). */
export function averagedScore(score: Score, y: ArrayLike<number>, p: ArrayLike<number>, classes: number, average: Average, threshold = 0.5): number {
  if (classes === 1) {
    const k = hardCounts(p, y, threshold);
    return averagedCountsScore(score, { tp: [k.tp], fp: [k.fp], positives: [k.tp + k.fn], rows: p.length }, average);
  }
  ({ score, average } = multiclassForm(score, average));
  const n = p.length / classes;
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const positives = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
    for (let c = 0; c < classes; c++) {
      const actual = y[i * classes + c] === 1;
      if (actual) positives[c]++;
      if (c === best) actual ? tp[c]++ : fp[c]++;
    }
  }
  return averagedCountsScore(score, { tp, fp, positives, rows: n }, average);
}
