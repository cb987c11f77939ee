/**
 * solh-losses: score-oriented losses for TensorFlow.js. The Layers API (scoreLoss, scoreMetric,
 * scoreCallback) first, then the pieces it is built from as tensor ops (the loss of a spec, the
 * loss ops' TF.js, the expected step E(p), soft counts), then everything of solh-losses/core
 * (errors, soft steps, threshold distributions, scores, loss families, the tables of E(p) and the
 * flat losses the solh runner trains with), which loads no TF.js.
 * Nothing here touches Node's built-ins: the same code runs in a browser.
 */
export { scoreLoss } from './layers/score-loss';
export type { ScoreLossOptions, TfLoss } from './layers/score-loss';
export { scoreMetric } from './layers/score-metric';
export type { ScoreMetricOptions, TfMetric } from './layers/score-metric';
export { scoreCallback } from './layers/score-callback';
export type { ScoreCallbackOptions, ScoreCallback } from './layers/score-callback';
export { oneHotLabels } from './layers/labels';

export { makeLoss } from './loss';
export type { Loss } from './loss';
export { LOSS_OP_TOOLS } from './loss-op';
export { tensorArith, softCounts } from './score-tensors';
export { expectedStep } from './expected-step';
export type { ExpectedStep } from './expected-step';
export { softStepCurve } from './curve';
export type { CurvePoint } from './curve';

export * from './core';
