/**
 * The flat score-loss kernel (fused.ts) as one TF.js op: the batch is read once, the kernel gives
 * value and gradient, and the gradient is handed back as one tensor. Reading values synchronously
 * is cheap on the cpu, wasm and node backends (memory shared with JS).
 */
import * as tf from '@tensorflow/tfjs';
import { SoftStep } from './steps';
import { ThresholdDistribution } from './thresholds';
import { DEFAULT_TABLE_BITS } from './expectation';
import { Score } from './scores';
import { flatScoreLoss } from './fused';

/** The kernel as a tensor loss (y, logits) → scalar with its gradient in the logits. */
export function fusedScoreLoss(
  step: SoftStep,
  dist: ThresholdDistribution,
  score: Score,
  bits = DEFAULT_TABLE_BITS,
): (y: tf.Tensor, logits: tf.Tensor) => tf.Scalar {
  const flat = flatScoreLoss(step, dist, score, bits);
  return (y, logits) =>
    tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [yT, zT, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const z = zT.dataSync() as Float32Array;
      const grad = new Float32Array(z.length);
      const loss = flat(yT.dataSync(), z, grad);
      const g = tf.tensor(grad, zT.shape);
      save([g]);
      return {
        value: tf.scalar(loss),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(yT), tf.mul(dy, saved[0])],
      };
    })(y, logits) as tf.Scalar;
}
