/**
 * model.fit as users call it: class-index labels (refused by Layers for any loss but its own
 * sparse cross-entropy; oneHotLabels converts them), scoreCallback beside plain callback objects,
 * tfvis-style callbacks and tf.Callbacks in any order, and scoreCallback's own early stopping on an
 * exact score with the best weights restored.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../../../test/helpers/backend';
import { scoreLoss, scoreCallback, oneHotLabels, averagedScore, parseScore, SolhError } from 'solh-losses';

before(async () => {
  await testBackend();
});

/** n rows of 2 features; class by a noisy linear rule; seeded. */
function data(n: number, seed: number, classes = 1): { x: tf.Tensor2D; y: tf.Tensor2D; idx: number[] } {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const xs: number[][] = [];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rand() * 2 - 1;
    const b = rand() * 2 - 1;
    xs.push([a, b]);
    const t = a + 0.5 * b + 0.6 * (rand() - 0.5);
    idx.push(classes === 1 ? (t > 0.3 ? 1 : 0) : t < -0.3 ? 0 : t < 0.4 ? 1 : 2);
  }
  const y = classes === 1 ? tf.tensor2d(idx, [n, 1]) : oneHotLabels(idx, classes);
  return { x: tf.tensor2d(xs), y, idx };
}

function model(units: number, seed: number): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units, activation: units === 1 ? 'sigmoid' : 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) })] });
  m.compile({ optimizer: tf.train.adam(0.05), loss: scoreLoss('solh:uniform', 'f1') });
  return m;
}

test('class-index labels: model.fit refuses them for a custom loss (as the README says); oneHotLabels makes them train', async () => {
  const d = data(60, 3, 3);
  const m = model(3, 1);
  await assert.rejects(m.fit(d.x, tf.tensor1d(d.idx), { epochs: 1, verbose: 0 }), /expected .*shape \[(,?)3\]|target expected/);
  const h = await m.fit(d.x, oneHotLabels(tf.tensor1d(d.idx), 3), { epochs: 2, verbose: 0, shuffle: false });
  assert.equal(h.history.loss.length, 2);
  assert.deepEqual(Array.from(oneHotLabels([2, 0], 3).dataSync()), [0, 0, 1, 1, 0, 0]);
  assert.throws(() => oneHotLabels([0, 3], 3), (e: unknown) => e instanceof SolhError && /label 3 \(row 1\) is not a class index in 0\.\.2/.test(e.message));
});

test('scoreCallback beside plain { onEpochEnd } objects, a tfvis-style callback and tf.Callbacks, in every order', async () => {
  const d = data(80, 5);
  const v = data(40, 6);
  const orders: [string, (cb: ReturnType<typeof scoreCallback>, plain: tf.CustomCallbackArgs, vis: tf.CustomCallbackArgs) => unknown][] = [
    ['alone', (cb) => cb],
    ['alone in a list', (cb) => [cb]],
    ['before a plain object', (cb, plain) => [cb, plain]],
    ['after a plain object', (cb, plain) => [plain, cb]],
    ['between tfvis-style and plain objects', (cb, plain, vis) => [vis, cb, plain]],
    ['after tf.callbacks.earlyStopping', (cb) => [tf.callbacks.earlyStopping({ monitor: 'loss', patience: 50 }), cb]],
    ['between tf.Callbacks', (cb) => [tf.callbacks.earlyStopping({ monitor: 'loss', patience: 50 }), cb, tf.callbacks.earlyStopping({ monitor: 'loss', patience: 60 })]],
  ];
  for (const [name, list] of orders) {
    const m = model(1, 2);
    const seen: number[] = [];
    const plain = { onEpochEnd: async (epoch: number, logs?: tf.Logs) => void seen.push(logs?.dataset_f1 ?? NaN) };
    let batches = 0;
    const vis = { onBatchEnd: async () => void batches++, onEpochEnd: async () => undefined };
    const cb = scoreCallback({ validationData: [v.x, v.y], scores: ['f1', 'mcc'] });
    const h = await m.fit(d.x, d.y, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false, callbacks: list(cb, plain, vis) as tf.CustomCallbackArgs[] });
    const hist = h.history as Record<string, number[]>;
    assert.equal(hist.dataset_f1?.length, 3, `${name}: dataset_f1 in the history`);
    const p = (m.predict(v.x) as tf.Tensor).dataSync();
    assert.equal(hist.dataset_f1[2], averagedScore(parseScore('f1'), v.y.dataSync(), p, 1, 'macro'), `${name}: exact F1 of the last epoch`);
    if (name.includes('plain')) {
      assert.equal(seen.length, 3, `${name}: the plain callback ran each epoch`);
      // A plain object after scoreCallback sees its scores; one before it runs first.
      if (name.startsWith('before') || name.startsWith('between')) assert.deepEqual(seen, hist.dataset_f1, name);
    }
    if (name.includes('tfvis')) assert.equal(batches, 15, `${name}: the tfvis-style callback saw every batch`);
    m.dispose();
  }
  // TF.js's own rule, which the README states: a list that starts with a plain object is wrapped
  // whole, and a tf.Callback in it then fails. scoreCallback counts as a plain object there.
  const m = model(1, 2);
  const early = () => tf.callbacks.earlyStopping({ monitor: 'loss', patience: 50 });
  for (const first of [{ onEpochEnd: async () => undefined }, scoreCallback({ validationData: [v.x, v.y], scores: ['f1'] })]) {
    await assert.rejects(m.fit(d.x, d.y, { epochs: 1, verbose: 0, callbacks: [first, early()] as tf.CustomCallbackArgs[] }), /getMonitorValue is not a function/);
  }
  m.dispose();
});

test('scoreCallback stops on an exact score (patience, monitor) and restores the best epoch\'s weights', async () => {
  const d = data(120, 7);
  const v = data(60, 8);
  for (const wrapped of [false, true]) {
    const m = model(1, 4);
    m.compile({ optimizer: tf.train.sgd(2), loss: scoreLoss('solh:uniform', 'f1') }); // a large step: the score wanders
    const cb = scoreCallback({ validationData: [v.x, v.y], scores: ['mcc', 'f1'], monitor: 'dataset_f1', patience: 3 });
    const callbacks = wrapped ? [{ onEpochEnd: async () => undefined }, cb] : [cb];
    const h = await m.fit(d.x, d.y, { epochs: 200, batchSize: 20, verbose: 0, shuffle: false, callbacks: callbacks as tf.CustomCallbackArgs[] });
    const f1 = (h.history as Record<string, number[]>).dataset_f1;
    assert.ok(f1.length < 200, `stopped early (${f1.length} epochs)`);
    const best = Math.max(...f1);
    assert.equal(cb.bestEpoch, f1.indexOf(best), 'best epoch: the first with the highest F1');
    assert.equal(f1.length, cb.bestEpoch + 1 + 3, 'stopped after patience epochs without improvement');
    const p = (m.predict(v.x) as tf.Tensor).dataSync();
    assert.equal(averagedScore(parseScore('f1'), v.y.dataSync(), p, 1, 'macro'), best, `${wrapped ? 'wrapped: ' : ''}the restored weights give the best F1`);
    m.dispose();
  }
});
