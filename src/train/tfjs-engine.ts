/**
 * The TF.js training step, the reference for the fused one: the model's graph and the loss as
 * tensor ops, gradients by TF.js autodiff, tf.train.adam. One synchronous read per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../model/model';
import { Engine, EngineInput, Examples } from './engine';

export function tfjsEngine({ model, loss: { fn }, trainSet, validation, adam }: EngineInput): Engine {
  if (!fn) throw new Error('the tfjs training kernel trains a loss given as TF.js ops (TrainLoss.fn), and this one has none');
  // tidy frees the initial tensor; the variable keeps its own reference to the data.
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(model.theta), true));
  const x = tf.tensor2d(trainSet.x, [trainSet.rows, trainSet.width]);
  const y = tf.tensor1d(trainSet.y);
  const xv = tf.tensor2d(validation.x, [validation.rows, validation.width]);
  const yv = tf.tensor1d(validation.y);
  const optimizer = tf.train.adam(adam.learningRate, adam.beta1, adam.beta2, adam.epsilon);
  let lossSum: tf.Tensor = tf.scalar(0);
  let steps = 0;
  let best: tf.Tensor1D | undefined;
  return {
    step(idx, masks) {
      const rows = idx.length;
      const idxT = tf.tensor1d(idx, 'int32');
      const xb = tf.gather(x, idxT) as tf.Tensor2D;
      const yb = tf.gather(y, idxT);
      const m = masks?.map((mask) => tf.tensor2d(mask, [rows, mask.length / rows]));
      const cost = optimizer.minimize(() => fn(yb, model.logits(theta, xb, m)), true, [theta])!;
      const next = tf.add(lossSum, cost);
      tf.dispose([lossSum, cost, idxT, xb, yb, ...(m ?? [])]);
      lossSum = next;
      steps++;
    },
    endEpoch() {
      // One read per epoch: the mean training loss and the validation loss.
      const trainLoss = lossSum.dataSync()[0] / steps;
      lossSum.dispose();
      lossSum = tf.scalar(0);
      steps = 0;
      const validationLoss = tf.tidy(() => fn(yv, model.logits(theta, xv)).dataSync()[0]);
      return { trainLoss, validationLoss };
    },
    nonFiniteWeights() {
      const flags = tf.tidy(() => tf.stack([tf.any(tf.isNaN(theta)), tf.any(tf.isInf(theta))]));
      const [nan, inf] = flags.dataSync();
      flags.dispose();
      return nan ? 'NaN' : inf ? 'infinite' : undefined;
    },
    keepBest() {
      tf.dispose(best);
      best = theta.clone();
    },
    restoreBest() {
      if (best) theta.assign(best);
    },
    close() {
      model.theta.set(theta.dataSync());
      tf.dispose([theta, x, y, xv, yv, lossSum, ...(best ? [best] : [])]);
      optimizer.dispose();
    },
  };
}

/** P(positive) for every row of a set with the model's current weights, through its TF.js graph. */
export function tfjsPredict(model: Model, set: Examples): Float32Array {
  return tf.tidy(() => {
    const theta = tf.tensor1d(model.theta);
    const x = tf.tensor2d(set.x, [set.rows, set.width]);
    return tf.sigmoid(model.logits(theta, x)).dataSync() as Float32Array;
  });
}
