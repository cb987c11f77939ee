/**
 * The training loop: Adam on shuffled mini-batches, the loss on the full validation set after
 * each epoch, early stopping on it, and the best epoch's weights restored. It knows tensors and
 * settings only: no files, no printing (progress goes to a callback).
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { Mlp, dropoutMasker } from '../model/mlp';
import { LossFn } from '../losses/loss';
import { EarlyStopping } from './early-stopping';
import type { Config } from '../experiment/config';

/** The training settings of the config, with the model's dropout and widths and the run's seed. */
export type TrainSettings = Config['training'] & {
  dropout: number;
  hidden: number[];
  seed: number;
};

export interface Examples {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
}

export interface TrainResult {
  status: 'ok' | 'failed';
  failure?: { epoch: number; reason: string };
  epochsRun: number;
  bestEpoch: number;
  trainLoss: number[];
  validationLoss: number[];
}

export interface EpochReport {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
}

export function train(
  model: Mlp,
  loss: LossFn,
  trainSet: Examples,
  validation: Examples,
  s: TrainSettings,
  onEpoch?: (r: EpochReport) => void,
): TrainResult {
  const n = trainSet.y.shape[0];
  const shuffleRng = seedrandom(`shuffle:${s.seed}`);
  const masks = dropoutMasker(s.hidden, s.dropout, s.seed);
  const optimizer = tf.train.adam(s.learningRate, s.beta1, s.beta2, s.epsilon);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const result: TrainResult = { status: 'ok', epochsRun: 0, bestEpoch: 0, trainLoss: [], validationLoss: [] };
  const stopping = new EarlyStopping(s.patience, s.minDelta);
  let bestWeights: tf.Tensor[] | undefined;

  try {
    for (let epoch = 1; epoch <= s.maxEpochs; epoch++) {
      shuffle(order, shuffleRng);
      let lossSum: tf.Tensor = tf.keep(tf.scalar(0));
      let batches = 0;
      for (let start = 0; start < n; start += s.batchSize) {
        const idx = tf.tensor1d(order.subarray(start, Math.min(n, start + s.batchSize)), 'int32');
        const xb = tf.gather(trainSet.x, idx) as tf.Tensor2D;
        const yb = tf.gather(trainSet.y, idx);
        const m = masks(idx.shape[0]);
        const cost = optimizer.minimize(() => loss(yb, model.logits(xb, m)), true, model.variables)!;
        const next = tf.keep(tf.add(lossSum, cost));
        tf.dispose([lossSum, cost, idx, xb, yb, ...(m ?? [])]);
        lossSum = next;
        batches++;
      }
      // One read per epoch: the mean training loss and the validation loss.
      const trainLoss = (lossSum.dataSync()[0]) / batches;
      lossSum.dispose();
      const validationLoss = tf.tidy(() => loss(validation.y, model.logits(validation.x)).dataSync()[0]);
      result.trainLoss.push(trainLoss);
      result.validationLoss.push(validationLoss);
      result.epochsRun = epoch;
      onEpoch?.({ epoch, trainLoss, validationLoss });
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        result.status = 'failed';
        const [which, value] = Number.isFinite(trainLoss) ? ['validation', validationLoss] : ['training', trainLoss];
        result.failure = { epoch, reason: `${which} loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'}` };
        return result;
      }
      const badWeights = nonFiniteWeights(model.variables);
      if (badWeights) {
        result.status = 'failed';
        result.failure = { epoch, reason: `weights became ${badWeights}` };
        return result;
      }
      const decision = stopping.update(epoch, validationLoss);
      if (decision === 'improved') {
        result.bestEpoch = epoch;
        if (s.restoreBest) {
          tf.dispose(bestWeights);
          bestWeights = model.variables.map((v) => tf.keep(v.clone()));
        }
      } else if (decision === 'stop') {
        break;
      }
    }
    if (s.restoreBest && bestWeights) model.variables.forEach((v, i) => v.assign(bestWeights![i]));
    return result;
  } finally {
    tf.dispose(bestWeights);
    optimizer.dispose();
  }
}

/**
 * 'NaN' or 'infinite' if any weight is: a score loss reads its soft step from a table, so NaN
 * outputs can still give a finite loss, and only the weights show the run is lost.
 */
function nonFiniteWeights(variables: tf.Variable[]): string | undefined {
  const flags = tf.tidy(() => {
    const all = tf.concat(variables.map((v) => tf.reshape(v, [-1])));
    return tf.stack([tf.any(tf.isNaN(all)), tf.any(tf.isInf(all))]);
  });
  const [nan, inf] = flags.dataSync();
  flags.dispose();
  return nan ? 'NaN' : inf ? 'infinite' : undefined;
}

/** Fisher–Yates in place, driven by the seeded generator. */
function shuffle(a: Int32Array, rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
