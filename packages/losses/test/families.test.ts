/**
 * The loss-family registry owns each family's loss: its flat loss (the fused training step) and its
 * TF.js loss op must be the same function, value and gradient, for every registered family (BCE
 * among them, as an entry like the others), the gradient of the op taken by TF.js autodiff.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../../../test/helpers/backend';
import { LOSS_FAMILIES, LOSS_OP_TOOLS, parseLoss, parseScore, referenceLoss, isReferenceLoss, flatBce, makeLoss } from 'solh-losses';

before(async () => {
  await testBackend();
});

/** One spec per family; the test fails when a family is added without one. */
const SAMPLES: Record<string, string> = {
  bce: 'bce', 'soft-set': 'soft-set:0.4', sol: 'sol:cosine(0.5,0.3)', solh: 'solh:uniform', sigmoid: 'sigmoid(8):beta(2,2)',
};

test('every family\'s flat loss and its loss op (both forms) agree in value and gradient', () => {
  assert.deepEqual(LOSS_FAMILIES.map((f) => f.name).sort(), Object.keys(SAMPLES).sort());
  const y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1];
  const z = [-2.1, 0.3, 1.7, -0.4, -0.9, 0.2, -3, 2.5, 0.05, 1.1, -1.4];
  for (const family of LOSS_FAMILIES) {
    const spec = parseLoss(SAMPLES[family.name], 0.15);
    const score = parseScore('mcc');
    const grad = new Float32Array(z.length);
    const flat = family.flatLoss(spec, score, 17)(y, Float32Array.from(z), grad);
    for (const form of ['fused', 'ops'] as const) {
      const op = family.lossOp(spec, score, { form, tableBits: 17, from: 'logits', average: 'macro' }, LOSS_OP_TOOLS);
      const f = (x: tf.Tensor) => op.fn(tf.tensor1d(y), x);
      const value = tf.tidy(() => f(tf.tensor1d(z)).dataSync()[0]);
      const g = tf.tidy(() => tf.grad(f)(tf.tensor1d(z)).dataSync());
      assert.ok(Math.abs(value - flat) < 1e-6, `${spec.spec} ${form}: op ${value}, flat ${flat}`);
      g.forEach((gi, i) => assert.ok(Math.abs(gi - grad[i]) < 1e-6 + 1e-4 * Math.abs(gi), `${spec.spec} ${form} ∂/∂z${i}: op ${gi}, flat ${grad[i]}`));
      op.dispose();
    }
  }
});

test('BCE is an entry: makeLoss takes its flat loss and op from the registry, and it is the reference loss', () => {
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  assert.equal(loss.flat, flatBce);
  // −mean(y log σ(z) + (1 − y) log(1 − σ(z))) by hand for y = (1, 0), z = (0, ln 3): (ln 2 + ln 4) / 2.
  const grad = new Float32Array(2);
  assert.ok(Math.abs(loss.flat([1, 0], Float32Array.from([0, Math.log(3)]), grad) - (Math.log(2) + Math.log(4)) / 2) < 1e-7);
  // dLoss/dz = (σ(z) − y)/m: (0.5 − 1)/2 and (0.75 − 0)/2.
  assert.ok(Math.abs(grad[0] + 0.25) < 1e-7 && Math.abs(grad[1] - 0.375) < 1e-7);
  assert.equal(referenceLoss(), 'bce');
  assert.ok(isReferenceLoss('bce') && !isReferenceLoss('solh:uniform') && !isReferenceLoss('no-such-loss'));
});
