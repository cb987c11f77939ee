/** Initialisation schemes against their definitions: bounds, and the variance of a uniform draw. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { initLayer, initBounds, parseInitScheme } from '../../src/model/init';
import { createMlp } from '../../src/model/mlp';
import { createModel } from '../../src/model/model';
import { SolhError } from '../../src/errors';

const variance = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};

// The paper's net on ACTG 175: 23 → 32 → 16 → 1.
const layers: [number, number][] = [[23, 32], [32, 16], [16, 1]];

test('pytorch: weights and biases uniform on ±1/√fan_in, variance 1/(3·fan_in)', () => {
  for (const [fanIn, fanOut] of layers) {
    const rng = seedrandom('t');
    const w: number[] = [];
    const b: number[] = [];
    // Many draws of the layer, so the sample variance is within a few % of the definition.
    for (let k = 0; k < 400; k++) {
      const l = initLayer('pytorch', fanIn, fanOut, rng);
      w.push(...l.weights);
      b.push(...l.biases);
    }
    const bound = 1 / Math.sqrt(fanIn);
    assert.ok(w.every((v) => Math.abs(v) < bound) && b.every((v) => Math.abs(v) < bound));
    assert.ok(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0) > 0.99 * bound, 'the draws fill the interval');
    const expected = bound ** 2 / 3;
    assert.ok(Math.abs(variance(w) / expected - 1) < 0.03, `weights ${fanIn}→${fanOut}: variance ${variance(w)} vs ${expected}`);
    assert.ok(Math.abs(variance(b) / expected - 1) < 0.1, `biases ${fanIn}→${fanOut}: variance ${variance(b)} vs ${expected}`);
  }
});

test('glorot: weights uniform on ±√(6/(fan_in+fan_out)), variance 2/(fan_in+fan_out), biases 0', () => {
  for (const [fanIn, fanOut] of layers) {
    const rng = seedrandom('g');
    const w: number[] = [];
    for (let k = 0; k < 400; k++) {
      const l = initLayer('glorot', fanIn, fanOut, rng);
      assert.ok(l.biases.every((v) => v === 0));
      w.push(...l.weights);
    }
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    assert.equal(initBounds('glorot', fanIn, fanOut).weight, bound);
    assert.ok(w.every((v) => Math.abs(v) < bound));
    const expected = 2 / (fanIn + fanOut);
    assert.ok(Math.abs(variance(w) / expected - 1) < 0.03, `${fanIn}→${fanOut}: variance ${variance(w)} vs ${expected}`);
  }
});

test('the MLP takes its weights from the scheme, seeded: same seed same weights, schemes differ', () => {
  const flat = (init: 'pytorch' | 'glorot', seed: number) => {
    return Array.from(createMlp(23, [32, 16], seed, init).theta);
  };
  const a = flat('pytorch', 1);
  assert.equal(a.length, 23 * 32 + 32 + 32 * 16 + 16 + 16 + 1);
  assert.deepEqual(flat('pytorch', 1), a);
  assert.notDeepEqual(flat('pytorch', 2), a);
  const g = flat('glorot', 1);
  // Glorot's first-layer biases (after the 23×32 weights) are 0; PyTorch's are not.
  assert.ok(g.slice(736, 768).every((v) => v === 0));
  assert.ok(a.slice(736, 768).every((v) => v !== 0 && Math.abs(v) < 1 / Math.sqrt(23)));
});

test('an unknown scheme is one line naming the valid ones', () => {
  assert.throws(() => parseInitScheme('xavier'), (e: unknown) => e instanceof SolhError && /valid values are pytorch, glorot/.test((e as Error).message));
});

test('a model asked for an unknown scheme (from code, past the config schema) is the same one-line error', () => {
  const bad = { architecture: 'mlp' as const, hidden: [2], dropout: 0, init: 'xavier' as unknown as 'pytorch' };
  assert.throws(() => createModel(3, bad, 0), (e: unknown) => e instanceof SolhError && /unknown initialisation "xavier": valid values are pytorch, glorot/.test((e as Error).message));
});
