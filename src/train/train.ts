/**
 * The training loop: Adam on shuffled mini-batches, the loss on the full validation set after
 * each epoch, early stopping on it, and the best epoch's weights restored into the model. The
 * steps run on the configured training kernel (fused: flat arrays; tfjs: the TF.js reference); the loop
 * itself draws the order and the dropout masks, so every training kernel sees the same batches and masks.
 * It knows the model seam and settings only: no files, no printing (progress goes to a callback).
 */
import seedrandom from 'seedrandom';
import type { Model } from '../model/model';
import { EarlyStopping } from './early-stopping';
import { Engine, EngineInput, Examples, TrainLoss } from './engine';
import { fusedEngine, fusedLogits } from './fused-engine';
import type * as TfjsEngine from './tfjs-engine';
import { FmaSetting, fusedLoops, TrainingKernel } from './kernels';
import type { TrainingSettings } from './settings';

export type { Examples, TrainLoss } from './engine';


export interface SeededTrainingSettings extends TrainingSettings {
  /** The run's seed (the order of the examples; the model holds its own seeded streams). */
  seed: number;
}

export interface TrainResult {
  status: 'ok' | 'failed';
  failure?: { epoch: number; reason: string };
  epochsRun: number;
  bestEpoch: number;
  trainLoss: number[];
  validationLoss: number[];
}

export interface EpochReport {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
}

/** The tfjs training kernel, loaded when a run trains or predicts on it: the fused steps never load TF.js. */
const loadTfjsEngine = (): typeof TfjsEngine => require('./tfjs-engine') as typeof TfjsEngine;

const ENGINES: Record<TrainingKernel, (i: EngineInput, fma?: FmaSetting) => Engine> = {
  fused: (i, fma) => fusedEngine(i, fusedLoops('fused', fma)),
  'fused-js': (i) => fusedEngine(i, fusedLoops('fused-js')),
  tfjs: (i) => loadTfjsEngine().tfjsEngine(i),
};

export function train(
  model: Model,
  loss: TrainLoss,
  trainSet: Examples,
  validation: Examples,
  s: SeededTrainingSettings,
  onEpoch?: (r: EpochReport) => void,
): TrainResult {
  const n = trainSet.rows;
  const shuffleRng = seedrandom(`shuffle:${s.seed}`);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const result: TrainResult = { status: 'ok', epochsRun: 0, bestEpoch: 0, trainLoss: [], validationLoss: [] };
  const stopping = new EarlyStopping(s.patience, s.minDelta);
  const engine = ENGINES[s.kernel]({ model, loss, trainSet, validation, adam: s, batchSize: s.batchSize }, s.fma);
  try {
    for (let epoch = 1; epoch <= s.maxEpochs; epoch++) {
      shuffle(order, shuffleRng);
      for (let start = 0; start < n; start += s.batchSize) {
        const idx = order.subarray(start, Math.min(n, start + s.batchSize));
        engine.step(idx, model.dropout(idx.length));
      }
      const { trainLoss, validationLoss } = engine.endEpoch();
      result.trainLoss.push(trainLoss);
      result.validationLoss.push(validationLoss);
      result.epochsRun = epoch;
      onEpoch?.({ epoch, trainLoss, validationLoss });
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        result.status = 'failed';
        const [which, value] = Number.isFinite(trainLoss) ? ['validation', validationLoss] : ['training', trainLoss];
        result.failure = { epoch, reason: `${which} loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'}` };
        return result;
      }
      // A score loss reads its soft step from a table, so NaN outputs can still give a finite
      // loss, and only the weights show the run is lost.
      const badWeights = engine.nonFiniteWeights();
      if (badWeights) {
        result.status = 'failed';
        result.failure = { epoch, reason: `weights became ${badWeights}` };
        return result;
      }
      const decision = stopping.update(epoch, validationLoss);
      if (decision === 'improved') {
        result.bestEpoch = epoch;
        if (s.restoreBest) engine.keepBest();
      } else if (decision === 'stop') {
        break;
      }
    }
    if (s.restoreBest) engine.restoreBest();
    return result;
  } finally {
    engine.close();
  }
}

/** P(positive) for every row of a set with the model's current weights, through the given training kernel. */
export function predict(model: Model, set: Examples, kernel: TrainingKernel, fma?: FmaSetting): Float32Array {
  if (kernel === 'tfjs') return loadTfjsEngine().tfjsPredict(model, set);
  const z = new Float32Array(set.rows);
  fusedLogits(model, model.flatPasses(fusedLoops(kernel, fma)), set, z);
  for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}

/** Fisher–Yates in place, driven by the seeded generator. */
export function shuffle(a: Int32Array, rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
