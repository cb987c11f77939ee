/**
 * Soft steps as tensor ops at a fixed threshold τ0: h(p, τ0) for a tensor of p, with a usable
 * gradient (the expected step of a point mass). The float64 steps are in steps.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { linearPieces, SoftStep } from './steps';

export function stepAtThreshold(step: SoftStep, p: tf.Tensor, tau0: number): tf.Tensor {
  const form = step.form;
  switch (form.kind) {
    case 'exact':
      // Comparison ops have no gradient in tfjs: give the (true) zero gradient explicitly.
      return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
        value: tf.cast(tf.greaterEqual(args[0] as tf.Tensor, tau0), 'float32'),
        gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
      }))(p);
    case 'linear': {
      const { lo, hi, m1, m2, m3 } = linearPieces(tau0, form.delta);
      // m1·min(p, lo) + m2·clip(p − lo, 0, hi − lo) + m3·max(p − hi, 0): the three pieces, with gradients.
      return tf.tidy(() =>
        tf.minimum(p, lo).mul(m1)
          .add(tf.clipByValue(p.sub(lo), 0, hi - lo).mul(m2))
          .add(tf.relu(p.sub(hi)).mul(m3)),
      );
    }
    case 'sigmoid':
      return tf.sigmoid(p.sub(tau0).mul(form.k));
  }
}
