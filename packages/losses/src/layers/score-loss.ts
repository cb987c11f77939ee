/**
 * `scoreLoss`: a loss spec and a target score as a TF.js loss for `model.compile({ loss })`.
 * Operations come from the user's own @tensorflow/tfjs (a peer dependency), so one TF.js loads.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { lossFamily, parseLoss } from '../families';
import { parseScore } from '../scores';
import { expectationFill } from '../fused';
import { oneVsRestKernel } from '../one-vs-rest';
import { AveragingOptions, checkOptions, columns } from './options';

export interface ScoreLossOptions extends AveragingOptions {
  /** Slope δ of the linear step H^l (soft-set, solh), in (0, 0.5); default 0.1 as in the paper. */
  delta?: number;
}

export type TfLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/**
 * The loss `spec` (as in the CLI: 'solh:uniform', 'sol:cosine(0.5,0.3)', 'soft-set', 'bce', ...)
 * aimed at `score` ('f1', 'mcc', 'fbeta(2)', ...): best − score of the soft confusion matrix,
 * one-vs-rest and averaged for [n, C] outputs. 'bce' is binary cross-entropy (it ignores `score`).
 */
export function scoreLoss(spec: string, score: string, options?: ScoreLossOptions): TfLoss {
  const where = 'scoreLoss';
  const { from, average } = checkOptions(where, options, ['delta', 'from', 'average']);
  const delta = options?.delta ?? 0.1;
  if (typeof spec !== 'string') throw new SolhError(`${where}: the loss spec must be a string such as 'solh:uniform'`);
  if (typeof score !== 'string') throw new SolhError(`${where}: the score must be a string such as 'f1'`);
  const s = parseScore(score);
  const loss = parseLoss(spec, delta);
  if (lossFamily(loss.family).training === 'cross-entropy') {
    // Per element, so [n, C] is C binary problems as for the score losses.
    return (yTrue, yPred) =>
      tf.tidy(() => {
        const y = tf.reshape(yTrue, yPred.shape).toFloat();
        return (from === 'logits'
          ? tf.losses.sigmoidCrossEntropy(y, yPred)
          : tf.mean(tf.metrics.binaryCrossentropy(y, yPred))) as tf.Scalar;
      });
  }
  const fill = expectationFill(loss.step!, loss.dist!);
  return (yTrue, yPred) =>
    tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [yT, xT, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const c = columns(where, yT, xT);
      const v = oneVsRestKernel(fill, s, c.y, c.x, c.classes, average, from);
      const g = tf.tensor(Float32Array.from(v.grad), xT.shape);
      save([g]);
      return {
        value: tf.scalar(v.loss),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(yT), tf.mul(dy, saved[0])],
      };
    })(yTrue, yPred) as tf.Scalar;
}
