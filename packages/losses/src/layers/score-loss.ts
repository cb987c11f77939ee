/**
 * `scoreLoss`: a loss spec and a target score as a TF.js loss for `model.compile({ loss })`.
 * Operations come from the user's own @tensorflow/tfjs (a peer dependency), so one TF.js loads.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { lossFamily, parseLoss } from '../families';
import { parseScore } from '../scores';
import { checkDelta } from '../steps';
import { DEFAULT_TABLE_BITS } from '../expectation';
import { LOSS_OP_TOOLS } from '../loss-op';
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
  const op = lossFamily(loss.family).lossOp(loss, s, { form: 'fused', tableBits: DEFAULT_TABLE_BITS, from, average, read: (y, x) => columns(where, y, x, from) }, LOSS_OP_TOOLS);
  return (yTrue, yPred) => {
    checkShapes(where, yTrue, yPred);
    // A loss op that reads the batch checks it anyway; one on the backend only when asked to.
    if (check && !op.readsBatch) columns(where, yTrue, yPred, from);
    return op.fn(yTrue, yPred);
  };
}
