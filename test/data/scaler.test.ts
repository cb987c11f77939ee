import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyScaler, fitScaler } from '../../src/data/scaler';
import { throwsSolh } from '../helpers/data';

const rows = (xs: number[][]) => xs.map((r) => Float64Array.from(r));
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('hand-worked: column [1,2,3] → mean 2, sd sqrt(2/3)', () => {
  const r = rows([[1, 10], [2, 20], [3, 60]]);
  const s = fitScaler(r, [0, 1, 2]);
  assert.equal(s.centre[0], 2);
  close(s.spread[0], Math.sqrt(2 / 3), 1e-15);
  assert.equal(s.centre[1], 30);
  close(s.spread[1], Math.sqrt((400 + 100 + 900) / 3), 1e-12);
  const z = applyScaler(r, [0, 1, 2], s);
  assert.ok(z instanceof Float32Array);
  assert.equal(z.length, 6);
  const k = 1 / Math.sqrt(2 / 3);
  // Row-major: [row0col0, row0col1, row1col0, ...]
  close(z[0], -k); close(z[2], 0); close(z[4], k);
  close(z[1], -20 / s.spread[1]); close(z[5], 30 / s.spread[1]);
});

test('constant and near-constant columns become 0, never NaN', () => {
  const r = rows([[5, 1e9, 1], [5, 1e9 + 1e-4, 2]]);
  const s = fitScaler(r, [0, 1]);
  assert.equal(s.spread[0], 0);
  const z = applyScaler(r, [0, 1], s);
  assert.deepEqual(Array.from(z), [0, 0, -1, 0, 0, 1]);
});

test('fits on the given (train) indices only, applies to others', () => {
  const r = rows([[1], [1000], [3], [-50]]);
  const s = fitScaler(r, [0, 2]);
  assert.equal(s.centre[0], 2);
  assert.equal(s.spread[0], 1);
  assert.deepEqual(Array.from(applyScaler(r, [1, 3], s)), [998, -52]);
});

test('extreme values do not overflow to NaN', () => {
  const r = rows([[1e308], [-1e308], [1e308]]);
  const s = fitScaler(r, [0, 1, 2]);
  assert.ok(Number.isFinite(s.centre[0]) && Number.isFinite(s.spread[0]));
  close(s.centre[0] / 1e308, 1 / 3, 1e-12);
  assert.ok(Array.from(applyScaler(r, [0, 2], s)).every(Number.isFinite));
});

test('empty training part throws SolhError', () => {
  throwsSolh(() => fitScaler(rows([[1]]), []), /zero rows/);
});

test('min-max: hand-worked onto [0, 1] with the training rows\' minimum and range; rows outside the training range leave [0, 1]', () => {
  const r = rows([[1, 10], [3, 10], [2, 10], [5, 10]]);
  const s = fitScaler(r, [0, 1, 2], 'min-max');
  assert.deepEqual(Array.from(s.centre), [1, 10]);
  assert.deepEqual(Array.from(s.spread), [2, 0]);
  // Column 0: (x − 1)/2; column 1 is constant on the training rows and becomes 0.
  assert.deepEqual(Array.from(applyScaler(r, [0, 1, 2, 3], s)), [0, 0, 1, 0, 0.5, 0, 2, 0]);
});

test('none: the features as they are (float32)', () => {
  const r = rows([[1.5, -20], [3, 1e6]]);
  const s = fitScaler(r, [0], 'none');
  assert.deepEqual(Array.from(applyScaler(r, [0, 1], s)), [1.5, -20, 3, 1e6]);
});

test('z-score stays the default: the same numbers with and without naming it', () => {
  const r = rows([[1, 10], [2, 20], [3, 60], [7, -4]]);
  const a = applyScaler(r, [0, 1, 2, 3], fitScaler(r, [0, 1, 2]));
  const b = applyScaler(r, [0, 1, 2, 3], fitScaler(r, [0, 1, 2], 'z-score'));
  assert.deepEqual(Array.from(a), Array.from(b));
});
