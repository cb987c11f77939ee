/**
 * Example: a three-class softmax model trained for macro F1 (one-vs-rest, averaged over classes).
 *
 *   npx tsc -p tsconfig.json && node dist/examples/three-class-macro-f1.js [epochs]
 *
 * The data are synthetic: three overlapping Gaussian clouds in 4 dimensions with class shares
 * 60/25/15 %, where accuracy rewards neglecting the small classes and macro F1 does not.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { scoreLoss, scoreMetric, scoreCallback } from 'solh-losses';

export interface MulticlassExampleResult {
  loss: number[];
  /** Macro F1 of the whole test set (argmax) after the last epoch. */
  testMacroF1: number;
  /** Macro recall of the whole test set: the multiclass balanced accuracy. */
  testMacroRecall: number;
  /** Macro F1 of always predicting the largest class: the chance level to beat. */
  majorityMacroF1: number;
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** n points: class c with probability shares[c], features N(centre_c, 1) per dimension (Box–Muller). */
function threeClouds(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rand = lcg(seed);
  const shares = [0.6, 0.25, 0.15];
  const centres = [[0, 0, 0, 0], [1.6, 1.2, 0, 0.5], [0, 1.4, 1.6, -0.5]];
  const gauss = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const u = rand();
    const c = u < shares[0] ? 0 : u < shares[0] + shares[1] ? 1 : 2;
    xs.push(centres[c].map((m) => m + gauss()));
    ys.push([0, 1, 2].map((k) => (k === c ? 1 : 0)));
  }
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys) };
}

export async function main(epochs = 40, seed = 1): Promise<MulticlassExampleResult> {
  const train = threeClouds(1500, seed);
  const test = threeClouds(1000, seed + 1000);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  // snippet:multiclass
  model.compile({
    optimizer: tf.train.adam(0.01),
    loss: scoreLoss('solh:uniform', 'f1', { average: 'macro' }),
    metrics: [scoreMetric('f1', { average: 'macro' })],
  });
  const history = await model.fit(train.x, train.y, {
    epochs,
    batchSize: 128,
    callbacks: [scoreCallback({ validationData: [test.x, test.y], scores: ['f1', 'recall'], average: 'macro' })],
    shuffle: false, // the rows are already in a seeded random order: the same batches on every run
    verbose: 0,
  });
  // snippet:end
  const h = history.history as Record<string, number[]>;
  const last = (a: number[]) => a[a.length - 1];
  const counts = test.y.sum(0).dataSync();
  const big = counts.indexOf(Math.max(...counts));
  const result: MulticlassExampleResult = {
    loss: h.loss,
    testMacroF1: last(h.dataset_f1),
    testMacroRecall: last(h.dataset_recall),
    // Only the largest class is ever predicted: its F1 is 2n_c/(n_c + n), the others' are 0.
    majorityMacroF1: (2 * counts[big]) / (counts[big] + test.y.shape[0]) / 3,
  };
  tf.dispose([train.x, train.y, test.x, test.y]);
  model.dispose();
  return result;
}

if (require.main === module) {
  // TF.js's WebAssembly backend: deterministic, faster than the pure-JS cpu backend, and without the
  // cpu backend's "install the node backend" banner.
  tf.setBackend('wasm').then(() => main(Number(process.argv[2] ?? 40))).then((r) => {
    const f = (x: number) => x.toFixed(4);
    console.log(`loss ${f(r.loss[0])} -> ${f(r.loss[r.loss.length - 1])} over ${r.loss.length} epochs`);
    console.log(`test macro F1 ${f(r.testMacroF1)} (majority-class ${f(r.majorityMacroF1)}, chance ~0.33), test macro recall ${f(r.testMacroRecall)}`);
  });
}
