/** Average ranks and the Friedman test against Demšar's worked example and scipy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, friedman, rowRanks } from '../../src/stats/friedman';
import { DEMSAR_TABLE6, DEMSAR_TABLE6_AS_PRINTED } from './demsar-table6';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('ranks: 1 is the best, ties share the mean of their ranks', () => {
  assert.deepEqual(rowRanks([0.9, 0.22, 0.34, 0.64, 0.64]), [1, 5, 4, 2.5, 2.5]);
  assert.deepEqual(rowRanks([1, 1, 1, 1]), [2.5, 2.5, 2.5, 2.5]);
});

test('Demšar 2006 §3.2.2 worked example (Table 6): average ranks 3.143, 2.000, 2.893, 1.964; χ²_F = 9.28; F_F = 3.69', () => {
  const r = friedman(DEMSAR_TABLE6);
  [3.143, 2.0, 2.893, 1.964].forEach((x, j) => close(r.averageRanks[j], x, 5e-4, `rank ${j}`));
  close(r.chi2, 9.28, 5e-3, 'χ²_F');
  close(r.imanDavenportF, 3.69, 5e-3, 'F_F');
  assert.equal(r.df1, 3);
  assert.equal(r.df2, 39);
  // scipy: stats.f.sf(3.686313032089068, 3, 39), stats.chi2.sf(9.278571428571437, 3)
  close(r.imanDavenportP, 0.019823006192249054, 1e-9, 'p of F_F');
  close(r.chi2P, 0.025807496707063185, 1e-9, 'p of χ²_F');
});

test('tie-corrected χ² and p match scipy.stats.friedmanchisquare', () => {
  // python3: from scipy import stats; T = <DEMSAR_TABLE6_AS_PRINTED>; stats.friedmanchisquare(*T.T)  (scipy 1.17.1)
  //   FriedmanchisquareResult(statistic=10.952380952380956, pvalue=0.011986176325417788)
  //   and with voting's C4.5+cf at 0.97501 (DEMSAR_TABLE6): (10.228346456692925, 0.016721580328441323)
  const printed = friedman(DEMSAR_TABLE6_AS_PRINTED);
  close(printed.chi2TieCorrected, 10.952380952380956, 1e-9, 'χ² tie-corrected');
  close(printed.chi2TieCorrectedP, 0.011986176325417788, 1e-9, 'p');
  close(friedman(DEMSAR_TABLE6).chi2TieCorrected, 10.228346456692925, 1e-9, 'χ² tie-corrected, Table 6');
  // Without ties the two χ² agree: F below; stats.friedmanchisquare(*F.T) → (15.857142857142861, 0.0012130768195466935);
  // F_F by hand from the ranks: (N−1)χ²/(N(k−1)−χ²) = 18.5, stats.f.sf(18.5, 3, 18) = 9.857931510546292e-06.
  const F = [[0.81, 0.84, 0.79, 0.86], [0.62, 0.66, 0.61, 0.65], [0.91, 0.93, 0.92, 0.95], [0.55, 0.58, 0.57, 0.6], [0.73, 0.72, 0.7, 0.77], [0.68, 0.71, 0.66, 0.7], [0.88, 0.9, 0.85, 0.91]];
  const r = friedman(F);
  close(r.chi2, 15.857142857142861, 1e-9, 'χ²');
  close(r.chi2TieCorrected, 15.857142857142861, 1e-9, 'χ² tie-corrected');
  close(r.chi2P, 0.0012130768195466935, 1e-9, 'p');
  close(r.imanDavenportF, 18.5, 1e-9, 'F_F');
  close(r.imanDavenportP, 9.857931510546292e-6, 1e-12, 'p of F_F');
  assert.deepEqual(averageRanks(F).map((x) => x.toFixed(6)), [3.142857142857143, 1.8571428571428572, 3.7142857142857144, 1.2857142857142858].map((x) => x.toFixed(6)));
});

test('fewer than 5 data sets: refused in one line', () => {
  assert.throws(() => friedman(DEMSAR_TABLE6.slice(0, 4)), /^SolhError: Friedman test across data sets: 4 data sets with results, at least 5 are needed \(too few for Friedman, Demšar 2006\)/);
  // Every data set ranks the methods alike: F is infinite, p is 0, not NaN.
  const same = friedman(Array.from({ length: 6 }, () => [0.9, 0.8, 0.7]));
  assert.equal(same.imanDavenportF, Infinity);
  assert.equal(same.imanDavenportP, 0);
});
