/**
 * The paper's classifier: Dense → ReLU → Dropout, repeated per hidden width, then Dense 1 (a logit).
 * Weights are drawn in JavaScript from a seeded generator (Glorot uniform, zero biases), so the
 * same seed gives the same initial weights on every backend and for every loss.
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';

export interface Layer {
  w: tf.Variable;
  b: tf.Variable;
}

export interface Mlp {
  layers: Layer[];
  /** Variables in a fixed order, for the optimizer and for snapshots. */
  variables: tf.Variable[];
  /** Dropout keep-masks per hidden layer, already scaled by 1/keep (inverted dropout), or none. */
  logits(x: tf.Tensor2D, masks?: tf.Tensor2D[]): tf.Tensor1D;
  dispose(): void;
}

export function createMlp(inputDim: number, hidden: number[], seed: number): Mlp {
  const rng = seedrandom(`init:${seed}`);
  const widths = [inputDim, ...hidden, 1];
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l], widths[l + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * rng() - 1) * limit;
    // tidy frees the initial tensors; the variables keep their own reference to the data.
    layers.push(
      tf.tidy(() => ({
        w: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `w${l}`),
        b: tf.variable(tf.zeros([fanOut]), true, `b${l}`),
      })),
    );
  }
  return {
    layers,
    variables: layers.flatMap((l) => [l.w, l.b]),
    logits(x, masks) {
      return tf.tidy(() => {
        let h: tf.Tensor2D = x;
        layers.forEach((layer, l) => {
          h = tf.add(tf.matMul(h, layer.w), layer.b) as tf.Tensor2D;
          if (l + 1 < layers.length) {
            h = tf.relu(h);
            if (masks) h = tf.mul(h, masks[l]);
          }
        });
        return tf.reshape(h, [-1]) as tf.Tensor1D;
      });
    },
    dispose() {
      for (const v of this.variables) v.dispose();
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
