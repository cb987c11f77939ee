/**
 * Lock-step training gives each model the bits it gets trained alone: for runs of one seed with
 * different losses (so they stop at different epochs and leave the stack one by one), the final
 * weights, both loss histories, the epochs run and the best epoch equal those of `train` on the
 * fused step exactly; with dropout and without, with the partial last batch of the split.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths';
import { loadConfig } from '../../src/experiment/config';
import { prepareData } from '../../src/experiment/prepare';
import { createModel, ModelSettings } from '../../src/model/model';
import { makeLoss, parseLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { train, TrainResult, SeededTrainingSettings } from '../../src/train/train';
import { trainLockstep, canTrainInLockstep } from '../../src/train/lockstep';

const config = loadConfig(join(repoRoot(), 'configs/paper.json'));

const RUNS: [string, string][] = [
  ['bce', 'accuracy'],
  ['soft-set', 'f1'],
  ['sol:uniform', 'accuracy'],
  ['sol:cosine(0.5,0.1)', 'f1'],
  ['solh:cosine(0.5,0.3)', 'f1'],
  ['solh:uniform', 'accuracy'],
];

function same(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function check(seed: number, modelSettings: ModelSettings, training: SeededTrainingSettings): void {
  const data = prepareData(config, seed);
  const losses = RUNS.map(([spec, score]) => makeLoss(parseLoss(spec, config.loss.delta), parseScore(score), config.loss.kernel, config.loss.tableBits));
  const alone = RUNS.map((_, i) => {
    const model = createModel(data.width, modelSettings, seed);
    const result = train(model, losses[i], data.train, data.validation, training);
    return { model, result };
  });
  const models = RUNS.map(() => createModel(data.width, modelSettings, seed));
  assert.ok(canTrainInLockstep(models, training));
  const epochs: number[][] = RUNS.map(() => []);
  const together = trainLockstep(
    models.map((model, i) => ({ model, loss: losses[i], onEpoch: (r) => epochs[i].push(r.epoch) })),
    data.train,
    data.validation,
    training,
  );
  RUNS.forEach(([spec], i) => {
    const a: TrainResult = alone[i].result;
    const b = together[i];
    assert.equal(b.status, a.status, `${spec}: status`);
    assert.equal(b.epochsRun, a.epochsRun, `${spec}: epochs run`);
    assert.equal(b.bestEpoch, a.bestEpoch, `${spec}: best epoch`);
    assert.deepEqual(b.trainLoss, a.trainLoss, `${spec}: training losses`);
    assert.deepEqual(b.validationLoss, a.validationLoss, `${spec}: validation losses`);
    assert.deepEqual(epochs[i], Array.from({ length: a.epochsRun }, (_, e) => e + 1), `${spec}: one report per epoch`);
    assert.ok(same(models[i].theta, alone[i].model.theta), `${spec}: final weights differ`);
  });
  // The runs stop at different epochs, so models leave the stack while others go on.
  assert.ok(new Set(alone.map((r) => r.result.epochsRun)).size > 1, 'all runs stopped at the same epoch');
  assert.ok(data.train.rows % training.batchSize !== 0, 'the split has a partial last batch');
}

test('lock step: each model gets the weights, losses and epochs of training alone, bit for bit (dropout 0.5)', () => {
  check(1, config.model, { ...config.training, seed: 1 });
});

test('lock step: the same without dropout, and with patience 3', () => {
  check(2, { ...config.model, dropout: 0 }, { ...config.training, patience: 3, seed: 2 });
});

test('lock step refuses models of different seeds or a kernel other than fused', () => {
  const m0 = createModel(23, config.model, 0);
  const m1 = createModel(23, config.model, 1);
  assert.equal(canTrainInLockstep([m0, m1], { ...config.training, seed: 0 }), false);
  assert.equal(canTrainInLockstep([m0, createModel(23, config.model, 0)], { ...config.training, seed: 0 }), true);
  assert.equal(canTrainInLockstep([m0], { ...config.training, kernel: 'tfjs', seed: 0 }), false);
  assert.throws(() => trainLockstep([], { x: new Float32Array(0), y: new Float32Array(0), rows: 0, width: 23 }, { x: new Float32Array(0), y: new Float32Array(0), rows: 0, width: 23 }, { ...config.training, seed: 0 }));
});
