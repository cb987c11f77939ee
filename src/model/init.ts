/**
 * Initial weights of a dense layer, drawn from a seeded stream so that the same seed gives the same
 * weights on every backend and for every loss. The paper does not say; its framework is PyTorch.
 *
 *   pytorch  weights and biases uniform on (−1/√fan_in, +1/√fan_in): torch.nn.Linear's default
 *            (kaiming_uniform with a = √5 gives exactly this bound for the weights)
 *   glorot   weights uniform on ±√(6/(fan_in + fan_out)), biases 0: the Keras / TF.js default
 */
import { SolhError } from '../errors';

export const INIT_SCHEMES = ['pytorch', 'glorot'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export interface LayerInit {
  /** Weights of a [fanIn, fanOut] matrix, row-major, and the fanOut biases. */
  weights: number[];
  biases: number[];
}

export function parseInitScheme(name: string): InitScheme {
  if ((INIT_SCHEMES as readonly string[]).includes(name)) return name as InitScheme;
  throw new SolhError(`unknown initialisation "${name}": valid values are ${INIT_SCHEMES.join(', ')}`);
}

/** Bounds of the uniform draws: the weights' and the biases' (0 means all zeros). */
export function initBounds(scheme: InitScheme, fanIn: number, fanOut: number): { weight: number; bias: number } {
  switch (scheme) {
    case 'pytorch':
      return { weight: 1 / Math.sqrt(fanIn), bias: 1 / Math.sqrt(fanIn) };
    case 'glorot':
      return { weight: Math.sqrt(6 / (fanIn + fanOut)), bias: 0 };
  }
}

/** Draws one layer: all weights first, then the biases, from rng (uniform on [0, 1)). */
export function initLayer(scheme: InitScheme, fanIn: number, fanOut: number, rng: () => number): LayerInit {
  const { weight, bias } = initBounds(scheme, fanIn, fanOut);
  const weights = Array.from({ length: fanIn * fanOut }, () => (2 * rng() - 1) * weight);
  const biases = Array.from({ length: fanOut }, () => (bias === 0 ? 0 : (2 * rng() - 1) * bias));
  return { weights, biases };
}
