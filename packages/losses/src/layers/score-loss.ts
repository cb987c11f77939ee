/**
 * `scoreLoss`: a loss spec and a target score as a TF.js loss for `model.compile({ loss })`.
 * Operations come from the user's own @tensorflow/tfjs (a peer dependency), so one TF.js loads.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { lossFamily, parseLoss } from '../families';
import { parseScore } from '../scores';
import { checkDelta } from '../steps';
import { expectationFill } from '../fused';
import { oneVsRestKernel } from '../one-vs-rest';
import { AveragingOptions, booleanOption, checkOptions, checkShapes, columns, numberOption } from './options';

export interface ScoreLossOptions extends AveragingOptions {
  /**
   * δ of the linear soft step H^l (soft-set, solh): H^l(lo) = δ, in (0, 0.5); default 0.1 as in
   * the paper. (Not SOL's `delta`, the cosine half-width: that is the s of 'cosine(μ,s)' in the spec.)
   */
  stepSlope?: number;
  /**
   * Check labels (0/1, one-hot) and predictions (probabilities in [0, 1]) on every call. A score
   * loss reads the batch anyway, so for it the check is free and always on; 'bce' runs on the
   * backend, where the check costs one synchronous read per batch: off by default, turn it on
   * while debugging. Shapes are checked always.
   */
  checkInputs?: boolean;
}

export type TfLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/**
 * The loss `spec` (as in the CLI: 'solh:uniform', 'sol:cosine(0.5,0.3)', 'soft-set', 'bce', ...)
 * aimed at `score` ('f1', 'mcc', 'fbeta(2)', ...): best − score of the soft confusion matrix,
 * one-vs-rest and averaged for [n, C] outputs. 'bce' is binary cross-entropy (it ignores `score`).
 */
export function scoreLoss(spec: string, score: string, options?: ScoreLossOptions): TfLoss {
  const where = 'scoreLoss';
  const { from, average } = checkOptions(where, options, ['stepSlope', 'from', 'average', 'checkInputs']);
  const delta = numberOption(where, 'stepSlope', options?.stepSlope, 0.1);
  checkDelta(delta);
  const check = booleanOption(where, 'checkInputs', options?.checkInputs, false);
  if (typeof spec !== 'string') throw new SolhError(`${where}: the loss spec must be a string such as 'solh:uniform'`);
  if (typeof score !== 'string') throw new SolhError(`${where}: the score must be a string such as 'f1'`);
  const s = parseScore(score);
  const loss = parseLoss(spec, delta);
  if (lossFamily(loss.family).training === 'cross-entropy') {
    // Per element, so [n, C] is C binary problems as for the score losses.
    return (yTrue, yPred) => {
      checkShapes(where, yTrue, yPred);
      if (check) columns(where, yTrue, yPred, from);
      return tf.tidy(() => {
        const y = tf.reshape(yTrue, yPred.shape).toFloat();
        return (from === 'logits'
          ? tf.losses.sigmoidCrossEntropy(y, yPred)
          : tf.mean(tf.metrics.binaryCrossentropy(y, yPred))) as tf.Scalar;
      });
    };
  }
  const fill = expectationFill(loss.step!, loss.dist!);
  return (yTrue, yPred) => {
    checkShapes(where, yTrue, yPred);
    return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [yT, xT, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const c = columns(where, yT, xT, from);
      const v = oneVsRestKernel(fill, s, c.y, c.x, c.classes, average, from);
      const g = tf.tensor(Float32Array.from(v.grad), xT.shape);
      save([g]);
      return {
        value: tf.scalar(v.loss),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(yT), tf.mul(dy, saved[0])],
      };
    })(yTrue, yPred) as tf.Scalar;
  };
}
