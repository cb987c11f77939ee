/** The implementations of a training step (config `training.kernel`). */
export const TRAINING_KERNELS = ['fused', 'tfjs'] as const;
export type TrainingKernel = (typeof TRAINING_KERNELS)[number];
