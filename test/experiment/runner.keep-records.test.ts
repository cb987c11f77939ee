/**
 * A grid asked to keep its records returns the folder's records of its config after the grid, the
 * ones it found and the ones it wrote: what reading the folder back gives (solh run prints them
 * without reading the folder again).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../src/experiment/config';
import { runGrid } from '../../src/experiment/runner';
import { recordFileName, RunRecord } from '../../src/experiment/record';
import { readStore } from '../../src/store/store';
import { repoRoot, tempDir } from '../helpers/paths';

function tiny(seeds: number[]) {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.grid.targets = ['f1'];
  c.grid.losses = ['bce', 'solh:uniform'];
  c.grid.seeds = seeds;
  c.training.maxEpochs = 2;
  return c;
}

const byName = (rs: RunRecord[]) => new Map(rs.map((r) => [recordFileName(r.key), JSON.parse(JSON.stringify(r))]));

test('keepRecords: the records found (less those trained again) and written are those the folder reads back', async () => {
  const out = join(tempDir(), 'grid');
  const first = await runGrid({ config: tiny([0]), out, jobs: 1, backend: 'wasm', keepRecords: true });
  assert.equal(first.records!.length, 2);
  assert.deepEqual(byName(first.records!), byName(readStore(out).records));
  // One more seed: the two records found, and two written.
  const second = await runGrid({ config: tiny([0, 1]), out, jobs: 1, backend: 'wasm', keepRecords: true });
  assert.equal(second.ran, 2);
  assert.equal(second.records!.length, 4);
  assert.deepEqual(byName(second.records!), byName(readStore(out).records));
  // Trained again with force: each run once, the new record.
  const forced = await runGrid({ config: tiny([0, 1]), out, jobs: 1, backend: 'wasm', keepRecords: true, force: true });
  assert.equal(forced.records!.length, 4);
  assert.deepEqual(byName(forced.records!), byName(readStore(out).records));
  assert.equal((await runGrid({ config: tiny([0]), out, jobs: 1, backend: 'wasm' })).records, undefined, 'not kept unless asked');
});
