/**
 * The loss of a spec for a target score on flat arrays, without TF.js: what the fused training
 * step trains with, and the `flat` of makeLoss (loss.ts).
 */
import { lossFamily, LossSpec } from './families';
import { Score } from './scores';
import { DEFAULT_TABLE_BITS } from './expectation';
import { bceKernel, flatScoreLoss, FlatLoss } from './fused';

export function flatLoss(spec: LossSpec, score: Score, tableBits = DEFAULT_TABLE_BITS): FlatLoss {
  if (lossFamily(spec.family).training === 'cross-entropy') return bceKernel;
  return flatScoreLoss(spec.step!, spec.dist!, score, tableBits);
}
