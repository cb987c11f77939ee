/**
 * The config's `training` section, read by the training loop (train.ts, lockstep.ts), Adam
 * (adam.ts) and the choice of training step (kernels.ts). One line per setting; a new one is a line
 * here (with `unhashedAt` its default, so committed configs keep their hash) and the code that reads
 * it. src/experiment/config.ts composes the sections.
 */
import { section, SettingsOf } from '../settings-schema';
import { FMA_SETTINGS, TRAINING_KERNELS } from './kernels';

const positiveInt = { type: 'integer', minimum: 1 } as const;
const adamRate = { type: 'number', minimum: 0, exclusiveMaximum: 1 } as const;

export const TRAINING_SECTION = section({
  required: ['learningRate', 'batchSize', 'maxEpochs', 'patience', 'minDelta', 'restoreBest'],
  properties: {
    learningRate: { type: 'number', exclusiveMinimum: 0 },
    batchSize: positiveInt,
    maxEpochs: positiveInt,
    patience: positiveInt,
    minDelta: { type: 'number', minimum: 0 },
    restoreBest: { type: 'boolean' },
    // Adam's constants (PyTorch's defaults).
    beta1: { ...adamRate, default: 0.9 },
    beta2: { ...adamRate, default: 0.999 },
    epsilon: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 1e-8 },
    // Which implementation trains: the fused step on flat arrays, or the TF.js graph (the reference).
    kernel: { enum: TRAINING_KERNELS, default: 'fused' },
    // Relaxed-SIMD fused multiply-adds in the fused step's loops; absent means off, and off is left
    // out of the hash (records made before it keep theirs); "on" changes rounding, so it is hashed.
    fma: { enum: FMA_SETTINGS, unhashedAt: 'off' },
  },
});

/** The config's `training` block. */
export type TrainingSettings = SettingsOf<typeof TRAINING_SECTION>;
