/**
 * `scoreMetric`: a score of hard decisions, for `model.compile({ metrics })`. Layers averages a
 * metric over batches, and the mean of per-batch F1 is not the F1 of the data: for the score of a
 * whole data set use `scoreCallback`. The metric reads each batch (it is computed in JavaScript),
 * so it checks labels and predictions on every call at no extra cost.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { parseScore } from '../scores';
import { averagedScore } from './averaged-score';
import { AveragingOptions, checkOptions, columns } from './options';

export interface ScoreMetricOptions extends AveragingOptions {
  /** Binary outputs are positive where p ≥ threshold (default 0.5); C > 1 columns use the argmax. */
  threshold?: number;
}

export type TfMetric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

export function checkThreshold(where: string, t: unknown): number {
  if (t === undefined) return 0.5;
  if (typeof t !== 'number') throw new SolhError(`${where}: threshold = ${JSON.stringify(t)} is a ${t === null ? 'null' : typeof t}, not a number: use e.g. 0.5`);
  if (!(t > 0 && t < 1)) throw new SolhError(`${where}: threshold = ${String(t)} is not in (0, 1): use e.g. 0.5`);
  return t;
}

/** Probabilities from the model's outputs, as the metrics read them. */
export function probabilities(x: ArrayLike<number>, from: 'probabilities' | 'logits'): ArrayLike<number> {
  return from === 'logits' ? Float64Array.from(x, (z) => 1 / (1 + Math.exp(-z))) : x;
}

/** The score's hard value on a batch; its name (the key in the history) is the score's spec. */
export function scoreMetric(score: string, options?: ScoreMetricOptions): TfMetric {
  const where = 'scoreMetric';
  const { from, average } = checkOptions(where, options, ['threshold', 'from', 'average']);
  const threshold = checkThreshold(where, options?.threshold);
  if (typeof score !== 'string') throw new SolhError(`${where}: the score must be a string such as 'f1'`);
  const s = parseScore(score);
  const fn: TfMetric = (yTrue, yPred) => {
    const c = columns(where, yTrue, yPred, from);
    return tf.scalar(averagedScore(s, c.y, probabilities(c.x, from), c.classes, average, threshold));
  };
  // Layers names a metric after its function: 'f1', 'val_f1' in the history.
  Object.defineProperty(fn, 'name', { value: s.spec });
  return fn;
}
