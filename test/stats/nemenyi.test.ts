/** The Nemenyi critical difference against Demšar's published critical values and worked example. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criticalDifference, nemenyiQ } from '../../src/stats/nemenyi';

test('q_0.05 for k = 2..10 is Demšar 2006 Table 5(a) and scipy\'s studentised range / √2', () => {
  // Demšar's table was made from studentised-range values printed to three decimals: it differs from
  // the exact quantile in the third decimal for k = 3 (2.3437) and k = 7 (2.9483), by under 0.001.
  const table5a = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
  table5a.forEach((q, i) => assert.ok(Math.abs(nemenyiQ(i + 2, 0.05) - q) < 1e-3, `k = ${i + 2}: ${nemenyiQ(i + 2, 0.05)} vs ${q}`));
  // python3: [stats.studentized_range.ppf(0.95, k, np.inf) / np.sqrt(2) for k in range(2, 11)]  (scipy 1.17.1)
  const scipy = [1.9599639845400534, 2.343700586378409, 2.569031772546482, 2.7277743708703763, 2.8497054196100016, 2.9483200175296744, 3.030878449614413, 3.1017303413033805, 3.163683577053373];
  scipy.forEach((q, i) => assert.ok(Math.abs(nemenyiQ(i + 2, 0.05) - q) < 1e-6, `k = ${i + 2}: ${nemenyiQ(i + 2, 0.05)} vs scipy ${q}`));
  // Table 5(a), α = 0.10: 1.645, 2.052, 2.291 for k = 2, 3, 4.
  [1.645, 2.052, 2.291].forEach((q, i) => assert.ok(Math.abs(nemenyiQ(i + 2, 0.1) - q) < 1e-3, `α 0.10, k = ${i + 2}`));
});

test('CD = 1.25 for k = 4, N = 14 (Demšar 2006 §3.2.2 example); fewer than 5 data sets refused', () => {
  assert.equal(criticalDifference(4, 14).toFixed(2), '1.25');
  // scipy: stats.studentized_range.ppf(0.95, 4, np.inf) / np.sqrt(2) * np.sqrt(4 * 5 / (6 * 14)) = 1.2535591471176057
  assert.ok(Math.abs(criticalDifference(4, 14) - 1.2535591471176057) < 1e-6);
  assert.throws(() => criticalDifference(4, 3), /3 data sets with results, at least 5 are needed/);
});
