/**
 * The score loss as one op: a kernel in plain JavaScript (float64) for value and gradient, behind
 * tf.customGrad. The composed-ops version in loss.ts is the same function written with tensor ops;
 * this one exists for speed: a mini-batch has tens of examples, and on CPU backends the cost of a
 * composed loss is the per-op overhead of its ~40 small ops, not arithmetic. Here the batch is
 * read once, every step of the loss is a loop over it, and the gradient is handed back as one tensor.
 * Reading values synchronously is cheap on the cpu, wasm and node backends (memory shared with JS).
 */
import * as tf from '@tensorflow/tfjs';
import { SoftStep } from './steps';
import { ThresholdDistribution } from './thresholds';
import { cachedTable } from './expectation';
import { Score, dualArith, dualCounts } from './scores';

/** Fills E(p_i) and dE/dp(p_i) in float64: the step itself for a point mass, else the interpolated table. */
export type ExpectationFill = (p: Float64Array, e: Float64Array, de: Float64Array) => void;

export function expectationFill(step: SoftStep, dist: ThresholdDistribution): ExpectationFill {
  if (dist.kind === 'point') {
    const tau0 = dist.tau0;
    return (p, e, de) => {
      for (let i = 0; i < p.length; i++) {
        e[i] = step.value(p[i], tau0);
        de[i] = step.slope(p[i], tau0);
      }
    };
  }
  const { e: te, eStep, de: tde, deStep, size: n } = cachedTable(step, dist);
  return (p, e, de) => {
    for (let k = 0; k < p.length; k++) {
      const x = (p[k] <= 0 ? 0 : p[k] >= 1 ? 1 : p[k]) * n;
      const i = x >= n ? n - 1 : Math.floor(x);
      const f = x - i;
      e[k] = te[i] + f * eStep[i];
      de[k] = tde[i] + f * deStep[i];
    }
  };
}

export interface ScoreLossValue {
  loss: number;
  /** dLoss/dlogit per example. */
  grad: Float32Array;
}

/** best − score(soft confusion matrix of E(sigmoid(z))) and its gradient in z, for labels y. */
export function scoreLossKernel(fill: ExpectationFill, score: Score, y: ArrayLike<number>, z: ArrayLike<number>): ScoreLossValue {
  const m = z.length;
  const p = new Float64Array(m);
  for (let i = 0; i < m; i++) p[i] = 1 / (1 + Math.exp(-z[i]));
  const h = new Float64Array(m);
  const dh = new Float64Array(m);
  fill(p, h, dh);
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < m; i++) {
    if (y[i] === 1) {
      tp += h[i];
      positives++;
    } else fp += h[i];
  }
  const s = score.compute(dualCounts({ tp, fn: positives - tp, fp, tn: m - positives - fp }), dualArith);
  // Loss = best − score; dLoss/dh_i through TP and FN for positives, FP and TN for negatives;
  // then the chain rule through E and the sigmoid.
  const [dTp, dFn, dFp, dTn] = s.d;
  const gPos = -(dTp - dFn);
  const gNeg = -(dFp - dTn);
  const grad = new Float32Array(m);
  for (let i = 0; i < m; i++) grad[i] = (y[i] === 1 ? gPos : gNeg) * dh[i] * p[i] * (1 - p[i]);
  return { loss: score.definition.best - s.v, grad };
}

/** The kernel as a tensor loss (y, logits) → scalar with its gradient in the logits. */
export function fusedScoreLoss(step: SoftStep, dist: ThresholdDistribution, score: Score): (y: tf.Tensor, logits: tf.Tensor) => tf.Scalar {
  const fill = expectationFill(step, dist);
  return (y, logits) =>
    tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [yT, zT, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const { loss, grad } = scoreLossKernel(fill, score, yT.dataSync(), zT.dataSync());
      const g = tf.tensor(grad, zT.shape);
      save([g]);
      return {
        value: tf.scalar(loss),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(yT), tf.mul(dy, saved[0])],
      };
    })(y, logits) as tf.Scalar;
}
