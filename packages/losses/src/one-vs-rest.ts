/**
 * Score losses over C output columns, one-vs-rest: column c is the binary problem "class c or
 * not", with its own soft confusion matrix; the C scores are averaged (macro: plain mean;
 * support-weighted: by each class's count of positives; micro: one score of the summed counts).
 * C = 1 is the binary loss. Accuracy and balanced accuracy have their own multiclass forms
 * (multiclassForm). Value and gradient in float64, in plain JavaScript, for the fused training step
 * (C = 1), the loss op and the Layers API's scoreLoss.
 *
 * The input is probabilities (a sigmoid or softmax layer's output) or logits (a sigmoid is applied
 * per element). From probabilities the expected step E(p) is read on p directly, where it is
 * tabulated: no logit is formed, so p = 0 or 1 gives finite values and gradients.
 */
import { Counts, Score, dualArith, dualCounts, numberArith, parseScore } from './scores';
import { ExpectationFill } from './expectation-fill';

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
  const weights = new Array<number>(support.length);
  for (let c = 0; c < support.length; c++) weights[c] = average === 'support-weighted' && total > 0 ? support[c] / total : 1 / support.length;
  return weights;
}

export const INPUTS = ['probabilities', 'logits'] as const;
export type Input = (typeof INPUTS)[number];

/**
 * What a one-vs-rest average is made of, per class c: its (soft or hard) true positives, false
 * positives and positives, each over the same `rows` examples.
 */
export interface ClassTallies {
  tp: ArrayLike<number>;
  fp: ArrayLike<number>;
  positives: ArrayLike<number>;
  rows: number;
}

/** One term of a one-vs-rest average: a confusion matrix, its weight, and the classes whose counts it sums. */
interface AverageTerm {
  counts: Counts<number>;
  weight: number;
  classes: number[];
}

/**
 * The averaged score as a weighted sum of scores of confusion matrices, for soft counts (the loss)
 * and hard counts (the metrics) alike: micro is one score of the summed counts, macro and
 * support-weighted weight each class's score (classWeights).
 */
function averageTerms(t: ClassTallies, average: Average): AverageTerm[] {
  const classes = t.tp.length;
  const counts = (tp: number, fp: number, positives: number, rows: number): Counts<number> => ({ tp, fn: positives - tp, fp, tn: rows - positives - fp });
  if (average === 'micro') {
    // One confusion matrix of all rows·C binary decisions.
    let tp = 0, fp = 0, positives = 0;
    for (let c = 0; c < classes; c++) { tp += t.tp[c]; fp += t.fp[c]; positives += t.positives[c]; }
    return [{ counts: counts(tp, fp, positives, t.rows * classes), weight: 1, classes: Array.from({ length: classes }, (_, c) => c) }];
  }
  const weights = classWeights(t.positives, average);
  const terms = new Array<AverageTerm>(classes);
  for (let c = 0; c < classes; c++) terms[c] = { counts: counts(t.tp[c], t.fp[c], t.positives[c], t.rows), weight: weights[c], classes: [c] };
  return terms;
}

/** The averaged score of hard counts (the metrics' value). */
export function averagedCountsScore(score: Score, t: ClassTallies, average: Average): number {
  let value = 0;
  for (const term of averageTerms(t, average)) value += term.weight * score.compute(term.counts, numberArith);
  return value;
}

/**
 * Working arrays reused across calls: fresh megabyte-sized arrays per batch cost more (allocation
 * and first-touch page faults) than the arithmetic on them. Views of the right length are returned.
 */
let buffers = { p: new Float64Array(0), h: new Float64Array(0), dh: new Float64Array(0) };
let views = { m: -1, p: buffers.p, h: buffers.h, dh: buffers.dh };
function scratch(m: number): { p: Float64Array; h: Float64Array; dh: Float64Array } {
  if (views.m === m) return views; // a training loop asks for the same length again and again
  if (buffers.p.length < m) buffers = { p: new Float64Array(m), h: new Float64Array(m), dh: new Float64Array(m) };
  views = { m, p: buffers.p.subarray(0, m), h: buffers.h.subarray(0, m), dh: buffers.dh.subarray(0, m) };
  return views;
}

/** Per-class sums and gradients, overwritten by each call (a batch of the fused step is one call). */
let perClass = { tp: new Float64Array(1), fp: new Float64Array(1), positives: new Float64Array(1), gPos: new Float64Array(1), gNeg: new Float64Array(1) };
function classScratch(classes: number): typeof perClass {
  if (perClass.tp.length !== classes) {
    perClass = { tp: new Float64Array(classes), fp: new Float64Array(classes), positives: new Float64Array(classes), gPos: new Float64Array(classes), gNeg: new Float64Array(classes) };
  }
  return perClass;
}

/**
 * best − the averaged score of soft tallies, and per class dLoss/dh for its positives (through TP
 * and FN) into gPos and for its negatives (through FP and TN) into gNeg.
 */
function averagedLoss(score: Score, t: ClassTallies, average: Average, gPos: Float64Array, gNeg: Float64Array): number {
  let loss = 0;
  for (const term of averageTerms(t, average)) {
    const s = score.compute(dualCounts(term.counts), dualArith);
    loss += term.weight * (score.definition.best - s.v);
    const [dTp, dFn, dFp, dTn] = s.d;
    for (const c of term.classes) {
      gPos[c] = -term.weight * (dTp - dFn);
      gNeg[c] = -term.weight * (dFp - dTn);
    }
  }
  return loss;
}

/**
 * The score loss on flat arrays: best − averaged score of the soft confusion matrices of E(p), for
 * labels y and inputs x, both row-major [n, C] (y one-hot, or 0/1 per column; soft labels weight
 * the counts: y·h and (1 − y)·h). C = 1 is the binary loss. dLoss/d(input) per element is written
 * into `grad` (length n·C); the loss is returned.
 */
export function oneVsRestScoreLoss(
  fill: ExpectationFill,
  score: Score,
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  classes: number,
  average: Average,
  input: Input,
  grad: Float32Array | Float64Array,
): number {
  const form = classes > 1 ? multiclassForm(score, average) : { score, average };
  const m = x.length;
  const { p, h, dh } = scratch(m);
  if (input === 'logits') for (let i = 0; i < m; i++) p[i] = 1 / (1 + Math.exp(-x[i]));
  else for (let i = 0; i < m; i++) p[i] = x[i];
  fill(p, h, dh);
  const { tp, fp, positives, gPos, gNeg } = classScratch(classes);
  // Column c is every classes-th element from c; sums in locals, rows in order.
  for (let c = 0; c < classes; c++) {
    let t = 0, f = 0, ps = 0;
    for (let i = c; i < m; i += classes) {
      t += y[i] * h[i];
      f += (1 - y[i]) * h[i];
      ps += y[i];
    }
    tp[c] = t;
    fp[c] = f;
    positives[c] = ps;
  }
  const loss = averagedLoss(form.score, { tp, fp, positives, rows: m / classes }, form.average, gPos, gNeg);
  // The chain rule through E, and through the sigmoid for logits.
  const logits = input === 'logits';
  for (let c = 0; c < classes; c++) {
    const gp = gPos[c];
    const gn = gNeg[c];
    for (let i = c; i < m; i += classes) {
      const g = (y[i] * gp + (1 - y[i]) * gn) * dh[i];
      grad[i] = logits ? g * p[i] * (1 - p[i]) : g;
    }
  }
  return loss;
}
