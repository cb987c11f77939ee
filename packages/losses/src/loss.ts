/**
 * The loss functions that loss specs name (specs are parsed by the family registry, families.ts).
 *
 *   bce                       binary cross-entropy (on logits, numerically stable)
 *   soft-set[:τ0]             linear step H^l(δ) at a fixed threshold τ0 (default 0.5)   (Tsoi et al.)
 *   sol:<dist>                exact step averaged over τ ~ dist, i.e. the CDF of dist    (Marchetti et al.)
 *   solh:<dist>               linear step H^l(δ) averaged over τ ~ dist                  (Zou)
 *   sigmoid(k):<dist>         logistic step of steepness k averaged over τ ~ dist
 * with <dist> one of uniform, cosine(μ,s), point(τ0), beta(a,b). δ is a separate setting.
 * A score loss is best − score(soft confusion matrix) for the target score.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_TABLE_BITS } from './expectation';
import { expectedStep, ExpectedStep } from './expected-step';
import { Score } from './scores';
import { softCounts, tensorArith } from './score-tensors';
import { FlatLoss } from './fused';
import { fusedScoreLoss } from './fused-op';
import { flatLoss } from './flat-loss';
import { lossFamily, LossSpec } from './families';

// Parsing lives with the rest of each family's knowledge, in the registry.
export type { LossSpec, LossFamilyName as LossFamily } from './families';

/** A loss over labels y ∈ {0,1} and logits z, both of shape [batch] or [batch, 1]. */
export type LossFn = (y: tf.Tensor, logits: tf.Tensor) => tf.Scalar;

export interface Loss {
  spec: LossSpec;
  fn: LossFn;
  /** The same loss on flat arrays, with its gradient in the logits (the fused training step). */
  flat: FlatLoss;
  /** The expected soft step as a tensor op (the 'ops' kernel of a score loss only). */
  expected?: ExpectedStep;
  /** Frees the tables the loss keeps on the backend. */
  dispose(): void;
}

/**
 * How a score loss is computed: 'fused' (default) is one op with a JavaScript kernel, fast for
 * mini-batches; 'ops' composes tensor ops. Both are the same function; tests hold them together.
 */
export type LossKernel = 'fused' | 'ops';

/** Builds the loss for a spec and a target score. */
export function makeLoss(spec: LossSpec, score: Score, kernel: LossKernel = 'fused', tableBits = DEFAULT_TABLE_BITS): Loss {
  if (lossFamily(spec.family).training === 'cross-entropy') {
    return {
      spec,
      fn: (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar,
      flat: flatLoss(spec, score, tableBits),
      dispose: () => undefined,
    };
  }
  const flat = flatLoss(spec, score, tableBits);
  if (kernel === 'fused') {
    return { spec, fn: fusedScoreLoss(spec.step!, spec.dist!, score, tableBits), flat, dispose: () => undefined };
  }
  const e = expectedStep(spec.step!, spec.dist!, tableBits);
  const best = score.definition.best;
  return {
    spec,
    expected: e.fn,
    flat,
    fn: (y, logits) =>
      tf.tidy(() => {
        const h = e.fn(tf.sigmoid(logits));
        return tf.sub(best, score.compute(softCounts(y, h), tensorArith)) as tf.Scalar;
      }),
    dispose: e.dispose,
  };
}
