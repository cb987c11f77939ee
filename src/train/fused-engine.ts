/**
 * The fused training step: forward with the batch's masks, the loss and its gradient in the
 * logits, backward, and Adam, all on flat typed arrays in one pass of JavaScript per step, with no
 * tensor op and no synchronous read (a TF.js step costs dozens of dispatched ops for ~0.5 MFLOP).
 */
import type { Model, FlatPasses, DenseLoops } from '../model/model';
import { FlatAdam } from './adam';
import { Engine, EngineInput, Examples, nonFinite } from './engine';

/** Rows per forward call when a whole set is scored (bounds the flat passes' working memory). */
const CHUNK = 1024;

/** Logits of every row of a set into z, chunk by chunk, without dropout. */
export function fusedLogits(model: Model, passes: FlatPasses, set: Examples, z: Float32Array): void {
  for (let start = 0; start < set.rows; start += CHUNK) {
    const rows = Math.min(CHUNK, set.rows - start);
    passes.forward(model.theta, set.x.subarray(start * set.width, (start + rows) * set.width), rows, undefined, z.subarray(start, start + rows));
  }
}

export function fusedEngine({ model, loss, trainSet, validation, adam: adamSettings, batchSize }: EngineInput, loops: DenseLoops): Engine {
  const theta = model.theta;
  const passes = model.flatPasses(loops);
  const adam = new FlatAdam(theta.length, adamSettings);
  const width = trainSet.width;
  const xb = new Float32Array(batchSize * width);
  const yb = new Float32Array(batchSize);
  const zb = new Float32Array(batchSize);
  const dz = new Float32Array(batchSize);
  const grad = new Float32Array(theta.length);
  const zv = new Float32Array(validation.rows);
  const dzv = new Float32Array(validation.rows);
  let best: Float32Array | undefined;
  let lossSum = 0;
  let steps = 0;
  return {
    step(idx, masks) {
      const rows = idx.length;
      const x = trainSet.x;
      for (let i = 0, o = 0; i < rows; i++) {
        const r = idx[i];
        for (let c = r * width, end = c + width; c < end; c++, o++) xb[o] = x[c];
        yb[i] = trainSet.y[r];
      }
      const full = rows === batchSize;
      const z = full ? zb : zb.subarray(0, rows);
      const d = full ? dz : dz.subarray(0, rows);
      passes.forward(theta, xb, rows, masks, z);
      // The loss is accumulated as float32 values, as the TF.js path sums its scalar tensors.
      lossSum = Math.fround(lossSum + Math.fround(loss.flat(full ? yb : yb.subarray(0, rows), z, d)));
      passes.backward(theta, d, grad);
      adam.step(theta, grad);
      steps++;
    },
    endEpoch() {
      const trainLoss = Math.fround(lossSum) / steps;
      lossSum = 0;
      steps = 0;
      fusedLogits(model, passes, validation, zv);
      const validationLoss = Math.fround(loss.flat(validation.y, zv, dzv));
      return { trainLoss, validationLoss };
    },
    nonFiniteWeights: () => nonFinite(theta),
    keepBest() {
      best = Float32Array.from(theta);
    },
    restoreBest() {
      if (best) theta.set(best);
    },
    close: () => undefined,
  };
}
