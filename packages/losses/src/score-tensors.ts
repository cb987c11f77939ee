/**
 * Scores over scalar tensors: the arithmetic the score registry (scores.ts) needs, as TF.js ops
 * with gradients, and soft counts from labels and soft decisions. The division and the square root
 * are guarded on both branches so that neither the value nor the gradient is NaN.
 */
import * as tf from '@tensorflow/tfjs';
import { Arith, Counts } from './scores';

/**
 * a/b with 0 where b = 0, as one op with its own gradient: comparison ops have no gradient in
 * tfjs, so the guard cannot sit on the differentiated path.
 */
const safeRatio = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const ok = tf.notEqual(b, 0);
  const bSafe = tf.where(ok, b, tf.onesLike(b));
  const q = tf.where(ok, tf.div(a, bSafe), tf.zerosLike(a));
  save([ok, bSafe, q]);
  return {
    value: q,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sOk, sB, sQ] = saved;
      const zero = tf.zerosLike(dy);
      return [tf.where(sOk, tf.div(dy, sB), zero), tf.where(sOk, tf.neg(tf.div(tf.mul(dy, sQ), sB)), zero)];
    },
  };
});

/** √a with 0 where a ≤ 0, and a zero gradient there instead of an infinite one. */
const safeSqrt = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const ok = tf.greater(a, 0);
  const r = tf.where(ok, tf.sqrt(tf.where(ok, a, tf.onesLike(a))), tf.zerosLike(a));
  save([ok, r]);
  return {
    value: r,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sOk, sR] = saved;
      return tf.where(sOk, tf.div(dy, tf.mul(2, tf.where(sOk, sR, tf.onesLike(sR)))), tf.zerosLike(dy));
    },
  };
});

export const tensorArith: Arith<tf.Tensor> = {
  c: (x) => tf.scalar(x),
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  ratio: (a, b) => safeRatio(a, b),
  sqrt: (a) => safeSqrt(a),
};

/** Soft counts from labels y and soft decisions h in [0, 1] (docs/method.md §1.1). */
export function softCounts(y: tf.Tensor, h: tf.Tensor): Counts<tf.Tensor> {
  const tp = tf.sum(tf.mul(y, h));
  const predicted = tf.sum(h);
  const positives = tf.sum(y);
  const n = y.size;
  const fp = tf.sub(predicted, tp);
  const fn = tf.sub(positives, tp);
  return { tp, fn, fp, tn: tf.sub(tf.sub(tf.scalar(n), positives), fp) };
}
