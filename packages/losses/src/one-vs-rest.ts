/**
 * Score losses over C output columns, one-vs-rest: column c is the binary problem "class c or
 * not", with its own soft confusion matrix; the C scores are averaged (macro: plain mean;
 * support-weighted: by each class's count of positives; micro: one score of the summed counts).
 * C = 1 is the binary loss. Accuracy and balanced accuracy have their own multiclass forms
 * (multiclassForm). Value and gradient in float64, in plain JavaScript like the fused kernel.
 *
 * The input is probabilities (a sigmoid or softmax layer's output) or logits (a sigmoid is applied
 * per element). From probabilities the expected step E(p) is read on p directly, where it is
 * tabulated: no logit is formed, so p = 0 or 1 gives finite values and gradients.
 */
import { Score, dualArith, dualCounts, Dual, parseScore } from './scores';
import { ExpectationFill } from './fused';

/** 'support-weighted' is scikit-learn's average='weighted' (named so that it is not SOL's mode='weighted', by negatives). */
export const AVERAGES = ['macro', 'support-weighted', 'micro'] as const;
export type Average = (typeof AVERAGES)[number];

/**
 * The score and average that C > 1 columns are scored with, as scikit-learn defines them: accuracy
 * is top-1 accuracy (accuracy_score), which over one-hot rows is micro-averaged recall (the summed
 * TP over n); balanced accuracy is macro-averaged recall (balanced_accuracy_score). Neither takes
 * an average. Every other score is the one-vs-rest average asked for.
 */
export function multiclassForm(score: Score, average: Average): { score: Score; average: Average } {
  if (score.definition.name === 'accuracy') return { score: parseScore('recall'), average: 'micro' };
  if (score.definition.name === 'balanced-accuracy') return { score: parseScore('recall'), average: 'macro' };
  return { score, average };
}

/**
 * Weight of each class's score in a macro or support-weighted average: the plain mean, or each
 * class's share of the positives as scikit-learn weights it (the plain mean when there are no positives).
 */
export function classWeights(support: ArrayLike<number>, average: Exclude<Average, 'micro'>): number[] {
  let total = 0;
  for (let c = 0; c < support.length; c++) total += support[c];
  return Array.from(support, (s) => (average === 'support-weighted' && total > 0 ? s / total : 1 / support.length));
}

export const INPUTS = ['probabilities', 'logits'] as const;
export type Input = (typeof INPUTS)[number];

export interface OneVsRestValue {
  loss: number;
  /** dLoss/d(input) per element, row-major [n, C]. */
  grad: Float64Array;
}

/**
 * best − averaged score of the soft confusion matrices of E(p), for labels y and inputs x, both
 * row-major [n, C] (y one-hot, or 0/1 per column; soft labels weight the counts as in the binary loss).
 */
export function oneVsRestKernel(
  fill: ExpectationFill,
  score: Score,
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  classes: number,
  average: Average,
  input: Input,
): OneVsRestValue {
  if (classes > 1) ({ score, average } = multiclassForm(score, average));
  const m = x.length;
  const n = m / classes;
  const p = new Float64Array(m);
  for (let i = 0; i < m; i++) p[i] = input === 'logits' ? 1 / (1 + Math.exp(-x[i])) : x[i];
  const h = new Float64Array(m);
  const dh = new Float64Array(m);
  fill(p, h, dh);
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const pos = new Float64Array(classes);
  for (let i = 0; i < m; i++) {
    const c = i % classes;
    tp[c] += y[i] * h[i];
    fp[c] += (1 - y[i]) * h[i];
    pos[c] += y[i];
  }
  const countsOf = (t: number, f: number, ps: number, rows: number) => dualCounts({ tp: t, fn: ps - t, fp: f, tn: rows - ps - f });
  // Per class: the weight of its score in the average and dLoss/dh for its positives and negatives.
  const gPos = new Float64Array(classes);
  const gNeg = new Float64Array(classes);
  let loss: number;
  const grads = (s: Dual, w: number, c: number) => {
    const [dTp, dFn, dFp, dTn] = s.d;
    gPos[c] = -w * (dTp - dFn);
    gNeg[c] = -w * (dFp - dTn);
  };
  if (average === 'micro') {
    // One confusion matrix of all n·C binary decisions.
    let t = 0, f = 0, ps = 0;
    for (let c = 0; c < classes; c++) { t += tp[c]; f += fp[c]; ps += pos[c]; }
    const s = score.compute(countsOf(t, f, ps, m), dualArith);
    loss = score.definition.best - s.v;
    for (let c = 0; c < classes; c++) grads(s, 1, c);
  } else {
    const weights = classWeights(pos, average);
    loss = 0;
    for (let c = 0; c < classes; c++) {
      const s = score.compute(countsOf(tp[c], fp[c], pos[c], n), dualArith);
      const w = weights[c];
      loss += w * (score.definition.best - s.v);
      grads(s, w, c);
    }
  }
  const grad = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const c = i % classes;
    const g = (y[i] * gPos[c] + (1 - y[i]) * gNeg[c]) * dh[i];
    grad[i] = input === 'logits' ? g * p[i] * (1 - p[i]) : g;
  }
  return { loss, grad };
}
