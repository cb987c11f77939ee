/** Loss specs and the losses they build: parsing, BCE by hand, score-loss gradients by finite differences. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { testBackend } from '../../../test/helpers/backend';
import { parseLoss, makeLoss } from 'solh-losses';
import { parseScore } from 'solh-losses';
import { parseDistribution } from 'solh-losses';
import { SolhError } from 'solh-losses';

before(async () => {
  await testBackend();
});

test('the paper grid parses to canonical specs', () => {
  const grid = ['bce', 'soft-set', 'sol:cosine(0.5,0.1)', 'sol:uniform', 'solh:cosine(0.5,0.3)', 'solh:uniform'];
  for (const s of grid) assert.equal(parseLoss(s).spec, s);
  assert.equal(parseLoss(' solh: cosine(0.5, 0.30) ').spec, 'solh:cosine(0.5,0.3)');
  assert.equal(parseLoss('soft-set:0.3').spec, 'soft-set:0.3');
  assert.equal(parseLoss('solh:beta(2,5)').spec, 'solh:beta(2,5)');
  assert.equal(parseLoss('sigmoid(10):uniform').spec, 'sigmoid(10):uniform');
  assert.equal(parseLoss('soft-set').dist?.kind, 'point');
  assert.equal(parseLoss('sol:uniform').step?.spec, 'exact');
  assert.equal(parseLoss('solh:uniform', 0.2).step?.spec, 'linear(0.2)');
});

test('bad loss specs and parameters are SolhErrors naming the valid forms or the range', () => {
  const cases: [string, RegExp][] = [
    ['focal', /valid forms: bce, soft-set/],
    ['solh', /needs a distribution/],
    ['solh:gauss(0,1)', /unknown distribution "gauss"/],
    ['solh:cosine(0.5,0)', /must be > 0/],
    ['solh:cosine(0.5,-0.2)', /must be > 0/],
    ['solh:cosine(0.2,0.3)', /outside \[0, 1\]/],
    ['sol:beta(0,1)', /both parameters > 0/],
    ['soft-set:1.5', /outside \(0, 1\)/],
    ['soft-set:abc', /soft-set takes a threshold/],
    ['sol:point(0)', /outside \(0, 1\)/],
    ['bce:uniform', /bce takes no argument/],
    ['solh:cosine(0.5)', /takes 2 arguments/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseLoss(text), (e: unknown) => e instanceof SolhError && re.test((e as Error).message), text);
  for (const d of [0, 0.5, -1, NaN]) assert.throws(() => parseLoss('solh:uniform', d), /outside \(0, 0.5\)/);
});

test('property: the loss and distribution parsers return a value or a SolhError on any string', () => {
  const pieces = fc.constantFrom('bce', 'sol', 'solh', 'soft-set', 'sigmoid', 'uniform', 'cosine', 'beta', 'point', ':', '(', ')', ',', '0.5', '-1', '1e9', 'NaN', ' ', 'x');
  const arb = fc.oneof(fc.string(), fc.array(pieces, { maxLength: 8 }).map((a) => a.join('')));
  fc.assert(
    fc.property(arb, (s) => {
      for (const parse of [() => parseLoss(s), () => parseDistribution(s)]) {
        try {
          parse();
        } catch (e) {
          if (!(e instanceof SolhError)) throw e;
        }
      }
    }),
    { numRuns: 2000 },
  );
});

test('BCE equals −mean(y log p + (1 − y) log(1 − p)) computed by hand', () => {
  const z = [-2, -0.5, 0, 1.5, 3];
  const y = [0, 1, 0, 1, 1];
  const loss = makeLoss(parseLoss('bce'), parseScore('f1'));
  const got = loss.fn(tf.tensor1d(y), tf.tensor1d(z)).dataSync()[0];
  const want = -z.reduce((s, zi, i) => {
    const p = 1 / (1 + Math.exp(-zi));
    return s + y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
  }, 0) / z.length;
  assert.ok(Math.abs(got - want) < 1e-6, `${got} vs ${want}`);
});

test('score losses equal 1 − score of the soft confusion matrix, and their gradients match finite differences', () => {
  const z = [-2, -0.7, -0.1, 0.3, 1.3, 2.4, -1.3, 0.8]; // p away from the kinks of H^l(0.5) at 0.25 and 0.75
  const y = [0, 1, 0, 1, 1, 0, 1, 0];
  for (const spec of ['soft-set', 'sol:cosine(0.5,0.3)', 'solh:cosine(0.5,0.3)', 'solh:uniform', 'sol:uniform']) {
    for (const target of ['f1', 'accuracy', 'mcc']) {
      const loss = makeLoss(parseLoss(spec), parseScore(target), 'ops');
      const f = (logits: number[]) => loss.fn(tf.tensor1d(y), tf.tensor1d(logits)).dataSync()[0];
      // Value: 1 − score(soft counts), the counts from E(sigmoid(z)) computed here in plain JS.
      const h = tf.tidy(() => loss.expected!(tf.sigmoid(tf.tensor1d(z))).dataSync());
      let tp = 0, fp = 0, fn = 0, tn = 0;
      h.forEach((hi, i) => { if (y[i]) { tp += hi; fn += 1 - hi; } else { fp += hi; tn += 1 - hi; } });
      const byHand = target === 'f1' ? 1 - (2 * tp) / (2 * tp + fp + fn) : target === 'accuracy' ? 1 - (tp + tn) / 8 : 1 - (tp * tn - fp * fn) / Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
      assert.ok(Math.abs(f(z) - byHand) < 1e-5, `${spec} ${target}: ${f(z)} vs ${byHand}`);
      // Gradient against central differences (float32: step 1e-2, tolerance 2e-3 absolute).
      const g = tf.grad((logits: tf.Tensor) => loss.fn(tf.tensor1d(y), logits))(tf.tensor1d(z)).dataSync();
      z.forEach((_, i) => {
        const up = [...z]; up[i] += 1e-2;
        const dn = [...z]; dn[i] -= 1e-2;
        const fd = (f(up) - f(dn)) / 2e-2;
        assert.ok(Math.abs(g[i] - fd) < 2e-3, `${spec} ${target} ∂/∂z${i}: ${g[i]} vs ${fd}`);
      });
      loss.dispose();
    }
  }
});

test('the fused loss op and the composed ops are the same loss: values and gradients agree', () => {
  const rng = (() => { let s = 7; return () => ((s = (s * 16807) % 2147483647) / 2147483647); })();
  for (const spec of ['soft-set', 'soft-set:0.3', 'sol:cosine(0.5,0.1)', 'sol:uniform', 'solh:cosine(0.5,0.5)', 'solh:uniform', 'solh:beta(2,5)', 'sigmoid(10):uniform']) {
    for (const target of ['f1', 'accuracy', 'mcc', 'gmean', 'fbeta(2)', 'hss2']) {
      const fused = makeLoss(parseLoss(spec), parseScore(target), 'fused');
      const ops = makeLoss(parseLoss(spec), parseScore(target), 'ops');
      for (let rep = 0; rep < 5; rep++) {
        const n = 1 + Math.floor(rng() * 70);
        const y = tf.tensor1d(Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0)));
        const z = tf.tensor1d(Array.from({ length: n }, () => (rng() - 0.5) * 8));
        const [vf, gf] = [fused.fn(y, z).dataSync()[0], tf.grad((x: tf.Tensor) => fused.fn(y, x))(z).dataSync()];
        const [vo, go] = [ops.fn(y, z).dataSync()[0], tf.grad((x: tf.Tensor) => ops.fn(y, x))(z).dataSync()];
        assert.ok(Math.abs(vf - vo) <= 1e-5, `${spec} ${target}: value ${vf} vs ${vo}`);
        gf.forEach((g, i) => assert.ok(Math.abs(g - go[i]) <= 1e-5 + 1e-3 * Math.abs(go[i]), `${spec} ${target} n=${n}: grad[${i}] ${g} vs ${go[i]}`));
      }
      fused.dispose();
      ops.dispose();
    }
  }
});

test('soft (non-0/1) labels: the fused loss op and the composed ops still agree', () => {
  const y = tf.tensor1d([0, 0.3, 1, 0.8, 0.5, 0]);
  const z = tf.tensor1d([-1.5, 0.2, 2.0, -0.4, 0.9, 0.1]);
  for (const spec of ['solh:uniform', 'soft-set']) {
    const fused = makeLoss(parseLoss(spec), parseScore('f1'), 'fused');
    const ops = makeLoss(parseLoss(spec), parseScore('f1'), 'ops');
    assert.ok(Math.abs(fused.fn(y, z).dataSync()[0] - ops.fn(y, z).dataSync()[0]) < 1e-6, spec);
    const gf = tf.grad((x: tf.Tensor) => fused.fn(y, x))(z).dataSync();
    const go = tf.grad((x: tf.Tensor) => ops.fn(y, x))(z).dataSync();
    gf.forEach((g, i) => assert.ok(Math.abs(g - go[i]) < 1e-5, `${spec} grad[${i}] ${g} vs ${go[i]}`));
    fused.dispose();
    ops.dispose();
  }
});
