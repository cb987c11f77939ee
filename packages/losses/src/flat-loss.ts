/**
 * Flat losses: losses on flat arrays, what the fused training step calls once per mini-batch. Each
 * loss family makes its own (families.ts); these are the ones the shipped families use, and
 * flatLoss, the one a spec's family makes. Plain numbers, no tensors: part of solh-losses/core.
 */
import { SoftStep } from './steps';
import { ThresholdDistribution } from './thresholds';
import { DEFAULT_TABLE_BITS } from './expectation';
import { expectationFill, FillForm } from './expectation-fill';
import { oneVsRestScoreLoss } from './one-vs-rest';
import { Score } from './scores';
// A cycle (families.ts builds its entries' flat losses from this module); read only inside flatLoss.
import { LOSS_FAMILIES, LossFamily, lossFamily, LossSpec } from './families';

/**
 * What a flat loss computes, for a kernel that computes the same bits elsewhere (the lock-step
 * WebAssembly, assembly/loss.ts): binary cross-entropy, or a binary score loss by its fill and
 * its score. A loss without it is computed by calling it.
 */
export type FlatLossForm = { kind: 'bce' } | { kind: 'score'; fill: FillForm; score: Score };

/**
 * A loss on flat arrays: the loss of logits z for labels y, with dLoss/dz written into grad (same
 * length as z); `form` says what it computes where a kernel can compute it too.
 */
export type FlatLoss = ((y: ArrayLike<number>, z: Float32Array, grad: Float32Array) => number) & { readonly form?: FlatLossForm };

/**
 * Binary cross-entropy on logits, the mean over the batch: the formula and reduction of
 * tf.losses.sigmoidCrossEntropy (max(z,0) − z·y + log(1 + e^−|z|)), gradient (σ(z) − y)/m.
 */
const bce = (y: ArrayLike<number>, z: Float32Array, grad: Float32Array): number => {
  const m = z.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const zi = z[i];
    const e = Math.exp(-Math.abs(zi));
    sum += (zi > 0 ? zi : 0) - zi * y[i] + Math.log1p(e);
    // For z ≥ 0 (−0 included: e^0 = 1 either way) e^−z is the e^−|z| above: computed once.
    grad[i] = (1 / (1 + (zi >= 0 ? e : Math.exp(-zi))) - y[i]) / m;
  }
  return sum / m;
};
export const flatBce: FlatLoss = Object.assign(bce, { form: { kind: 'bce' as const } });

/** The binary score loss (best − score of the soft counts of E(sigmoid(z))): one-vs-rest with one class. */
export function flatScoreLoss(step: SoftStep, dist: ThresholdDistribution, score: Score, bits = DEFAULT_TABLE_BITS): FlatLoss {
  const fill = expectationFill(step, dist, bits);
  const loss = (y: ArrayLike<number>, z: Float32Array, grad: Float32Array) => oneVsRestScoreLoss(fill, score, y, z, 1, 'macro', 'logits', grad);
  return Object.assign(loss, { form: { kind: 'score' as const, fill: fill.form, score } });
}

/**
 * The flat loss of a parsed spec for a target score, as its family makes it (`families` is the
 * registry the spec was parsed with): what a worker training on the fused step builds, without TF.js.
 */
export function flatLoss(spec: LossSpec, score: Score, tableBits = DEFAULT_TABLE_BITS, families: readonly LossFamily[] = LOSS_FAMILIES): FlatLoss {
  return lossFamily(spec.family, families).flatLoss(spec, score, tableBits);
}
