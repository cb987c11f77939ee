/**
 * `scoreCallback`: the exact, data-set-level scores at the end of each epoch, put in the logs (and
 * so in the History `model.fit` returns) as `dataset_<score>`. These equal the CLI's scores of the
 * same predictions; a `scoreMetric` is a mean over batches and in general differs. It can stop
 * training on one of them itself (`patience`), restoring the best epoch's weights.
 *
 * Layers takes a callback list either as tf.Callback objects or as plain `{ onEpochEnd, ... }`
 * objects, decided by the list's first element; a plain object among tf.Callbacks fails
 * ("callback.setParams is not a function"). So this callback is a plain object that also has the
 * methods of a tf.Callback: it works in either kind of list, in any position.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { parseScore } from '../scores';
import { averagedScore } from './averaged-score';
import { booleanOption, checkOptions, columns, numberOption, TensorNames } from './options';
import { checkThreshold, probabilities, ScoreMetricOptions } from './score-metric';

export interface ScoreCallbackOptions extends ScoreMetricOptions {
  /** Inputs and labels the scores are computed on (typically held-out data). */
  validationData: [tf.Tensor | tf.Tensor[], tf.Tensor];
  /** Score names, e.g. ['f1', 'mcc']. */
  scores: string[];
  /** Prefix of the history keys; default 'dataset_'. */
  prefix?: string;
  /** Stop when `monitor` has not improved by more than `minDelta` for this many epochs (no stopping when absent). */
  patience?: number;
  /** The history key early stopping watches; default the first score's, e.g. 'dataset_f1'. */
  monitor?: string;
  /** The least change that counts as an improvement; default 0. */
  minDelta?: number;
  /** With `patience`: put the weights of the best epoch back into the model when training ends; default true. */
  restoreBestWeights?: boolean;
}

/** What `scoreCallback` returns: usable as a plain callback object and as a tf.Callback. */
export interface ScoreCallback extends tf.CustomCallbackArgs {
  setParams(params: tf.Logs | Record<string, unknown>): void;
  setModel(model: unknown): void;
  onTrainBegin(logs?: tf.Logs): Promise<void>;
  onTrainEnd(logs?: tf.Logs): Promise<void>;
  onEpochBegin(epoch: number, logs?: tf.Logs): Promise<void>;
  onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void>;
  onBatchBegin(batch: number, logs?: tf.Logs): Promise<void>;
  onBatchEnd(batch: number, logs?: tf.Logs): Promise<void>;
  /** The epoch early stopping found best (−1 before training or without `patience`). */
  readonly bestEpoch: number;
}

/**
 * Layers gives the model only to tf.Callback objects: the wrapper it puts around plain callback
 * objects (tf.CustomCallback) drops it. This keeps it on the wrapper, where the methods of a
 * wrapped scoreCallback find it as `this.model`. It changes nothing else.
 */
function keepModelOnPlainCallbacks(): void {
  const proto = tf.CustomCallback.prototype as unknown as { setModel(m: unknown): void; solhKeepsModel?: true };
  if (proto.solhKeepsModel) return;
  Object.defineProperty(proto, 'setModel', {
    configurable: true, writable: true,
    value: function setModel(this: { model?: unknown }, m: unknown) { this.model = m; },
  });
  Object.defineProperty(proto, 'solhKeepsModel', { value: true });
}

const CALLBACK_OPTIONS = ['validationData', 'scores', 'prefix', 'threshold', 'from', 'average', 'patience', 'monitor', 'minDelta', 'restoreBestWeights'];

export function scoreCallback(options: ScoreCallbackOptions): ScoreCallback {
  const where = 'scoreCallback';
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new SolhError(`${where}: give the data and the scores, e.g. scoreCallback({ validationData: [xVal, yVal], scores: ['f1'] })`);
  }
  const { from, average } = checkOptions(where, options, CALLBACK_OPTIONS);
  const threshold = checkThreshold(where, options.threshold);
  const data = options.validationData;
  if (!Array.isArray(data) || data.length !== 2 || !(data[1] instanceof tf.Tensor) || !(data[0] instanceof tf.Tensor || Array.isArray(data[0]))) {
    throw new SolhError(`${where}: validationData must be [inputs, labels] tensors`);
  }
  if (!Array.isArray(options.scores) || options.scores.length === 0 || options.scores.some((s) => typeof s !== 'string')) {
    throw new SolhError(`${where}: scores must be a list of score names such as ['f1']`);
  }
  const scores = options.scores.map((s) => parseScore(s));
  const prefix = options.prefix ?? 'dataset_';
  if (typeof prefix !== 'string') throw new SolhError(`${where}: prefix = ${JSON.stringify(prefix)} is not a string: e.g. 'dataset_'`);
  const keys = scores.map((s) => `${prefix}${s.spec}`);
  const patience = options.patience === undefined ? undefined : numberOption(where, 'patience', options.patience, 5);
  if (patience !== undefined && !(Number.isInteger(patience) && patience >= 1)) {
    throw new SolhError(`${where}: patience = ${patience} is not a whole number ≥ 1: e.g. 5`);
  }
  const monitor = options.monitor ?? keys[0];
  if (!keys.includes(monitor as string)) {
    throw new SolhError(`${where}: monitor = ${JSON.stringify(monitor)} is not one of this callback's keys: ${keys.join(', ')}`);
  }
  if (options.monitor !== undefined && patience === undefined) throw new SolhError(`${where}: monitor needs patience (the epochs to wait for an improvement), e.g. patience: 5`);
  const minDelta = numberOption(where, 'minDelta', options.minDelta, 0);
  if (!(minDelta >= 0)) throw new SolhError(`${where}: minDelta = ${minDelta} is negative: use 0 or a small positive number`);
  const restore = booleanOption(where, 'restoreBestWeights', options.restoreBestWeights, true);
  const names: TensorNames = { labels: 'validationData[1] (labels)', predictions: "the model's predictions of validationData[0]" };
  keepModelOnPlainCallbacks();

  let model: tf.LayersModel | undefined;
  let best = -Infinity;
  let bestEpoch = -1;
  let wait = 0;
  let bestWeights: tf.Tensor[] | undefined;
  const dropBest = () => {
    if (bestWeights) tf.dispose(bestWeights);
    bestWeights = undefined;
  };
  /** The model: given by setModel when Layers treats this as a tf.Callback, else found on Layers' wrapper. */
  const modelOf = (self: unknown): tf.LayersModel => {
    const m = model ?? (self as { model?: tf.LayersModel } | undefined)?.model;
    if (!(m instanceof tf.LayersModel)) throw new SolhError(`${where}: no model to predict with: use it in model.fit({ callbacks })`);
    return m;
  };
  const callback: ScoreCallback = {
    setParams() {},
    setModel(m) {
      if (m instanceof tf.LayersModel) model = m;
    },
    async onTrainBegin() {
      best = -Infinity;
      bestEpoch = -1;
      wait = 0;
      dropBest();
    },
    async onTrainEnd(this: unknown) {
      if (patience !== undefined && restore && bestWeights) modelOf(this).setWeights(bestWeights);
      dropBest();
    },
    async onEpochBegin() {},
    async onBatchBegin() {},
    async onBatchEnd() {},
    async onEpochEnd(this: unknown, epoch: number, logs?: tf.Logs) {
      const m = modelOf(this);
      const out = m.predict(data[0]) as tf.Tensor;
      const values: number[] = [];
      try {
        const c = columns(where, data[1], out, from, names);
        const p = probabilities(c.x, from);
        for (const s of scores) values.push(averagedScore(s, c.y, p, c.classes, average, threshold));
      } finally {
        out.dispose();
      }
      keys.forEach((k, i) => {
        if (logs) logs[k] = values[i];
      });
      if (patience === undefined) return;
      const v = values[keys.indexOf(monitor)];
      if (v > best + minDelta || bestEpoch < 0) {
        best = v;
        bestEpoch = epoch;
        wait = 0;
        if (restore) {
          dropBest();
          bestWeights = m.getWeights().map((w) => w.clone());
        }
      } else if (++wait >= patience) {
        m.stopTraining = true;
      }
    },
    get bestEpoch() {
      return bestEpoch;
    },
  };
  return callback;
}
