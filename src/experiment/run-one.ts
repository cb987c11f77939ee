/**
 * Training runs and their records: data for the seed, a fresh model per run, the loss, training,
 * evaluation, a record. Runs of one seed given together train in lock step on the fused step
 * (src/train/lockstep.ts: the same bits as training each alone); each is then evaluated alone.
 */
import type { Config, Protocol } from './config';
import { RunKey, RunRecord, RECORD_FORMAT } from './record';
import { PreparedData } from './prepare';
import { createModel, Model } from '../model/model';
import { flatLoss, parseLoss, parseScore, LossSpec, Score } from 'solh-losses/core';
import { train, predict, EpochReport, TrainResult, TrainLoss } from '../train/train';
import { canTrainInLockstep, trainLockstep } from '../train/lockstep';
import { evaluateAll, positives, scoreCurves, testCollapse, thresholdGrid } from '../evaluate/evaluate';
import { packageVersions } from './package-info';
import { DENSE_BUILDS } from '../model/dense-wasm';

export interface RunContext {
  config: Config;
  /** protocolOf(config), computed once by whoever sets the run up (a worker loads no config schema). */
  protocol: Protocol;
  configHash: string;
  dataSha256: string;
  backend: string;
}

export function runOne(ctx: RunContext, key: RunKey, data: PreparedData, onEpoch?: (r: EpochReport) => void): RunRecord {
  return runGroup(ctx, [key], data, onEpoch && ((_key, r) => onEpoch(r)))[0];
}

/**
 * The loss a run trains with: on flat arrays, and as TF.js ops too when the tfjs training kernel trains it
 * (only then is TF.js loaded: the fused steps need none of it).
 */
function trainLoss(c: Config, spec: LossSpec, score: Score): TrainLoss & { dispose(): void } {
  if (c.training.kernel === 'tfjs') {
    const { makeLoss } = require('solh-losses') as typeof import('solh-losses');
    return makeLoss(spec, score, c.loss.kernel, c.loss.tableBits);
  }
  return { flat: flatLoss(spec, score, c.loss.tableBits), dispose: () => undefined };
}

/**
 * The runs of one seed (data prepared for it): in lock step when they can, else one after another.
 * `onTrained` is called once the group's training is over, before the last evaluations.
 */
export function runGroup(ctx: RunContext, keys: RunKey[], data: PreparedData, onEpoch?: (key: RunKey, r: EpochReport) => void, onTrained?: () => void): RunRecord[] {
  const c = ctx.config;
  const losses: { dispose(): void }[] = [];
  try {
    const runs = keys.map((key) => {
      const spec = parseLoss(key.loss, c.loss.delta);
      // BCE ignores the score; any registered one will do.
      const loss = trainLoss(c, spec, parseScore(key.target ?? 'accuracy'));
      losses.push(loss);
      return { key, loss, model: createModel(data.width, c.model, key.seed) };
    });
    const settings = { ...c.training, seed: keys[0]?.seed };
    const together = keys.length > 1 && keys.every((k) => k.seed === settings.seed) && canTrainInLockstep(runs.map((r) => r.model), settings);
    if (together) {
      const started = Date.now();
      const results = trainLockstep(runs.map((r) => ({ model: r.model, loss: r.loss, onEpoch: onEpoch && ((e: EpochReport) => onEpoch(r.key, e)) })), data.train, data.validation, settings);
      // Each run's share of the common training time, plus its own evaluation.
      const share = (Date.now() - started) / keys.length;
      onTrained?.();
      return runs.map((r, i) => recordOf(ctx, r.key, data, r.model, results[i], Date.now() - share));
    }
    return runs.map((r, i) => {
      const started = Date.now();
      const result = train(r.model, r.loss, data.train, data.validation, { ...c.training, seed: r.key.seed }, onEpoch && ((e) => onEpoch(r.key, e)));
      if (i === runs.length - 1) onTrained?.();
      return recordOf(ctx, r.key, data, r.model, result, started);
    });
  } finally {
    losses.forEach((l) => l.dispose());
  }
}

/** The record of a trained run: its scores and curves on the training and test splits. */
function recordOf(ctx: RunContext, key: RunKey, data: PreparedData, model: Model, result: TrainResult, started: number): RunRecord {
  const c = ctx.config;
  const trainSet = { p: predict(model, data.train, c.training.kernel, c.training.fma), y: data.train.labels };
  const testSet = { p: predict(model, data.test, c.training.kernel, c.training.fma), y: data.test.labels };
  const ok = result.status === 'ok';
  const step = c.evaluation.thresholdStep;
  // τ* on the validation set when asked (the set early stopping already reads), else on the training set.
  const tauSet = c.evaluation.tauOn === 'validation' ? { p: predict(model, data.validation, c.training.kernel, c.training.fma), y: data.validation.labels } : trainSet;
  const evaluation = ok ? evaluateAll(trainSet, testSet, step, c.evaluation.curveScores, c.evaluation.threshold, tauSet) : {};
  const curve = (set: typeof trainSet) => scoreCurves(set.p, set.y, c.evaluation.curveScores, step);
  return {
    format: RECORD_FORMAT,
    key,
    configHash: ctx.configHash,
    protocol: ctx.protocol,
    dataSha256: ctx.dataSha256,
    features: data.features,
    backend: ctx.backend,
    versions: { ...packageVersions(), ...simdBuild(c) },
    status: result.status,
    ...(result.failure ? { failure: result.failure } : {}),
    epochsRun: result.epochsRun,
    bestEpoch: result.bestEpoch,
    history: { trainLoss: result.trainLoss, validationLoss: result.validationLoss },
    evaluation,
    ...(ok ? { testPositives: positives(testSet), collapsed: testCollapse(testSet, c.evaluation.threshold, evaluation) } : {}),
    curves: ok
      ? { thresholds: [...thresholdGrid(step)], train: curve(trainSet), test: curve(testSet) }
      : { thresholds: [], train: {}, test: {} },
    run: { wallSeconds: (Date.now() - started) / 1000, finishedAt: new Date().toISOString() },
  };
}

/** Which build of the SIMD loops trained (training.kernel "fused" only): dense-fma.wasm when training.fma is "on". */
function simdBuild(c: Config): { wasm?: string } {
  return c.training.kernel === 'fused' ? { wasm: DENSE_BUILDS[c.training.fma === 'on' ? 'fma' : 'plain'] } : {};
}
