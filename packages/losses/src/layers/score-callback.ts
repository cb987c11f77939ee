/**
 * `scoreCallback`: the exact, data-set-level scores at the end of each epoch, put in the logs (and
 * so in the History `model.fit` returns) as `dataset_<score>`. These equal the CLI's scores of the
 * same predictions; a `scoreMetric` is a mean over batches and in general differs.
 */
import * as tf from '@tensorflow/tfjs';
import { SolhError } from '../errors';
import { parseScore } from '../scores';
import { averagedScore } from './averaged-score';
import { checkOptions, columns } from './options';
import { checkThreshold, probabilities, ScoreMetricOptions } from './score-metric';

export interface ScoreCallbackOptions extends ScoreMetricOptions {
  /** Inputs and labels the scores are computed on (typically held-out data). */
  validationData: [tf.Tensor | tf.Tensor[], tf.Tensor];
  /** Score names, e.g. ['f1', 'mcc']. */
  scores: string[];
  /** Prefix of the history keys; default 'dataset_'. */
  prefix?: string;
}

export function scoreCallback(options: ScoreCallbackOptions): tf.Callback {
  const where = 'scoreCallback';
  const { from, average } = checkOptions(where, options, ['validationData', 'scores', 'prefix', 'threshold', 'from', 'average']);
  const threshold = checkThreshold(where, options.threshold);
  const data = options.validationData;
  if (!Array.isArray(data) || data.length !== 2 || !(data[1] instanceof tf.Tensor)) {
    throw new SolhError(`${where}: validationData must be [inputs, labels] tensors`);
  }
  if (!Array.isArray(options.scores) || options.scores.length === 0) throw new SolhError(`${where}: scores must be a list of score names such as ['f1']`);
  const scores = options.scores.map((s) => parseScore(s));
  const prefix = options.prefix ?? 'dataset_';
  return new (class extends tf.Callback {
    override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
      const out = (this.model as tf.LayersModel).predict(data[0]) as tf.Tensor;
      try {
        const c = columns(where, data[1], out);
        const p = probabilities(c.x, from);
        for (const s of scores) {
          if (logs) logs[`${prefix}${s.spec}`] = averagedScore(s, c.y, p, c.classes, average, threshold);
        }
      } finally {
        out.dispose();
      }
    }
  })();
}
