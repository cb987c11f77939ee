/**
 * The worker pool's life: a grid whose folder already holds every run starts no worker; one with
 * a run missing starts them; closing a pool while it runs stops its workers and settles the run
 * as aborted; a worker gets its next group when its training is over, not after its records are
 * handled. Workers are counted by wrapping the Worker class the pool constructs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync, rmSync } from 'node:fs';
import workerThreads from 'node:worker_threads';
import { loadConfig, protocolOf } from '../../src/experiment/config';
import { runGrid } from '../../src/experiment/runner';
import { startWorkers } from '../../src/experiment/worker-pool';
import { prepareData } from '../../src/experiment/prepare';
import { repoRoot, tempDir } from '../helpers/paths';

function tiny(maxEpochs = 2) {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.grid.targets = ['f1'];
  c.grid.losses = ['bce', 'soft-set'];
  c.grid.seeds = [0];
  c.training.maxEpochs = maxEpochs;
  return c;
}

/** Runs f with every Worker the pool constructs counted (and terminated ones counted too). */
async function countingWorkers<T>(f: () => Promise<T>): Promise<{ value: T; started: number; exited: number }> {
  const Real = workerThreads.Worker;
  let started = 0;
  let exited = 0;
  class Counted extends Real {
    constructor(...args: ConstructorParameters<typeof Real>) {
      super(...args);
      started++;
      this.on('exit', () => exited++);
    }
  }
  (workerThreads as { Worker: typeof Real }).Worker = Counted;
  try {
    const value = await f();
    await new Promise((r) => setTimeout(r, 200)); // terminated workers report their exit
    return { value, started, exited };
  } finally {
    (workerThreads as { Worker: typeof Real }).Worker = Real;
  }
}

test('a folder holding every run of the grid starts no worker; with one run missing, the workers start and train it', { timeout: 60_000 }, async () => {
  const out = join(tempDir(), 'grid');
  const first = await countingWorkers(() => runGrid({ config: tiny(), out, jobs: 2, backend: 'wasm' }));
  assert.equal(first.value.ran, 2);
  assert.equal(first.started, 2);
  const again = await countingWorkers(() => runGrid({ config: tiny(), out, jobs: 2, backend: 'wasm' }));
  assert.equal(again.value.skipped, 2);
  assert.equal(again.started, 0);
  rmSync(join(out, readdirSync(out).find((f) => f.includes('soft-set'))!));
  const missing = await countingWorkers(() => runGrid({ config: tiny(), out, jobs: 2, backend: 'wasm' }));
  assert.equal(missing.value.ran, 1);
  assert.equal(missing.started, 2);
  assert.equal(missing.exited, 2);
});

test('closing a pool while it trains stops its workers and settles the run as aborted', { timeout: 30_000 }, async () => {
  const c = tiny(500);
  const r = await countingWorkers(async () => {
    const pool = startWorkers({ config: c, protocol: protocolOf(c), configHash: 'x', dataSha256: 'y', backend: 'wasm' }, 1);
    const data = prepareData(c, 0);
    let done = 0;
    const running = pool.run([[{ loss: 'bce', target: null, seed: 0 }, { loss: 'soft-set', target: 'f1', seed: 0 }]], () => data, {
      ready: () => undefined,
      epoch: () => pool.close(), // the first epoch of a group that needs at least patience + 1 = 8
      done: () => done++,
    });
    return { outcome: await running, done };
  });
  assert.equal(r.value.outcome, 'aborted');
  assert.equal(r.value.done, 0, 'closed before the group could finish');
  assert.equal(r.started, 1);
  assert.equal(r.exited, 1);
});

test("a worker trains its next group while the last group's records are still being handled", { timeout: 30_000 }, async () => {
  const c = tiny(2);
  const pool = startWorkers({ config: c, protocol: protocolOf(c), configHash: 'x', dataSha256: 'y', backend: 'wasm' }, 1);
  const data = prepareData(c, 0);
  const groups = [0, 1, 2].map(() => [{ loss: 'bce', target: null, seed: 0 }]);
  const handled: { started: number; handledUntil: number }[] = [];
  const outcome = await pool.run(groups, () => data, {
    ready: () => undefined,
    epoch: () => undefined,
    done: (_worker, record) => {
      // As a slow disk would: the handler takes 400 ms (the records are written in it).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      handled.push({ started: Date.parse(record.run.finishedAt) - 1000 * record.run.wallSeconds, handledUntil: Date.now() });
    },
  });
  assert.equal(outcome, 'finished');
  assert.equal(handled.length, 3, 'every group was trained, and the pool stopped after the last record');
  for (const g of [1, 2]) {
    assert.ok(handled[g].started < handled[g - 1].handledUntil - 100, `group ${g} started ${handled[g - 1].handledUntil - handled[g].started} ms before the last group's record was handled`);
  }
});
