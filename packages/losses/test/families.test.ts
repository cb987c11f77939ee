/**
 * The loss-family registry owns each family's loss: its flat loss (the fused training step) and its
 * TF.js loss op must be the same function, value and gradient, for every registered family (BCE
 * among them, as an entry like the others), the gradient of the op taken by TF.js autodiff.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { testBackend } from '../../../test/helpers/backend';
import { LOSS_FAMILIES, LOSS_OP_TOOLS, LossFamily, parseLoss, parseScore, referenceLoss, isReferenceLoss, flatBce, makeLoss, SolhError } from 'solh-losses';

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

/**
 * A family added as one entry (kept local to this test): the Brier score on probabilities σ(z),
 * mean (σ(z) − y)², its flat loss written by hand and its loss op with the TF.js it is handed.
 */
const BRIER: LossFamily = {
  name: 'brier',
  forms: ['brier'],
  matches: (head) => head === 'brier',
  parse: (_h, rest, _d, fail) => {
    if (rest !== undefined) fail('brier takes no argument');
    return { spec: 'brier', family: 'brier' };
  },
  label: () => 'Brier',
  style: { kind: 'fixed', color: '#555', dash: '4 2' },
  training: 'cross-entropy',
  readsDelta: false,
  flatLoss: () => (y, z, grad) => {
    const m = z.length;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const p = 1 / (1 + Math.exp(-z[i]));
      sum += (p - y[i]) ** 2;
      grad[i] = (2 * (p - y[i]) * p * (1 - p)) / m;
    }
    return sum / m;
  },
  lossOp: (_spec, _score, _o, { tf }) => ({
    fn: (y, x) => tf.mean(tf.squaredDifference(tf.sigmoid(x), tf.reshape(y, x.shape))) as ReturnType<typeof tf.scalar>,
    readsBatch: false,
    dispose: () => undefined,
  }),
};

test('a family added as one entry parses, and makeLoss builds its flat loss and loss op, which agree', () => {
  const families = [...LOSS_FAMILIES, BRIER];
  const spec = parseLoss(' Brier ', 0.1, families);
  assert.equal(spec.spec, 'brier');
  assert.throws(() => parseLoss('brier:uniform', 0.1, families), /brier takes no argument/);
  // Its forms join the valid forms that messages list.
  assert.throws(() => parseLoss('hinge', 0.1, families), /valid forms: bce, soft-set, .*sigmoid\(k\):<dist>, brier with <dist>/);
  // The shipped registry does not know it: the registration stayed local.
  assert.throws(() => parseLoss('brier'), (e: unknown) => e instanceof SolhError && /unknown name "brier"; valid forms: bce, soft-set/.test((e as Error).message));
  const loss = makeLoss(spec, parseScore('f1'), 'fused', 17, families);
  // y = (1, 0), z = (0, ln 3): σ = (0.5, 0.75); loss ((0.5)² + (0.75)²)/2 = 0.40625;
  // gradient 2(σ − y)σ(1 − σ)/2 = (−0.125, 0.140625).
  const grad = new Float32Array(2);
  assert.ok(Math.abs(loss.flat([1, 0], Float32Array.from([0, Math.log(3)]), grad) - 0.40625) < 1e-7);
  assert.ok(Math.abs(grad[0] + 0.125) < 1e-7 && Math.abs(grad[1] - 0.140625) < 1e-7, `${grad}`);
  const g = tf.tidy(() => tf.grad((x: tf.Tensor) => loss.fn(tf.tensor1d([1, 0]), x))(tf.tensor1d([0, Math.log(3)])).dataSync());
  assert.ok(Math.abs(g[0] + 0.125) < 1e-6 && Math.abs(g[1] - 0.140625) < 1e-6, `autodiff ${g}`);
  assert.ok(Math.abs(tf.tidy(() => loss.fn(tf.tensor1d([1, 0]), tf.tensor1d([0, Math.log(3)])).dataSync()[0]) - 0.40625) < 1e-6);
});

test('flat BCE: the bits of the formula with e^−|z| and e^−z each computed (its one shared exponential changes no bit), on signed zeros, large, tiny and non-finite logits', () => {
  const z = Float32Array.from([0, -0, 1e-30, -1e-30, 0.5, -0.5, 3, -3, 20, -20, 88, -88, 104, -104, 1e30, -1e30, Infinity, -Infinity, NaN]);
  for (const yv of [0, 1]) {
    const y = new Float32Array(z.length).fill(yv);
    const grad = new Float32Array(z.length);
    const loss = flatBce(y, z, grad);
    const m = z.length;
    let sum = 0;
    const want = new Float32Array(m);
    for (let i = 0; i < m; i++) {
      const zi = z[i];
      sum += (zi > 0 ? zi : 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
      want[i] = (1 / (1 + Math.exp(-zi)) - y[i]) / m;
    }
    assert.ok(Object.is(loss, sum / m), `loss for y = ${yv}`);
    assert.deepEqual(new Uint32Array(grad.buffer), new Uint32Array(want.buffer), `gradient for y = ${yv}`);
  }
});
