/**
 * The implementations of a training step (config `training.kernel`): the fused step with
 * WebAssembly SIMD loops (float32 sums), the same step with plain-JavaScript loops (float64 sums),
 * or TF.js ops and autodiff (the reference).
 */
import type { KernelLoops } from '../model/model';

export const TRAINING_KERNELS = ['fused', 'fused-js', 'tfjs'] as const;
export type TrainingKernel = (typeof TRAINING_KERNELS)[number];

/** The inner loops of each fused kernel. */
export const FUSED_LOOPS = { fused: 'simd', 'fused-js': 'js' } as const satisfies Record<Exclude<TrainingKernel, 'tfjs'>, KernelLoops>;
