/**
 * The seam between the trainer and an architecture. A model owns its parameters (one flat float32
 * vector, initialised from the run's seed), its dropout stream, its TF.js graph (the reference
 * path) and its flat passes (forward and backward on flat arrays). The trainer knows only this
 * interface. An architecture is one entry of ARCHITECTURES, exported by its own file (mlp.ts): the
 * settings it reads (its lines of the config's `model` section) and how it builds a model; the
 * `model` section of the config schema is composed from the entries here.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { INIT_SCHEMES, InitScheme, parseInitScheme } from './init';
import type { DropoutStream } from './dropout';
import { MLP } from './mlp';
import type { LayerShape } from './dense-wasm';
import { Section, Setting, SettingsOf } from '../settings-schema';

export interface Model {
  readonly inputDim: number;
  /** Every trainable parameter, in one flat vector; training updates it in place. */
  readonly theta: Float32Array;
  /** The run's dropout stream: masks for a mini-batch of `rows` examples. */
  readonly dropout: DropoutStream;
  /** Logits from a parameter tensor laid out as theta (TF.js ops, differentiable). */
  logits(theta: tf.Tensor1D, x: tf.Tensor2D, masks?: tf.Tensor2D[]): tf.Tensor1D;
  /** Its flat passes, with their own working memory (grows with the rows they are given). */
  flatPasses(loops?: DenseLoops): FlatPasses;
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

/** The dense-layer loops of the flat passes: WebAssembly SIMD (default), the same with relaxed-SIMD fused multiply-adds, or plain JavaScript. */
export type DenseLoops = 'simd' | 'simd-fma' | 'js';

/** A model's flat passes: forward and backward over a batch on flat float32 arrays (the fused step's model part). */
export interface FlatPasses {
  /** Logits of `rows` examples (row-major x) into z; masks as drawn by the dropout stream, or none. */
  forward(theta: Float32Array, x: Float32Array, rows: number, masks: Float32Array[] | undefined, z: Float32Array): void;
  /** Gradient of Σᵢ dz[i]·z[i] in theta, for the batch of the last forward call; overwrites grad. */
  backward(theta: Float32Array, dz: Float32Array, grad: Float32Array): void;
  /** Multiply-adds of one forward + backward over one example (for throughput figures). */
  readonly multiplyAddsPerExample: number;
}

/**
 * An architecture: the settings it reads beside `architecture` and `init` (required when it is
 * the one chosen), and how it builds a model from them.
 */
export interface ArchitectureEntry<S extends Section = Section> {
  readonly settings: S;
  create(inputDim: number, s: SettingsOf<S> & { init: InitScheme }, seed: number): Model;
}

/** Every architecture, by the name `model.architecture` gives; the first is the default. */
const ARCHITECTURES = { mlp: MLP } as const satisfies Record<string, ArchitectureEntry>;
export type Architecture = keyof typeof ARCHITECTURES;
type Entries = typeof ARCHITECTURES;

/** The model's settings (the config's `model` section): the chosen architecture's own, and the initialisation. */
export type ModelSettings = { init: InitScheme } & { [A in Architecture]: { architecture: A } & SettingsOf<Entries[A]['settings']> }[Architecture];

/**
 * The config's `model` section composed from a registry of architectures: `architecture` chooses
 * one (the first by default), `init` applies to all, and each architecture's settings are allowed,
 * and its required ones required when it is chosen.
 */
export function modelSection(registry: Record<string, ArchitectureEntry>): Section & { allOf: unknown[] } {
  const names = Object.keys(registry);
  const own: Record<string, Setting> = {};
  for (const e of Object.values(registry)) Object.assign(own, e.settings.properties);
  return {
    properties: {
      architecture: { enum: names, default: names[0] },
      init: { enum: INIT_SCHEMES, default: 'pytorch' },
      ...own,
    },
    // Absent, architecture is the default: the first entry's condition then holds (an absent property matches).
    allOf: names.map((name) => ({ if: { properties: { architecture: { const: name } } }, then: { required: [...(registry[name].settings.required ?? [])] } })),
  };
}

export const MODEL_SECTION = modelSection(ARCHITECTURES);

export function createModel(inputDim: number, s: ModelSettings, seed: number, registry: Record<string, ArchitectureEntry> = ARCHITECTURES): Model {
  const entry = Object.hasOwn(registry, s.architecture) ? registry[s.architecture] : undefined;
  if (!entry) throw new SolhError(`unknown model architecture "${s.architecture}": valid values are ${Object.keys(registry).join(', ')}`);
  return entry.create(inputDim, { ...s, init: parseInitScheme(s.init) }, seed);
}
