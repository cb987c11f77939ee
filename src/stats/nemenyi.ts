/**
 * The Nemenyi test's critical difference (Demšar 2006, §3.2.2): two methods' average ranks over N
 * data sets differ significantly when they differ by at least CD = q_α √(k(k+1)/(6N)), where q_α
 * is the upper-α quantile of the studentised range of k means with infinite degrees of freedom,
 * divided by √2 (jstat's port of R's qtukey).
 */
import { jStat } from 'jstat';
import { SolhError } from '../errors';
import { requireDatasets } from './datasets';

export function nemenyiQ(k: number, alpha = 0.05): number {
  if (!(Number.isInteger(k) && k >= 2)) throw new SolhError(`the Nemenyi test compares at least 2 methods, got ${k}`);
  if (!(alpha > 0 && alpha < 1)) throw new SolhError(`significance level ${alpha}: give a number between 0 and 1, e.g. 0.05`);
  return jStat.tukey.inv(1 - alpha, k, Infinity) / Math.SQRT2;
}

export function criticalDifference(k: number, datasets: number, alpha = 0.05): number {
  requireDatasets(datasets, 'Nemenyi critical difference');
  return nemenyiQ(k, alpha) * Math.sqrt((k * (k + 1)) / (6 * datasets));
}
