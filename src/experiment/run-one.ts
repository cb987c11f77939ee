/** One training run: data for the seed, a fresh model, the loss, training, evaluation, a record. */
import { Config, protocolOf } from './config';
import { RunKey, RunRecord, RECORD_FORMAT } from './record';
import { PreparedData } from './prepare';
import { createModel } from '../model/model';
import { makeLoss, parseLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { train, predict, EpochReport } from '../train/train';
import { evaluateAll, positives, scoreCurve, testCollapse, thresholdGrid } from '../evaluate/evaluate';
import { packageVersions } from './package-info';

export interface RunContext {
  config: Config;
  configHash: string;
  dataSha256: string;
  backend: string;
}

export function runOne(ctx: RunContext, key: RunKey, data: PreparedData, onEpoch?: (r: EpochReport) => void): RunRecord {
  const started = Date.now();
  const c = ctx.config;
  const spec = parseLoss(key.loss, c.loss.delta);
  // BCE ignores the score; any registered one will do.
  const loss = makeLoss(spec, parseScore(key.target ?? 'accuracy'), c.loss.kernel, c.loss.tableBits);
  const model = createModel(data.width, c.model, key.seed);
  try {
    const result = train(model, loss, data.train, data.validation, { ...c.training, seed: key.seed }, onEpoch);
    const trainSet = { p: predict(model, data.train, c.training.kernel), y: data.train.labels };
    const testSet = { p: predict(model, data.test, c.training.kernel), y: data.test.labels };
    const ok = result.status === 'ok';
    const step = c.evaluation.thresholdStep;
    // τ* on the validation set when asked (the set early stopping already reads), else on the training set.
    const tauSet = c.evaluation.tauOn === 'validation' ? { p: predict(model, data.validation, c.training.kernel), y: data.validation.labels } : trainSet;
    const evaluation = ok ? evaluateAll(trainSet, testSet, step, c.evaluation.curveScores, c.evaluation.threshold, tauSet) : {};
    const curve = (set: typeof trainSet) => Object.fromEntries(c.evaluation.curveScores.map((s) => [s, scoreCurve(set.p, set.y, s, step)]));
    return {
      format: RECORD_FORMAT,
      key,
      configHash: ctx.configHash,
      protocol: protocolOf(c),
      dataSha256: ctx.dataSha256,
      features: data.features,
      backend: ctx.backend,
      versions: packageVersions(),
      status: result.status,
      ...(result.failure ? { failure: result.failure } : {}),
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch,
      history: { trainLoss: result.trainLoss, validationLoss: result.validationLoss },
      evaluation,
      ...(ok ? { testPositives: positives(testSet), collapsed: testCollapse(testSet, c.evaluation.threshold, evaluation) } : {}),
      curves: ok
        ? { thresholds: thresholdGrid(step), train: curve(trainSet), test: curve(testSet) }
        : { thresholds: [], train: {}, test: {} },
      run: { wallSeconds: (Date.now() - started) / 1000, finishedAt: new Date().toISOString() },
    };
  } finally {
    loss.dispose();
  }
}
