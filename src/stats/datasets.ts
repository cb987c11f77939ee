/**
 * The rule shared by the tests across data sets (Friedman, Nemenyi, Wilcoxon, Bayesian signed
 * rank): each data set is one unit, and fewer than MIN_DATASETS units are too few to judge by.
 */
import { SolhError } from '../errors';

/** Demšar (2006) §3.2.2: Friedman's χ² is poor below about 10 data sets and meaningless below 5. */
const MIN_DATASETS = 5;

export function requireDatasets(n: number, what: string): void {
  if (n < MIN_DATASETS) {
    throw new SolhError(`${what}: ${n} data set${n === 1 ? '' : 's'} with results, at least ${MIN_DATASETS} are needed (too few for Friedman, Demšar 2006): run more tasks of the suite`);
  }
}
