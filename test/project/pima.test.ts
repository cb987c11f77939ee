/**
 * The second data set (Pima Indians Diabetes, data/pima.csv) and the two extra configs: the committed
 * file is the documented one, regenerates byte for byte from the pinned npm package, and both
 * configs load and differ from configs/paper.json only in their data settings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNumeric } from '../helpers/data';
import { loadConfig, protocolOf, Config } from '../../src/experiment/config';
import { pimaCsv, readPimaPackage } from '../../scripts/make-pima-csv';
import { repoRoot } from '../helpers/paths';

const PIMA_SHA256 = '604bdfaeaecb2c035c3ca112979410b579d4cbfb8029b6c513c9e7fc55b253f4';
const FEATURES = ['pregnancies', 'glucose', 'blood_pressure', 'skin_thickness', 'insulin', 'bmi', 'pedigree', 'age'];
const LEAKY = ['time', 'cd420', 'cd820', 'offtrt'];

const root = () => repoRoot();
const config = (name: string) => loadConfig(join(root(), 'configs', name));
/** Loads a config's data the way a run does: paths in configs are relative to the repository root. */
const tableOf = (c: Config) => loadNumeric(join(root(), c.data.path), { label: c.data.label, drop: c.data.drop, positive: c.data.positive });
/** Everything but data and the comment, to compare a config with the paper's protocol and grid. */
const rest = (c: Config) => ({ ...protocolOf(c), data: undefined, grid: c.grid });

test('data/pima.csv: checksum, LF line endings, 768 rows, 8 features, 500 negatives and 268 positives', () => {
  const bytes = readFileSync(join(root(), 'data', 'pima.csv'));
  assert.equal(createHash('sha256').update(bytes).digest('hex'), PIMA_SHA256);
  const text = bytes.toString('utf8');
  assert.ok(!text.includes('\r'), 'no CR characters');
  assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), 'one final newline');
  const t = loadNumeric(join(root(), 'data', 'pima.csv'), { label: 'diabetes' });
  assert.deepEqual(t.featureNames, FEATURES);
  assert.equal(t.rows.length, 768);
  const positives = t.labels.reduce((s, v) => s + v, 0);
  assert.equal(positives, 268);
  assert.equal(t.rows.length - positives, 500);
  assert.ok(t.rows.every((r) => r.length === 8 && r.every(Number.isFinite)));
  assert.deepEqual(Array.from(t.rows[0]), [6, 148, 72, 35, 0, 33.6, 0.627, 50]);
  assert.equal(t.labels[0], 1);
});

test('data/pima.csv matches the means and standard deviations documented with the UCI data set', () => {
  // pima-indians-diabetes.names (UCI), "Brief statistical analysis", one decimal place.
  const documented: Record<string, [number, number]> = {
    pregnancies: [3.8, 3.4], glucose: [120.9, 32.0], blood_pressure: [69.1, 19.4], skin_thickness: [20.5, 16.0],
    insulin: [79.8, 115.2], bmi: [32.0, 7.9], pedigree: [0.5, 0.3], age: [33.2, 11.8],
  };
  const t = loadNumeric(join(root(), 'data', 'pima.csv'), { label: 'diabetes' });
  t.featureNames.forEach((name, j) => {
    const v = t.rows.map((r) => r[j]);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
    const [m, s] = documented[name];
    assert.ok(Math.abs(mean - m) <= 0.05 + 1e-9, `${name}: mean ${mean} vs documented ${m}`);
    assert.ok(Math.abs(sd - s) <= 0.05 + 1e-9, `${name}: sd ${sd} vs documented ${s}`);
  });
});

test('data/pima.csv is exactly what scripts/make-pima-csv makes from the pinned npm package', () => {
  const committed = readFileSync(join(root(), 'data', 'pima.csv'), 'utf8');
  assert.equal(pimaCsv(readPimaPackage()), committed);
});

test('the conversion refuses a changed source: other header, ragged row, text cell, label not 0/1', () => {
  const header = 'pregnancies,plasma glucose concentration,diastolic blood pressure,triceps skinfold thickness,insulin,body mass index,diabetes pedigree function,age,diabetic';
  assert.equal(pimaCsv(`${header}\r\n1,2,3,4,5,6.5,0.1,30,0\r\n`), `${FEATURES.join(',')},diabetes\n1,2,3,4,5,6.5,0.1,30,0\n`);
  assert.throws(() => pimaCsv(header.replace('age', 'years') + '\n1,2,3,4,5,6,7,8,0\n'), /unexpected header/);
  assert.throws(() => pimaCsv(`${header}\n1,2,3,4,5,6,7,0\n`), /8 cells, expected 9/);
  assert.throws(() => pimaCsv(`${header}\n1,2,3,4,5,x,7,8,0\n`), /"x" is not a number/);
  assert.throws(() => pimaCsv(`${header}\n1,2,3,4,5,6,7,8,2\n`), /label "2"/);
});

test('configs/pima.json is the paper protocol and grid on data/pima.csv, and its data loads', () => {
  const c = config('pima.json');
  assert.deepEqual(c.data, { path: 'data/pima.csv', label: 'diabetes', drop: [], categorical: 'auto', missing: 'error', scaling: 'z-score' });
  assert.deepEqual(rest(c), rest(config('paper.json')));
  const t = tableOf(c);
  assert.equal(t.rows.length, 768);
  assert.deepEqual(t.featureNames, FEATURES);
});

test('configs/paper-no-leak.json is the paper protocol without time, cd420, cd820, offtrt, and its data loads', () => {
  const c = config('paper-no-leak.json');
  const paper = config('paper.json');
  assert.deepEqual(c.data, { ...paper.data, drop: LEAKY });
  assert.deepEqual(rest(c), rest(paper));
  const t = tableOf(c);
  assert.equal(t.rows.length, 2139);
  assert.equal(t.featureNames.length, 19);
  assert.deepEqual(t.featureNames, tableOf(paper).featureNames.filter((n) => !LEAKY.includes(n)));
});
