/**
 * A loss for a parsed spec and a target score, as its family builds it (families.ts): the loss op
 * (TF.js) and the flat loss (the fused training step). Specs: the forms of LOSS_FORMS, with <dist>
 * one of the threshold distributions' forms (thresholds.ts); δ is a separate setting. A score loss
 * is best − score(soft confusion matrix) for the target score; cross-entropy ignores the score.
 */
import { DEFAULT_TABLE_BITS } from './expectation';
import type { ExpectedStep } from './expected-step';
import { Score } from './scores';
import { FlatLoss } from './flat-loss';
import { LOSS_FAMILIES, LossFamily, lossFamily, LossFn, LossOpForm, LossSpec } from './families';
import { LOSS_OP_TOOLS } from './loss-op';


export interface Loss {
  spec: LossSpec;
  /** The loss op, on labels y ∈ {0,1} and logits z, both of shape [batch] or [batch, 1]. */
  fn: LossFn;
  /** The same loss on flat arrays, with its gradient in the logits (the fused training step). */
  flat: FlatLoss;
  /** The expected soft step as a tensor op (the 'ops' form of a score loss only). */
  expected?: ExpectedStep;
  /** Frees the tables the loss keeps on the backend. */
  dispose(): void;
}

/**
 * Builds the loss for a spec and a target score; `form` is the loss op's (config loss.kernel);
 * `families` the registry the spec was parsed with.
 */
export function makeLoss(spec: LossSpec, score: Score, form: LossOpForm = 'fused', tableBits = DEFAULT_TABLE_BITS, families: readonly LossFamily[] = LOSS_FAMILIES): Loss {
  const family = lossFamily(spec.family, families);
  const op = family.lossOp(spec, score, { form, tableBits, from: 'logits', average: 'macro' }, LOSS_OP_TOOLS);
  return { spec, fn: op.fn, flat: family.flatLoss(spec, score, tableBits), expected: op.expected, dispose: op.dispose };
}
