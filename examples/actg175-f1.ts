/**
 * Example: a binary Layers model on ACTG 175 (label `cid`) trained for F1 with `scoreLoss`.
 *
 *   npx tsc -p tsconfig.json && node dist/examples/actg175-f1.js [epochs]
 *
 * The model ends in a sigmoid, so the loss reads probabilities (the default `from`). The
 * per-batch metric `f1` is shown next to the exact data-set F1 from `scoreCallback`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreLoss, scoreMetric, scoreCallback } from 'solh-losses';

export interface BinaryExampleResult {
  /** Training loss (1 − soft F1) at the end of each epoch. */
  loss: number[];
  /** Test F1 and MCC of the whole test set after the last epoch (threshold 0.5). */
  testF1: number;
  testMcc: number;
  /** The mean over test batches of the batch F1 (what `scoreMetric` reports as val_f1). */
  batchMeanF1: number;
  /** F1 of predicting every test example positive: the baseline to beat. */
  allPositiveF1: number;
}

/** A tiny seeded generator, so that the split and the initial weights are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** ACTG 175 as standardized features and 0/1 labels, split 80/20 at random (seeded). */
export function loadActg(seed = 1): { xTrain: tf.Tensor2D; yTrain: tf.Tensor2D; xTest: tf.Tensor2D; yTest: tf.Tensor2D } {
  const [header, ...lines] = readFileSync(join(__dirname, '..', '..', 'data', 'actg175.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  const label = names.indexOf('cid');
  const rows = lines.map((l) => l.split(',').map(Number));
  const rand = lcg(seed);
  const order = rows.map((_, i) => i).map((i) => ({ i, r: rand() })).sort((a, b) => a.r - b.r).map((o) => o.i);
  const cut = Math.round(0.8 * rows.length);
  const features = (r: number[]) => r.filter((_, j) => j !== label);
  const train = order.slice(0, cut).map((i) => rows[i]);
  const test = order.slice(cut).map((i) => rows[i]);
  // Standardize with the training set's mean and sd.
  const k = names.length - 1;
  const mean = Array.from({ length: k }, (_, j) => train.reduce((a, r) => a + features(r)[j], 0) / train.length);
  const sd = mean.map((m, j) => Math.sqrt(train.reduce((a, r) => a + (features(r)[j] - m) ** 2, 0) / train.length) || 1);
  const x = (set: number[][]) => tf.tensor2d(set.map((r) => features(r).map((v, j) => (v - mean[j]) / sd[j])));
  const y = (set: number[][]) => tf.tensor2d(set.map((r) => [r[label]]));
  return { xTrain: x(train), yTrain: y(train), xTest: x(test), yTest: y(test) };
}

export async function main(epochs = 30, seed = 1): Promise<BinaryExampleResult> {
  const { xTrain, yTrain, xTest, yTest } = loadActg(seed);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [xTrain.shape[1]], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  // snippet:binary
  model.compile({
    optimizer: tf.train.adam(0.01),
    loss: scoreLoss('solh:uniform', 'f1'),
    metrics: [scoreMetric('f1')],
  });
  const history = await model.fit(xTrain, yTrain, {
    epochs,
    batchSize: 64,
    validationData: [xTest, yTest],
    callbacks: [scoreCallback({ validationData: [xTest, yTest], scores: ['f1', 'mcc'] })],
    shuffle: false, // the rows are already in a seeded random order: the same batches on every run
    verbose: 0,
  });
  // history.history.val_f1: mean of batch F1s; history.history.dataset_f1: F1 of the whole test set.
  // snippet:end
  const last = <T>(a: T[]) => a[a.length - 1];
  const h = history.history as Record<string, number[]>;
  const positives = yTest.sum().dataSync()[0];
  const result: BinaryExampleResult = {
    loss: h.loss,
    testF1: last(h.dataset_f1),
    testMcc: last(h.dataset_mcc),
    batchMeanF1: last(h.val_f1),
    allPositiveF1: (2 * positives) / (2 * positives + (yTest.shape[0] - positives)),
  };
  tf.dispose([xTrain, yTrain, xTest, yTest]);
  model.dispose();
  return result;
}

if (require.main === module) {
  // TF.js's WebAssembly backend: deterministic, faster than the pure-JS cpu backend, and without the
  // cpu backend's "install the node backend" banner.
  tf.setBackend('wasm').then(() => main(Number(process.argv[2] ?? 30))).then((r) => {
    const f = (x: number) => x.toFixed(4);
    console.log(`loss ${f(r.loss[0])} -> ${f(r.loss[r.loss.length - 1])} over ${r.loss.length} epochs`);
    console.log(`test F1 ${f(r.testF1)} (all-positive baseline ${f(r.allPositiveF1)}), test MCC ${f(r.testMcc)}, mean of batch F1 ${f(r.batchMeanF1)}`);
  });
}
