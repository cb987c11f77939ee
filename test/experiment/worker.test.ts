/**
 * A worker thread loads TF.js only when its runs need it (issue 23 §3): one that trains on the
 * fused kernel loads no module under @tensorflow (nor the wasm backend), from start to the last
 * record; one on the tfjs kernel does (so the probe can see them). Module loads are watched with a
 * hook on Module._load installed in the worker thread before the worker script runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { loadConfig, protocolOf, Config } from '../../src/experiment/config';
import { prepareData, readDataSource } from '../../src/experiment/prepare';
import type { FromWorker, WorkerData } from '../../src/experiment/worker';
import type { RunRecord } from '../../src/experiment/record';
import { repoRoot } from '../helpers/paths';

const workerFile = join(__dirname, '..', '..', 'src', 'experiment', 'worker.js');

/** The worker script behind a hook that lists every module under @tensorflow the thread loads. */
const hooked = `
const Module = require('node:module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    if (file.includes('@tensorflow')) seen.add(file);
  } catch {}
  return loaded;
};
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { if (m.type === 'stop') parentPort.postMessage({ type: 'loaded', files: [...seen] }); });
require(${JSON.stringify(workerFile)});
`;

/** Starts a worker, trains two runs of seed 0 in one group, stops it; returns its records and the TF.js files it loaded. */
function trainOneGroup(c: Config, choice: string): Promise<{ backend: string; records: RunRecord[]; tf: string[] }> {
  const source = readDataSource(c.data.path);
  const workerData: WorkerData = { config: c, protocol: protocolOf(c), configHash: 'x', dataSha256: source.sha256, backend: choice, index: 0, workers: 1, tables: [] };
  const data = prepareData(c, 0, source);
  const w = new Worker(hooked, { eval: true, workerData });
  const records: RunRecord[] = [];
  let backend = '';
  return new Promise((resolve, reject) => {
    w.on('error', reject);
    w.on('message', (m: FromWorker | { type: 'loaded'; files: string[] }) => {
      if (m.type === 'ready') {
        backend = m.backend;
        w.postMessage({ type: 'run', keys: [{ loss: 'bce', target: null, seed: 0 }, { loss: 'solh:uniform', target: 'f1', seed: 0 }], data });
      } else if (m.type === 'done') {
        records.push(m.record);
        if (m.last) w.postMessage({ type: 'stop' });
      } else if (m.type === 'loaded') {
        resolve({ backend, records, tf: m.files });
      } else if (m.type === 'error') {
        reject(new Error(m.message));
      }
    });
  });
}

/** 'auto' is wasm where tfjs-node is not installed (as here); where it is, only loading TF.js tells, so ask for wasm. */
const AUTO_OR_WASM = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return 'wasm';
  } catch {
    return 'auto';
  }
})();

function tinyConfig(kernel: Config['training']['kernel']): Config {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.data.path = join(repoRoot(), 'data/actg175.csv');
  c.training.maxEpochs = 2;
  c.training.kernel = kernel;
  return c;
}

test('a worker training on the fused kernel loads no @tensorflow module; its records name the backend as before (wasm)', async () => {
  const r = await trainOneGroup(tinyConfig('fused'), AUTO_OR_WASM);
  assert.deepEqual(r.tf, []);
  assert.equal(r.records.length, 2);
  assert.ok(r.records.every((rec) => rec.status === 'ok' && rec.epochsRun === 2));
  assert.equal(r.backend, 'wasm');
  assert.ok(r.records.every((rec) => rec.backend === 'wasm'));
});

test('a worker training on the tfjs kernel loads TF.js and its wasm backend', async () => {
  const r = await trainOneGroup(tinyConfig('tfjs'), AUTO_OR_WASM);
  assert.equal(r.records.length, 2);
  assert.ok(r.tf.some((f) => f.includes('@tensorflow/tfjs-core')), r.tf.join(', '));
  assert.ok(r.tf.some((f) => f.includes('@tensorflow/tfjs-backend-wasm')), r.tf.join(', '));
  assert.equal(r.backend, 'wasm');
});
