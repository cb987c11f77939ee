/**
 * The implementations of a training step (config `training.kernel`): the fused step with
 * WebAssembly SIMD loops (float32 sums), the same step with plain-JavaScript loops (float64 sums),
 * or TF.js ops and autodiff (the reference).
 */
import type { DenseLoops } from '../model/model';

export const TRAINING_KERNELS = ['fused', 'fused-js', 'tfjs'] as const;
export type TrainingKernel = (typeof TRAINING_KERNELS)[number];

/**
 * Config `training.fma`: "on" runs the SIMD loops with relaxed-SIMD fused multiply-adds
 * (assembly/dense.ts built with --enable relaxed-simd: one rounding per multiply-add, so other
 * bits; in the hash, and named in each record); "off", the default, leaves the hash as it was.
 */
export const FMA_SETTINGS = ['off', 'on'] as const;
export type FmaSetting = (typeof FMA_SETTINGS)[number];

/** The dense-layer loops of a fused training kernel. */
export function fusedLoops(kernel: Exclude<TrainingKernel, 'tfjs'>, fma: FmaSetting = 'off'): DenseLoops {
  if (kernel === 'fused-js') return 'js';
  return fma === 'on' ? 'simd-fma' : 'simd';
}
