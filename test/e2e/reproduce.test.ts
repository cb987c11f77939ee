/**
 * A slice of the paper grid under the full protocol: it reproduces the committed snapshot's records
 * exactly on the same backend, and two runs of it give identical records (timing aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../src/experiment/config';
import { runGrid } from '../../src/experiment/runner';
import { readStore } from '../../src/store/store';
import { comparable, comparablePair, recordFileName, RunKey, RunRecord } from '../../src/experiment/record';
import { collapsed, testPositives } from '../../src/report/test-counts';
import { repoRoot, tempDir } from '../helpers/paths';

const SLICE: RunKey[] = [
  { loss: 'bce', target: null, seed: 0 },
  { loss: 'solh:cosine(0.5,0.3)', target: 'f1', seed: 0 },
  { loss: 'sol:uniform', target: 'accuracy', seed: 0 },
];

async function runSlice(jobs: number): Promise<Map<string, ReturnType<typeof comparable>>> {
  const out = tempDir();
  const config = loadConfig(join(repoRoot(), 'configs/paper.json'));
  const wanted = new Set(SLICE.map(recordFileName));
  await runGrid({ config, out, jobs, backend: 'wasm', select: (keys) => keys.filter((k) => wanted.has(recordFileName(k))) });
  const { records, corrupted } = readStore(out);
  assert.equal(corrupted.length, 0);
  assert.equal(records.length, SLICE.length);
  return new Map(records.map((r) => [recordFileName(r.key), comparable(r)]));
}

// The slice trained once with one job, for both tests, whichever runs first (or alone).
let firstRun: Promise<Map<string, ReturnType<typeof comparable>>> | undefined;
const first = (): Promise<Map<string, ReturnType<typeof comparable>>> => (firstRun ??= runSlice(1));

test('a slice of the grid reproduces results/paper exactly (wasm)', async () => {
  const snapshot = readStore(join(repoRoot(), 'results/paper'));
  for (const [name, rec] of await first()) {
    const snap = snapshot.records.find((r) => recordFileName(r.key) === name);
    assert.ok(snap, `snapshot has ${name}`);
    assert.equal(snap.backend, 'wasm');
    // The snapshot predates testPositives and collapsed: compared as check compares them (left out), then
    // checked against what the snapshot's scores imply.
    const [mine, theirs] = comparablePair(rec as RunRecord, snap);
    assert.deepStrictEqual(mine, theirs, name);
    assert.equal(rec.testPositives, 104);
    assert.equal(testPositives(snap), rec.testPositives);
    assert.equal(rec.collapsed!.atThreshold, collapsed(snap, 'accuracy', '0.5'));
    // ACTG 175 is all-numeric and complete: the plan passes its 23 columns through as they are.
    assert.deepEqual([rec.protocol.data.categorical, rec.protocol.data.missing], ['auto', 'error']);
    assert.equal(rec.features.width, 23);
    assert.ok(rec.features.columns.every((c) => c.kind === 'numeric' && c.features === 1 && !c.imputedCells));
    assert.deepEqual(rec.features.rows, { train: 1369, validation: 342, test: 428 });
  }
});

test('the same slice run twice, with 1 and with 2 jobs, gives identical records', async () => {
  const second = await runSlice(2);
  assert.deepStrictEqual([...second.entries()], [...(await first()).entries()]);
});
