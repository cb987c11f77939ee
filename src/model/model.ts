/**
 * The seam between the trainer and an architecture. A model owns its parameters (one flat float32
 * vector, initialised from the run's seed), its dropout stream, its TF.js graph (the reference
 * path) and its fused kernel (forward and backward on flat arrays). The trainer knows only this
 * interface: a second architecture is one new file here and one entry in ARCHITECTURES.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { InitScheme, parseInitScheme } from './init';
import type { DropoutStream } from './dropout';
import { createMlp } from './mlp';
import type { LayerShape } from './wasm-kernel';

/** The model's settings (the config's `model` section). */
export interface ModelSettings {
  architecture: Architecture;
  hidden: number[];
  dropout: number;
  init: InitScheme;
}

export interface Model {
  readonly inputDim: number;
  /** Every trainable parameter, in one flat vector; training updates it in place. */
  readonly theta: Float32Array;
  /** The run's dropout stream: masks for a mini-batch of `rows` examples. */
  readonly dropout: DropoutStream;
  /** Logits from a parameter tensor laid out as theta (TF.js ops, differentiable). */
  logits(theta: tf.Tensor1D, x: tf.Tensor2D, masks?: tf.Tensor2D[]): tf.Tensor1D;
  /** A fused kernel with its own working memory (grows with the rows it is given). */
  kernel(loops?: KernelLoops): ModelKernel;
  /** What lock-step training needs (src/train/lockstep.ts); absent: the model trains alone only. */
  readonly lockstep?: LockstepShape;
}

/**
 * Models with equal `key`s have the same layers and draw the same dropout masks (same widths,
 * rate and seed), so they can train in lock step: one batch and one set of masks for all of them.
 */
export interface LockstepShape {
  key: string;
  layers: LayerShape[];
  parameters: number;
}

/** The fused kernel's inner loops: WebAssembly SIMD (default), the same with relaxed-SIMD fused multiply-adds, or plain JavaScript. */
export type KernelLoops = 'simd' | 'simd-fma' | 'js';

export interface ModelKernel {
  /** Logits of `rows` examples (row-major x) into z; masks as drawn by the dropout stream, or none. */
  forward(theta: Float32Array, x: Float32Array, rows: number, masks: Float32Array[] | undefined, z: Float32Array): void;
  /** Gradient of Σᵢ dz[i]·z[i] in theta, for the batch of the last forward call; overwrites grad. */
  backward(theta: Float32Array, dz: Float32Array, grad: Float32Array): void;
  /** Multiply-adds of one forward + backward over one example (for throughput figures). */
  readonly multiplyAddsPerExample: number;
}

export const ARCHITECTURES = ['mlp'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

const FACTORIES: Record<Architecture, (inputDim: number, s: ModelSettings, seed: number) => Model> = {
  mlp: (inputDim, s, seed) => createMlp(inputDim, s.hidden, seed, s.init, s.dropout),
};

export function createModel(inputDim: number, s: ModelSettings, seed: number): Model {
  const make = FACTORIES[s.architecture];
  if (!make) throw new SolhError(`unknown model architecture "${s.architecture}": valid values are ${ARCHITECTURES.join(', ')}`);
  return make(inputDim, { ...s, init: parseInitScheme(s.init) }, seed);
}
