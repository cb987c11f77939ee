/**
 * The paper's classifier: Dense → ReLU → Dropout, repeated per hidden width, then Dense 1 (a logit).
 * Weights are drawn in JavaScript from a seeded generator by the configured scheme (see init.ts),
 * so the same seed gives the same initial weights on every backend and for every loss.
 *
 * All weights live in ONE flat variable, sliced per layer in the forward pass: Adam then updates
 * one tensor per step instead of six, which halves the step time on CPU backends (their cost is
 * per op, not per element). Adam is elementwise, so the numbers are those of six separate variables.
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { InitScheme, initLayer } from './init';

interface Slot {
  offset: number;
  shape: [number, number] | [number];
}

export interface Mlp {
  /** The trainable variables (one flat vector), for the optimizer and for snapshots. */
  variables: tf.Variable[];
  /** Logits; masks are dropout keep-masks per hidden layer, already scaled by 1/keep. */
  logits(x: tf.Tensor2D, masks?: tf.Tensor2D[]): tf.Tensor1D;
  dispose(): void;
}

export function createMlp(inputDim: number, hidden: number[], seed: number, init: InitScheme): Mlp {
  const rng = seedrandom(`init:${seed}`);
  const widths = [inputDim, ...hidden, 1];
  const slots: { w: Slot; b: Slot }[] = [];
  const values: number[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l], widths[l + 1]];
    const layer = initLayer(init, fanIn, fanOut, rng);
    const w: Slot = { offset: values.length, shape: [fanIn, fanOut] };
    values.push(...layer.weights);
    const b: Slot = { offset: values.length, shape: [fanOut] };
    values.push(...layer.biases);
    slots.push({ w, b });
  }
  // tidy frees the initial tensor; the variable keeps its own reference to the data.
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(values)), true));
  const piece = (s: Slot) => tf.reshape(tf.slice(theta, s.offset, s.shape.reduce((a, b) => a * b, 1)), s.shape);
  return {
    variables: [theta],
    logits(x, masks) {
      return tf.tidy(() => {
        let h: tf.Tensor2D = x;
        slots.forEach((slot, l) => {
          h = tf.add(tf.matMul(h, piece(slot.w) as tf.Tensor2D), piece(slot.b)) as tf.Tensor2D;
          if (l + 1 < slots.length) {
            h = tf.relu(h);
            if (masks) h = tf.mul(h, masks[l]);
          }
        });
        return tf.reshape(h, [-1]) as tf.Tensor1D;
      });
    },
    dispose() {
      theta.dispose();
    },
  };
}

/**
 * Seeded dropout that draws a new mask on every call (tf.layers.dropout with a seed repeats one
 * mask, which is not dropout). Masks are drawn in JavaScript so that they do not depend on the backend.
 */
export function dropoutMasker(hidden: number[], rate: number, seed: number): (batch: number) => tf.Tensor2D[] | undefined {
  if (rate === 0) return () => undefined;
  const rng = seedrandom(`dropout:${seed}`);
  const keep = 1 - rate;
  const scale = 1 / keep;
  return (batch) =>
    hidden.map((width) => {
      const m = new Float32Array(batch * width);
      for (let i = 0; i < m.length; i++) m[i] = rng() < keep ? scale : 0;
      return tf.tensor2d(m, [batch, width]);
    });
}
