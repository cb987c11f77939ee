/**
 * The config's `evaluation` section: the grid τ* is searched on, the scores whose curves records
 * keep, the decision threshold, and the set τ* is chosen on (read by evaluate.ts and
 * src/experiment/run-one.ts). One line per setting; src/experiment/config.ts composes the sections.
 */
import { section, SettingsOf } from '../settings-schema';

/** The smallest grid step: bounded because every full record keeps the score curves at each point. */
const MIN_THRESHOLD_STEP = 0.001;
const TAU_ON = ['train', 'validation'] as const;

export const EVALUATION_SECTION = section({
  required: ['thresholdStep', 'curveScores'],
  properties: {
    thresholdStep: {
      type: 'number', minimum: MIN_THRESHOLD_STEP, exclusiveMaximum: 0.5,
      boundReason: `τ* is searched over 1/thresholdStep + 1 thresholds, each scored on train and test, and every full record keeps the score curves at each: ${MIN_THRESHOLD_STEP} gives ${Math.round(1 / MIN_THRESHOLD_STEP) + 1} points`,
    },
    curveScores: { type: 'array', items: { type: 'string' } },
    // The decision threshold of the scores at the threshold (records: trainAtThreshold, testAtThreshold).
    threshold: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5 },
    // Absent means train, as committed results were made; train is left out of the protocol.
    tauOn: { enum: TAU_ON, unhashedAt: 'train' },
  },
});
export type EvaluationSettings = SettingsOf<typeof EVALUATION_SECTION>;
