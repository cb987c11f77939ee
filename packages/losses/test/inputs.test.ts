/**
 * The library's inputs (issue 19 §5), checked at the entry as scikit-learn's _check_targets does:
 * each case is one SolhError naming the argument, and each was accepted silently, or failed with
 * a raw TypeError or TF.js error, before the check. Messages name library options, never CLI flags.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../../../test/helpers/backend';
import { scoreLoss, scoreMetric, scoreCallback, SolhError, softStepCurve, parseLoss, checkDelta } from 'solh-losses';

before(async () => {
  await testBackend();
});

function refuses(f: () => unknown, re: RegExp, what: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof SolhError, `${what}: ${String(e)}`);
    assert.match(e.message, re, what);
    assert.ok(!/--\w|loss\.delta/.test(e.message), `${what}: names a CLI flag or config key: ${e.message}`);
    return true;
  }, what);
}

const loss = () => scoreLoss('solh:uniform', 'f1');
const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

test('binary labels outside {0, 1} are refused, naming yTrue', () => {
  refuses(() => loss()(col([0, 2, 1, 0]), col([0.1, 0.8, 0.7, 0.2])), /scoreLoss: yTrue \(labels\) holds 2, not 0 or 1 \(row 1\)/, 'label 2');
  refuses(() => loss()(col([0, -1, 1, 0]), col([0.1, 0.8, 0.7, 0.2])), /holds -1, not 0 or 1/, 'label -1');
  refuses(() => loss()(col([0, 0.5, 1, 0]), col([0.1, 0.8, 0.7, 0.2])), /holds 0.5, not 0 or 1/, 'soft label');
});

test('probabilities outside [0, 1] (or NaN) are refused, naming yPred; logits may be any finite number', () => {
  for (const bad of [1.5, 1e9, -0.1, NaN]) {
    refuses(() => loss()(col([0, 1, 1, 0]), col([0.1, bad, 0.7, 0.2])), /scoreLoss: yPred \(predictions\) holds .*, not a probability in \[0, 1\] \(row 1\): .*from: 'logits'/, `p = ${bad}`);
  }
  const z = scoreLoss('solh:uniform', 'f1', { from: 'logits' })(col([0, 1, 1, 0]), col([-3, 1.5, 1e9, 0.2])).dataSync()[0];
  assert.ok(Number.isFinite(z));
  refuses(() => scoreLoss('solh:uniform', 'f1', { from: 'logits' })(col([0, 1, 1, 0]), col([0, NaN, 1, 0])), /holds NaN, not a finite logit/, 'NaN logit');
});

test('labels whose shape differs from the predictions\' are refused even when the sizes agree', () => {
  refuses(() => loss()(tf.zeros([2, 4]), tf.zeros([4, 2])), /yTrue \(labels\) of shape \[2, 4\] do not fit yPred \(predictions\) of shape \[4, 2\]/, '[2,4] vs [4,2]');
  refuses(() => loss()(tf.zeros([4, 1]), tf.zeros([2, 2])), /of shape \[4, 1\] do not fit .* \[2, 2\]/, '[4,1] vs [2,2]');
  refuses(() => loss()(tf.zeros([4]), tf.zeros([2, 2])), /of shape \[4\] do not fit/, '[4] vs [2,2]');
  refuses(() => scoreMetric('f1')(tf.zeros([2, 4]), tf.zeros([4, 2])), /scoreMetric: yTrue \(labels\) of shape \[2, 4\]/, 'metric');
});

test('C > 1 labels must be one-hot rows or class indices', () => {
  const p = tf.tensor2d([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]);
  refuses(() => loss()(tf.tensor2d([[1, 1, 0], [1, 0, 0]]), p), /yTrue \(labels\) row has 2 ones, not one-hot \(row 0\)/, 'two ones');
  refuses(() => loss()(tf.tensor2d([[0, 0, 0], [1, 0, 0]]), p), /row has 0 ones, not one-hot/, 'no one');
  refuses(() => loss()(tf.tensor1d([0, 1.5]), p), /holds 1.5, not a class index in 0..2 \(row 1\)/, 'fractional index');
  assert.ok(Number.isFinite(loss()(tf.tensor1d([2, 0]), p).dataSync()[0]), 'class indices');
});

test('scoreMetric and scoreCallback check the same way (the metric reads each batch anyway)', async () => {
  refuses(() => scoreMetric('f1')(col([0, 3]), col([0.2, 0.9])), /scoreMetric: yTrue \(labels\) holds 3/, 'metric label');
  refuses(() => scoreMetric('f1')(col([0, 1]), col([0.2, 1.2])), /scoreMetric: yPred \(predictions\) holds 1\.2/, 'metric p');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' })] });
  model.compile({ optimizer: 'sgd', loss: scoreLoss('solh:uniform', 'f1') });
  const x = tf.tensor2d([[0, 1], [1, 0], [1, 1], [0, 0]]);
  const cb = scoreCallback({ validationData: [x, col([0, 2, 1, 0])], scores: ['f1'] });
  await assert.rejects(model.fit(x, col([0, 1, 1, 0]), { epochs: 1, verbose: 0, callbacks: [cb] }), (e: unknown) =>
    e instanceof SolhError && /scoreCallback: validationData\[1\] \(labels\) holds 2, not 0 or 1/.test(e.message));
});

test('scoreCallback() without arguments, and options of the wrong type, are SolhErrors', () => {
  refuses(() => (scoreCallback as (o?: unknown) => unknown)(), /scoreCallback: give the data and the scores, e\.g\. scoreCallback\(\{ validationData/, 'no arguments');
  refuses(() => scoreLoss('solh:uniform', 'f1', { stepSlope: '0.1' as never }), /stepSlope = "0\.1" is a string, not a number: give a number such as 0\.1/, 'string δ');
  refuses(() => scoreLoss('solh:uniform', 'f1', { stepSlope: 0.7 }), /slope δ = 0\.7 is outside \(0, 0\.5\): give the option stepSlope a value such as 0\.1/, 'δ out of range');
  refuses(() => scoreMetric('f1', { threshold: '0.5' as never }), /threshold = "0\.5" is a string, not a number/, 'string threshold');
  refuses(() => scoreLoss('solh:uniform', 'f1', { checkInputs: 'yes' as never }), /checkInputs = "yes" is not true or false/, 'checkInputs');
  const x = tf.zeros([2, 2]);
  refuses(() => scoreCallback({ validationData: [x, tf.zeros([2, 1])], scores: ['f1'], patience: 0 }), /patience = 0 is not a whole number ≥ 1/, 'patience');
  refuses(() => scoreCallback({ validationData: [x, tf.zeros([2, 1])], scores: ['f1'], patience: 2, monitor: 'val_f1' }), /monitor = "val_f1" is not one of this callback's keys: dataset_f1/, 'monitor');
});

test('BCE: a shape mismatch is a SolhError, not a TF.js error; with checkInputs its values are checked too', () => {
  const bce = scoreLoss('bce', 'f1');
  refuses(() => bce(tf.zeros([4, 2]), tf.zeros([4, 3])), /scoreLoss: yTrue \(labels\) of shape \[4, 2\] do not fit yPred \(predictions\) of shape \[4, 3\]/, 'bce shapes');
  refuses(() => bce(tf.zeros([2, 4]), tf.zeros([4, 2])), /of shape \[2, 4\] do not fit/, 'bce equal sizes');
  // Without checkInputs BCE makes no synchronous read: label 2 passes (documented); with it, it is refused.
  assert.ok(Number.isFinite(bce(col([0, 2]), col([0.3, 0.6])).dataSync()[0]));
  refuses(() => scoreLoss('bce', 'f1', { checkInputs: true })(col([0, 2]), col([0.3, 0.6])), /holds 2, not 0 or 1/, 'bce checkInputs');
});

test("names from SOL's Keras package are refused with solh's name for the setting", () => {
  refuses(() => scoreLoss('solh:uniform', 'f1', { delta: 0.1 } as never), /unknown option "delta" \(in SOL's Keras package delta is the half-width of the cosine distribution .*the option stepSlope\)/, 'delta');
  refuses(() => scoreLoss('sol:uniform', 'f1', { mode: 'weighted' } as never), /unknown option "mode" \(SOL's mode .* is solh's option average/, 'mode');
  refuses(() => scoreLoss('sol:uniform', 'f1', { mu: 0.5 } as never), /write it in the loss spec, e\.g\. 'sol:cosine\(0\.5,0\.1\)'/, 'mu');
  refuses(() => scoreMetric('f1', { average: 'weighted' as never }), /average 'weighted' is ambiguous: scikit-learn's 'weighted' .*solh: 'support-weighted'.*SOL's mode='weighted' weights it by its negatives/, 'weighted');
});

test('no library message names a CLI flag: softStepCurve and checkDelta name their own arguments', () => {
  refuses(() => softStepCurve(parseLoss('solh:uniform'), [0.2, 1.5]), /softStepCurve: p = 1\.5 is outside \[0, 1\]: give probabilities such as \[0, 0\.1, 0\.5\]/, 'curve p');
  refuses(() => checkDelta(0.6), /slope δ = 0\.6 is outside \(0, 0\.5\): give the option stepSlope a value such as 0\.1/, 'checkDelta');
  refuses(() => parseLoss('solh:uniform', 0.9), /slope δ = 0\.9 is outside \(0, 0\.5\): give the argument delta a value such as 0\.1/, 'parseLoss δ');
});
