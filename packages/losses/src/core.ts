/**
 * solh-losses/core: the library's plain-number parts, which load no TF.js (import them from
 * 'solh-losses/core' where TF.js is not wanted: a worker that trains on flat arrays, a command
 * that only parses specs): errors, the loss-family registry and spec parsing, scores on numbers,
 * on dual numbers and as programs, threshold distributions, soft steps in float64, the tables of
 * E(p), the expectation fill and the flat losses. The main entry, 'solh-losses', re-exports all
 * of it: both entries share one copy of these modules (one SolhError class, one registry, one
 * table cache).
 */
export { SolhError } from './errors';
export { LOSS_FAMILIES, LOSS_FORMS, parseLoss, lossLabel, lossFamily, familyOf, isScoreLoss, referenceLoss, isReferenceLoss } from './families';
export type { LossSpec, LossFamily, LossFamilyName, LossFn, LossOp, LossOpForm, LossOpOptions, LossOpTools } from './families';
export { parseScore, scoreLabel, SCORES, hardCounts, numberArith, dualArith, dualCounts } from './scores';
export type { Score, ScoreDefinition, ScoreParameter, Counts, Arith, Dual } from './scores';
export { parseDistribution, uniform, raisedCosine, beta, pointMass, customDistribution, DISTRIBUTIONS, distributionForms, distributionHelp } from './thresholds';
export type { ThresholdDistribution, ContinuousDistribution, PointMass, DistributionForm } from './thresholds';
export { exactStep, linearStep, sigmoidStep, checkDelta, linearPieces } from './steps';
export type { SoftStep, StepForm, LinearPieces } from './steps';
export { gaussLegendreRule } from './gauss-legendre';
export { buildTable, cachedTable, tableKey, adoptTable, tableInCache, DEFAULT_TABLE_BITS } from './expectation';
export type { ExpectationTable } from './expectation';
export { expectationFill } from './expectation-fill';
export type { ExpectationFill, FillForm } from './expectation-fill';
export { flatLoss, flatScoreLoss, flatBce } from './flat-loss';
export type { FlatLoss, FlatLossForm } from './flat-loss';
export { oneVsRestScoreLoss, averagedCountsScore, classWeights, multiclassForm, AVERAGES, INPUTS } from './one-vs-rest';
export type { Average, Input, ClassTallies } from './one-vs-rest';
export { scoreProgram } from './score-program';
export type { ScoreProgram } from './score-program';
export { averagedScore } from './layers/averaged-score';
