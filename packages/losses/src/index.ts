/**
 * solh-losses: score-oriented losses for TensorFlow.js. The Layers API (scoreLoss, scoreMetric,
 * scoreCallback) first, then the pieces it is built from (soft steps, threshold distributions,
 * the expected step E(p), scores, loss families, the flat losses the solh runner trains with).
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
export type { Loss, LossSpec, LossFn, LossOpForm } from './loss';
export { LOSS_FAMILIES, lossLabel, lossFamily, familyOf, isScoreLoss, referenceLoss, isReferenceLoss } from './families';
export type { LossFamily, LossFamilyName, LossOp, LossOpOptions, LossOpTools } from './families';
export { parseScore, scoreLabel, SCORES, hardCounts, softCounts, numberArith, tensorArith, dualArith, dualCounts } from './scores';
export type { Score, ScoreDefinition, ScoreParameter, Counts, Arith, Dual } from './scores';
export { parseDistribution, uniform, raisedCosine, beta, pointMass, customDistribution, DISTRIBUTIONS, distributionForms, distributionHelp } from './thresholds';
export type { ThresholdDistribution, ContinuousDistribution, PointMass, DistributionForm } from './thresholds';
export { exactStep, linearStep, sigmoidStep, checkDelta } from './steps';
export type { SoftStep } from './steps';
export { expectedStep, buildTable, cachedTable, tableKey, adoptTable, DEFAULT_TABLE_BITS } from './expectation';
export type { ExpectedStep, ExpectationTable } from './expectation';
export { softStepCurve } from './curve';
export type { CurvePoint } from './curve';
export { flatScoreLoss, flatBce } from './flat-loss';
export type { FlatLoss } from './flat-loss';
export { expectationFill } from './expectation-fill';
export type { ExpectationFill } from './expectation-fill';
export { LOSS_OP_TOOLS } from './loss-op';
export { oneVsRestScoreLoss, averagedCountsScore, classWeights, multiclassForm, AVERAGES, INPUTS } from './one-vs-rest';
export type { Average, Input, ClassTallies } from './one-vs-rest';
