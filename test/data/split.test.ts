import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { stratifiedSplit } from '../../src/data/split';
import { actgPath, loadNumeric, throwsSolh } from '../helpers/data';

const F = { train: 0.64, validation: 0.16, test: 0.2 };
const labels = loadNumeric(actgPath(), { label: 'cid' }).labels;
const count = (idx: number[], cls: number) => idx.filter((i) => labels[i] === cls).length;

test('ACTG 175 with 0.64/0.16/0.20: per-class rounded sizes', () => {
  const s = stratifiedSplit(labels, F, 0);
  // class 0: 1618 → test round(323.6)=324, validation round(258.88)=259, train 1035
  // class 1:  521 → test round(104.2)=104, validation round(83.36)=83,   train 334
  assert.deepEqual([count(s.test, 0), count(s.validation, 0), count(s.train, 0)], [324, 259, 1035]);
  assert.deepEqual([count(s.test, 1), count(s.validation, 1), count(s.train, 1)], [104, 83, 334]);
  assert.deepEqual([s.train.length, s.validation.length, s.test.length], [1369, 342, 428]);
});

test('parts are disjoint, cover all rows, and are sorted ascending', () => {
  const s = stratifiedSplit(labels, F, 7);
  const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: labels.length }, (_, i) => i));
  for (const part of [s.train, s.validation, s.test]) {
    assert.ok(part.every((v, i) => i === 0 || part[i - 1] < v));
  }
});

test('class proportions are kept in every part', () => {
  const s = stratifiedSplit(labels, F, 3);
  const overall = 521 / 2139;
  for (const part of [s.train, s.validation, s.test]) {
    assert.ok(Math.abs(count(part, 1) / part.length - overall) < 0.005);
  }
});

test('same seed gives the same split; different seeds differ', () => {
  assert.deepEqual(stratifiedSplit(labels, F, 42), stratifiedSplit(labels, F, 42));
  assert.notDeepEqual(stratifiedSplit(labels, F, 42).test, stratifiedSplit(labels, F, 43).test);
});

test('matches the documented algorithm (one generator, class 0 then class 1, Fisher–Yates)', () => {
  const y = Uint8Array.from([0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
  const fr = { train: 0.5, validation: 0.25, test: 0.25 };
  const rng = seedrandom('split:5');
  const want = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (const c of [0, 1]) {
    const idx = [...y.keys()].filter((i) => y[i] === c);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const nT = Math.round(idx.length * fr.test), nV = Math.round(idx.length * fr.validation);
    want.test.push(...idx.slice(0, nT));
    want.validation.push(...idx.slice(nT, nT + nV));
    want.train.push(...idx.slice(nT + nV));
  }
  for (const k of ['train', 'validation', 'test'] as const) want[k].sort((a, b) => a - b);
  assert.deepEqual(stratifiedSplit(y, fr, 5), want);
});

test('bad fractions throw SolhError', () => {
  throwsSolh(() => stratifiedSplit(labels, { train: 0.6, validation: 0.2, test: 0.3 }, 0), /sum to 1/, /= 1\.1/);
  throwsSolh(() => stratifiedSplit(labels, { train: 0.8, validation: 0, test: 0.2 }, 0), /validation = 0/);
  throwsSolh(() => stratifiedSplit(labels, { train: 1.2, validation: -0.1, test: -0.1 }, 0), /train = 1\.2/);
  throwsSolh(() => stratifiedSplit(labels, { train: NaN, validation: 0.5, test: 0.5 }, 0), /train = NaN/);
  throwsSolh(() => stratifiedSplit(labels, F, -1), /seed -1/);
  throwsSolh(() => stratifiedSplit(labels, F, 1.5), /seed 1\.5/);
});

test('too few rows throw SolhError naming the class', () => {
  const y = new Uint8Array(40);
  y[0] = 1; y[1] = 1;
  throwsSolh(() => stratifiedSplit(y, F, 0), /too few rows for the split: class 1 has 2 examples/);
  throwsSolh(() => stratifiedSplit(Uint8Array.from([0, 1]), F, 0), /class 0 has 1 examples/);
});
