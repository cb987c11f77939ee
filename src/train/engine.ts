/**
 * What the training loop asks of a training kernel: steps on mini-batches, the losses at the end of an
 * epoch, the weights' health, and keeping and restoring the best weights. The loop (shuffling,
 * batches, dropout draws, early stopping) is shared, so every training kernel sees the same batches and masks.
 */
import type { Model } from '../model/model';
import type { LossFn } from 'solh-losses/core';
import type { FlatLoss } from 'solh-losses/core';
import type { AdamSettings } from './adam';

/** Examples as a row-major [rows × width] float32 matrix and labels in {0, 1}. */
export interface Examples {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  width: number;
}

/**
 * The loss on flat arrays (with its gradient), for the fused steps, and as TF.js ops (with
 * autodiff) for the tfjs training kernel: only a run on it builds `fn` (and loads TF.js).
 */
export interface TrainLoss {
  flat: FlatLoss;
  fn?: LossFn;
}

export interface EngineInput {
  model: Model;
  loss: TrainLoss;
  trainSet: Examples;
  validation: Examples;
  adam: AdamSettings;
  batchSize: number;
}

export interface Engine {
  /** One Adam step on the training rows idx, with the batch's dropout masks. */
  step(idx: Int32Array, masks: Float32Array[] | undefined): void;
  /** The mean training loss of the steps since the last call, and the validation loss (no dropout). */
  endEpoch(): { trainLoss: number; validationLoss: number };
  /** 'NaN' or 'infinite' if any weight is. */
  nonFiniteWeights(): 'NaN' | 'infinite' | undefined;
  keepBest(): void;
  restoreBest(): void;
  /** Leaves the current weights in model.theta and frees what the engine holds. */
  close(): void;
}

export function nonFinite(theta: Float32Array): 'NaN' | 'infinite' | undefined {
  let inf = false;
  for (let i = 0; i < theta.length; i++) {
    const v = theta[i];
    if (v !== v) return 'NaN';
    if (v === Infinity || v === -Infinity) inf = true;
  }
  return inf ? 'infinite' : undefined;
}
