/** The shared rule of the across-data-set tests: five data sets at least (Demšar 2006, §3.2.2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireDatasets } from '../../src/stats/datasets';
import { SolhError } from '../../src/errors';

test('five data sets or more pass; fewer is one SolhError naming the count, the minimum and the fix', () => {
  for (const n of [5, 6, 14, 100]) assert.doesNotThrow(() => requireDatasets(n, 'friedman'));
  for (const n of [0, 2, 4]) {
    assert.throws(
      () => requireDatasets(n, 'friedman'),
      (e: Error) => e instanceof SolhError && e.message.startsWith(`friedman: ${n} data sets with results, at least 5 are needed`) && /run more tasks of the suite$/.test(e.message),
    );
  }
  assert.throws(() => requireDatasets(1, 'nemenyi'), (e: Error) => e instanceof SolhError && e.message.startsWith('nemenyi: 1 data set with results'));
});
