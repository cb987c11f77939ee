/**
 * solh-losses: score-oriented losses for TensorFlow.js. The Layers API (scoreLoss, scoreMetric,
 * scoreCallback) first, then the pieces it is built from (soft steps, threshold distributions,
 * the expected step E(p), scores, loss families, the flat kernels the solh runner trains with).
 * Nothing here touches Node's built-ins: the same code runs in a browser.
 */
export { scoreLoss } from './layers/score-loss';
export type { ScoreLossOptions, TfLoss } from './layers/score-loss';
export { scoreMetric } from './layers/score-metric';
export type { ScoreMetricOptions, TfMetric } from './layers/score-metric';
export { scoreCallback } from './layers/score-callback';
export type { ScoreCallbackOptions, ScoreCallback } from './layers/score-callback';
export { oneHotLabels } from './layers/labels';
export { averagedScore } from './layers/averaged-score';
export { SolhError } from './errors';

export { parseLoss, makeLoss, LOSS_FORMS } from './loss';
export type { Loss, LossSpec, LossFn, LossKernel } from './loss';
export { LOSS_FAMILIES, lossLabel, lossFamily, familyOf, isScoreLoss } from './families';
export type { LossFamily as LossFamilyEntry, LossFamilyName } from './families';
export { parseScore, SCORES, hardCounts, softCounts, numberArith, tensorArith, dualArith, dualCounts } from './scores';
export type { Score, Counts, Arith, Dual } from './scores';
export { parseDistribution, uniform, raisedCosine, beta, pointMass, customDistribution, DISTRIBUTION_FORMS } from './thresholds';
export type { ThresholdDistribution, ContinuousDistribution, PointMass } from './thresholds';
export { exactStep, linearStep, sigmoidStep, checkDelta } from './steps';
export type { SoftStep } from './steps';
export { expectedStep, buildTable, cachedTable, tableKey, adoptTable, DEFAULT_TABLE_BITS } from './expectation';
export type { ExpectedStep, ExpectationTable } from './expectation';
export { softStepCurve } from './curve';
export type { CurvePoint } from './curve';
export { fusedScoreLoss, flatScoreLoss, bceKernel, expectationFill } from './fused';
export type { FlatLoss, ExpectationFill } from './fused';
export { oneVsRestKernel, classWeights, multiclassForm, AVERAGES, INPUTS } from './one-vs-rest';
export type { Average, Input } from './one-vs-rest';
