/**
 * E(p) tables once per process (issue 23 §3): the workers of a pool build disjoint shares of the
 * grid's tables in shared memory, and a table adopted from another worker or from the last grid is
 * used as it is: not built again, not copied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cachedTable, linearStep, parseDistribution, tableKey, ContinuousDistribution, ExpectationTable } from 'solh-losses/core';
import { loadConfig } from '../../src/experiment/config';
import { adoptTables, buildTableShare } from '../../src/experiment/shared-tables';
import { repoRoot } from '../helpers/paths';

const config = loadConfig(join(repoRoot(), 'configs/paper.json'));

test('two workers build disjoint shares of the grid tables, together one per (step, distribution) of a score loss, in shared memory', () => {
  const c = { ...config, loss: { ...config.loss, tableBits: 8 } };
  const shares = [buildTableShare(c, 0, 2), buildTableShare(c, 1, 2)];
  const keys = shares.flat().map((t) => t.key);
  assert.equal(new Set(keys).size, keys.length, 'a table in two shares');
  // The paper's losses over a density: sol and solh over uniform and three raised cosines (soft-set and bce read none).
  assert.deepEqual(new Set(keys), new Set(['exact', 'linear(0.1)'].flatMap((s) => ['uniform', 'cosine(0.5,0.1)', 'cosine(0.5,0.3)', 'cosine(0.5,0.5)'].map((d) => `${s}|${d}|8`))));
  assert.ok(Math.abs(shares[0].length - shares[1].length) <= 1);
  for (const { table } of shares.flat()) {
    for (const a of [table.e, table.eStep, table.de, table.deStep]) assert.ok(a.buffer instanceof SharedArrayBuffer);
  }
});

test('a table adopted from elsewhere (another worker, the last grid) is used as it is: not built, not copied', () => {
  const c = { ...config, grid: { ...config.grid, losses: ['solh:beta(3,4)'] }, loss: { ...config.loss, tableBits: 6 } };
  const dist = parseDistribution('beta(3,4)') as ContinuousDistribution;
  const key = tableKey(linearStep(c.loss.delta), dist, 6);
  const sab = (v: number) => new Float32Array(new SharedArrayBuffer(4 * 64)).fill(v);
  // Values no quadrature gives: reading them back proves nothing was built.
  const marked: ExpectationTable = { size: 64, e: sab(7), eStep: sab(0), de: sab(0), deStep: sab(0) };
  adoptTables([{ key, table: marked }]);
  const [share] = buildTableShare(c, 0, 1);
  assert.equal(share.key, key);
  assert.equal(share.table, marked);
  assert.equal(cachedTable(linearStep(c.loss.delta), dist, 6).e[10], 7);
});
