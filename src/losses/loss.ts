/**
 * Loss specs, parsed in one place, and the loss functions they name.
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
import { SolhError } from '../errors';
import { exactStep, linearStep, sigmoidStep, SoftStep } from './steps';
import { parseDistribution, pointMass, ThresholdDistribution, DISTRIBUTION_FORMS } from './thresholds';
import { expectedStep, ExpectedStep, DEFAULT_TABLE_BITS } from './expectation';
import { Score, softCounts, tensorArith } from './scores';
import { fusedScoreLoss, flatScoreLoss, bceKernel, FlatLoss } from './fused';

export const LOSS_FORMS = ['bce', 'soft-set', 'soft-set:τ0', 'sol:<dist>', 'solh:<dist>', 'sigmoid(k):<dist>'];

export type LossFamily = 'bce' | 'soft-set' | 'sol' | 'solh' | 'sigmoid';

export interface LossSpec {
  /** Canonical text, as written in records and tables. */
  spec: string;
  family: LossFamily;
  /** For score losses: the soft step and the threshold distribution it is averaged over. */
  step?: SoftStep;
  dist?: ThresholdDistribution;
}

function fail(text: string, why: string): never {
  throw new SolhError(`unknown loss "${text}": ${why}; valid forms: ${LOSS_FORMS.join(', ')} with <dist> = ${DISTRIBUTION_FORMS.join(' | ')}`);
}

/** Parses a loss spec; δ is the slope of H^l for soft-set and solh. */
export function parseLoss(text: string, delta = 0.1): LossSpec {
  const t = text.trim();
  const colon = t.indexOf(':');
  const head = (colon < 0 ? t : t.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? undefined : t.slice(colon + 1).trim();
  const distOf = (): ThresholdDistribution => (rest ? parseDistribution(rest) : fail(text, `${head} needs a distribution after ":"`));
  switch (head) {
    case 'bce':
      if (rest !== undefined) fail(text, 'bce takes no argument');
      return { spec: 'bce', family: 'bce' };
    case 'soft-set': {
      let tau0 = 0.5;
      if (rest !== undefined) {
        if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(rest)) fail(text, 'soft-set takes a threshold, e.g. soft-set:0.3');
        tau0 = Number(rest);
      }
      const dist = pointMass(tau0);
      return { spec: rest === undefined ? 'soft-set' : `soft-set:${tau0}`, family: 'soft-set', step: linearStep(delta), dist };
    }
    case 'sol': {
      const dist = distOf();
      return { spec: `sol:${dist.spec}`, family: 'sol', step: exactStep, dist };
    }
    case 'solh': {
      const dist = distOf();
      return { spec: `solh:${dist.spec}`, family: 'solh', step: linearStep(delta), dist };
    }
    default: {
      const m = /^sigmoid\(\s*([^()]*)\s*\)$/.exec(head);
      if (!m) return fail(text, `unknown name "${head}"`);
      const k = Number(m[1]);
      if (m[1] === '' || !Number.isFinite(k)) fail(text, 'sigmoid(k) needs a number k');
      const step = sigmoidStep(k);
      const dist = distOf();
      return { spec: `sigmoid(${k}):${dist.spec}`, family: 'sigmoid', step, dist };
    }
  }
}

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
  if (spec.family === 'bce') {
    return {
      spec,
      fn: (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar,
      flat: bceKernel,
      dispose: () => undefined,
    };
  }
  const flat = flatScoreLoss(spec.step!, spec.dist!, score, tableBits);
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
