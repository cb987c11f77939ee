/**
 * How the runner hands runs to workers: groups of one seed (trained in lock step), every pending
 * run in exactly one group, and enough groups for every worker when there are few seeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths';
import { loadConfig } from '../../src/experiment/config';
import { planRuns } from '../../src/experiment/grid';
import { lockstepGroups } from '../../src/experiment/runner';
import { recordFileName } from '../../src/experiment/record';

const config = loadConfig(join(repoRoot(), 'configs/paper.json'));

function checkCover(groups: ReturnType<typeof lockstepGroups>, pending: ReturnType<typeof planRuns>): void {
  for (const g of groups) assert.equal(new Set(g.map((k) => k.seed)).size, 1, 'a group holds one seed');
  const names = groups.flat().map(recordFileName);
  assert.equal(names.length, pending.length);
  assert.deepEqual(new Set(names), new Set(pending.map(recordFileName)));
}

test('3 seeds on 2 workers: each seed split in two, 6 groups of 9 or 10 runs, in seed order', () => {
  const pending = planRuns(config);
  assert.equal(pending.length, 57);
  const groups = lockstepGroups(pending, 2);
  checkCover(groups, pending);
  assert.deepEqual(groups.map((g) => g.length), [10, 9, 10, 9, 10, 9]);
  assert.deepEqual(groups.map((g) => g[0].seed), [0, 0, 1, 1, 2, 2]);
});

test('30 seeds on 2 workers: one group of 19 per seed, the last two seeds halved (the last round); one worker: one group per seed', () => {
  const pending = planRuns({ ...config, grid: { ...config.grid, seeds: Array.from({ length: 30 }, (_, i) => i) } });
  const groups = lockstepGroups(pending, 2);
  checkCover(groups, pending);
  assert.equal(groups.length, 32);
  assert.ok(groups.slice(0, 28).every((g) => g.length === 19));
  assert.deepEqual(groups.slice(28).map((g) => [g[0].seed, g.length]), [[28, 10], [28, 9], [29, 10], [29, 9]]);
  assert.equal(lockstepGroups(planRuns(config), 1).length, 3);
  // A one-run seed is not split into an empty half.
  const single = lockstepGroups(pending.filter((k) => k.seed >= 26 && (k.seed < 29 || k.loss === 'bce')), 2);
  assert.deepEqual(single.map((g) => g.length), [19, 19, 10, 9, 1]);
});

test('1 seed, partly recorded, on 2 workers: four groups of the runs left', () => {
  const pending = planRuns({ ...config, grid: { ...config.grid, seeds: [7] } }).slice(3);
  const groups = lockstepGroups(pending, 2);
  checkCover(groups, pending);
  assert.deepEqual(groups.map((g) => g.length), [4, 4, 4, 4]);
  assert.deepEqual(lockstepGroups([], 2), []);
});
