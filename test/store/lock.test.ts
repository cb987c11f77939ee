/**
 * The lock of a results folder (issue 19, sections 1 and 2): everything that writes a folder holds
 * it, compaction included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/experiment/config';
import { runGrid } from '../../src/experiment/runner';
import { LOCK_FILE } from '../../src/store/lock';
import { LEAN_FILE, LEAN_GZ } from '../../src/store/lean-store';
import { readStore } from '../../src/store/store';
import { repoRoot, tempDir } from '../helpers/paths';

function tinyConfig(seeds: number) {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.grid.targets = ['f1'];
  c.grid.losses = ['bce'];
  c.grid.seeds = Array.from({ length: seeds }, (_, i) => i);
  c.training.maxEpochs = 1;
  return c;
}

test('a lean grid is compacted by the runner while it holds the lock (a writer waiting for the folder cannot append in between)', async () => {
  const out = join(tempDir(), 'lean');
  let lockSeenAtEveryRecord = true;
  const result = await runGrid({ config: tinyConfig(8), out, jobs: 1, backend: 'wasm', record: 'lean' }, (e) => {
    if (e.type === 'done') lockSeenAtEveryRecord &&= existsSync(join(out, LOCK_FILE));
  });
  assert.equal(result.ran, 8);
  assert.ok(lockSeenAtEveryRecord, 'each record is written under the lock');
  // runGrid returns after releasing the lock: by then the lines must already be compacted.
  assert.deepEqual(readdirSync(out).sort(), [LEAN_GZ], `compacted before the lock went (no ${LEAN_FILE}, no lock)`);
  assert.equal(readStore(out).records.length, 8);
});
