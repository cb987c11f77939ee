/**
 * The paper's classifier: Dense → ReLU → Dropout, repeated per hidden width, then Dense 1 (a logit).
 * Weights are drawn in JavaScript from a seeded generator by the configured scheme (see init.ts),
 * so the same seed gives the same initial weights on every backend, for every loss and training kernel.
 *
 * All weights live in ONE flat vector, layer by layer (W [fanIn × fanOut] row-major, then b): on
 * the TF.js path Adam then updates one tensor per step instead of six, which halves the step time
 * on CPU backends (their cost is per op, not per element); the flat passes read it directly.
 */
import type * as TF from '@tensorflow/tfjs';
import { tfjs } from '../engine/tfjs';
import seedrandom from 'seedrandom';
import { InitScheme, initLayer } from './init';
import { dropoutStream } from './dropout';
import { denseBackInput, denseForward, denseGradients } from './dense-js';
import type { ArchitectureEntry, Model, FlatPasses, DenseLoops } from './model';
import { DenseBuild, wasmDense } from './dense-wasm';
import { section } from '../settings-schema';

/** Bounds on the layers, which would otherwise exhaust memory (the reasons are said with them). */
const MAX_LAYER_WIDTH = 4096;
const MAX_LAYERS = 16;

/** The MLP's settings in the config's `model` section: hidden widths and the dropout rate after each. */
const MLP_SETTINGS = section({
  required: ['hidden', 'dropout'],
  properties: {
    hidden: {
      type: 'array', maxItems: MAX_LAYERS, boundReason: `at most ${MAX_LAYERS} hidden layers`,
      items: {
        type: 'integer', minimum: 1, maximum: MAX_LAYER_WIDTH,
        boundReason: `a layer's weights are held four times per worker (weights, gradients, Adam's two moments): two layers of ${MAX_LAYER_WIDTH} units are already 268 MB`,
      },
    },
    dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
  },
});

/** The architecture entry (src/model/model.ts ARCHITECTURES). */
export const MLP = {
  settings: MLP_SETTINGS,
  create: (inputDim, s, seed) => createMlp(inputDim, s.hidden, seed, s.init, s.dropout),
} satisfies ArchitectureEntry<typeof MLP_SETTINGS>;

interface Layer {
  /** Offsets of W and b in theta, and the widths in and out. */
  wo: number;
  bo: number;
  k: number;
  n: number;
}

export function createMlp(inputDim: number, hidden: number[], seed: number, init: InitScheme, dropout = 0): Model {
  const rng = seedrandom(`init:${seed}`);
  const widths = [inputDim, ...hidden, 1];
  const layers: Layer[] = [];
  const values: number[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [k, n] = [widths[l], widths[l + 1]];
    const drawn = initLayer(init, k, n, rng);
    const wo = values.length;
    values.push(...drawn.weights);
    const bo = values.length;
    values.push(...drawn.biases);
    layers.push({ wo, bo, k, n });
  }
  return {
    inputDim,
    theta: Float32Array.from(values),
    dropout: dropoutStream(hidden, dropout, seed),
    logits(theta, x, masks) {
      const tf = tfjs();
      return tf.tidy(() => {
        let h: TF.Tensor2D = x;
        layers.forEach((layer, l) => {
          const w = tf.reshape(tf.slice(theta, layer.wo, layer.k * layer.n), [layer.k, layer.n]) as TF.Tensor2D;
          h = tf.add(tf.matMul(h, w), tf.slice(theta, layer.bo, layer.n)) as TF.Tensor2D;
          if (l + 1 < layers.length) {
            h = tf.relu(h);
            if (masks) h = tf.mul(h, masks[l]);
          }
        });
        return tf.reshape(h, [-1]) as TF.Tensor1D;
      });
    },
    flatPasses: (loops: DenseLoops = 'simd') => (loops === 'js' ? jsPasses(layers) : simdPasses(layers, values.length, loops === 'simd-fma' ? 'fma' : 'plain')),
    lockstep: { key: JSON.stringify({ mlp: widths, dropout, seed }), layers, parameters: values.length },
  };
}

function multiplyAddsPerExample(layers: Layer[]): number {
  let multiplyAdds = 0;
  layers.forEach((L, l) => {
    multiplyAdds += 2 * L.k * L.n; // forward and weight gradient
    if (l > 0) multiplyAdds += L.k * L.n; // gradient in the layer's input
  });
  return multiplyAdds;
}

/** The same passes with WebAssembly SIMD loops (dense-wasm.ts). */
function simdPasses(layers: Layer[], parameters: number, build: DenseBuild): FlatPasses {
  return { ...wasmDense(layers, parameters, build), multiplyAddsPerExample: multiplyAddsPerExample(layers) };
}

/** Forward and backward of the MLP over a batch in plain JavaScript, with working arrays reused across calls. */
function jsPasses(layers: Layer[]): FlatPasses {
  const last = layers.length - 1;
  let capacity = 0;
  // acts[l]: the input of layer l (acts[0] is the caller's x); grads[l]: gradient in acts[l].
  const acts: Float32Array<ArrayBufferLike>[] = [];
  const grads: Float32Array<ArrayBufferLike>[] = [];
  let batch = { rows: 0, masks: undefined as Float32Array[] | undefined };
  const ensure = (rows: number) => {
    if (rows <= capacity) return;
    capacity = Math.max(rows, 2 * capacity);
    for (let l = 1; l <= last; l++) {
      acts[l] = new Float32Array(capacity * layers[l].k);
      grads[l] = new Float32Array(capacity * layers[l].k);
    }
  };
  return {
    multiplyAddsPerExample: multiplyAddsPerExample(layers),
    forward(theta, x, rows, masks, z) {
      ensure(rows);
      acts[0] = x;
      batch = { rows, masks };
      for (let l = 0; l <= last; l++) {
        const L = layers[l];
        const out = l === last ? z : acts[l + 1];
        denseForward(theta, L.wo, L.bo, acts[l], rows, L.k, L.n, out, l < last, l < last ? masks?.[l] : undefined);
      }
    },
    backward(theta, dz, grad) {
      const { rows, masks } = batch;
      let d = dz;
      for (let l = last; l >= 0; l--) {
        const L = layers[l];
        denseGradients(grad, L.wo, L.bo, acts[l], d, rows, L.k, L.n);
        if (l > 0) {
          denseBackInput(theta, L.wo, d, rows, L.k, L.n, acts[l], masks?.[l - 1], grads[l]);
          d = grads[l];
        }
      }
    },
  };
}
