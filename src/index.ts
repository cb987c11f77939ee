/** The library surface of solh: losses, scores, distributions, the backend choice, and the runner. */
export { parseLoss, makeLoss, LOSS_FORMS } from './losses/loss';
export type { Loss, LossSpec, LossFn, LossKernel } from './losses/loss';
export { parseScore, SCORES, hardCounts, softCounts, numberArith, tensorArith } from './losses/scores';
export type { Score, Counts, Arith } from './losses/scores';
export { parseDistribution, uniform, raisedCosine, beta, pointMass, customDistribution } from './losses/thresholds';
export type { ThresholdDistribution, ContinuousDistribution, PointMass } from './losses/thresholds';
export { exactStep, linearStep, sigmoidStep } from './losses/steps';
export type { SoftStep } from './losses/steps';
export { expectedStep, buildTable } from './losses/expectation';
export { softStepCurve } from './losses/curve';
export { selectBackend } from './engine/backend';
export { loadConfig, checkConfig, configHash } from './experiment/config';
export type { Config } from './experiment/config';
export { runGrid } from './experiment/runner';
export { readStore } from './experiment/store';
export { SolhError } from './errors';
