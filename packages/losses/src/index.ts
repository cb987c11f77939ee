/**
 * solh-losses: score-oriented losses for TensorFlow.js. The Layers API (scoreLoss, scoreMetric,
 * scoreCallback) first, then the pieces it is built from as tensor ops (the expected step E(p),
 * soft counts, the losses of loss specs), then everything of solh-losses/core (errors, soft steps,
 * threshold distributions, scores, loss families, the tables of E(p) and the flat kernels the
 * solh runner trains with), which loads no TF.js.
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
export type { Loss, LossFn, LossKernel } from './loss';
export { tensorArith, softCounts } from './score-tensors';
export { expectedStep } from './expected-step';
export type { ExpectedStep } from './expected-step';
export { softStepCurve } from './curve';
export type { CurvePoint } from './curve';
export { fusedScoreLoss } from './fused-op';

export * from './core';
