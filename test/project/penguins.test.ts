/**
 * Palmer penguins (data/penguins.csv, configs/penguins.json): the committed file regenerates byte for
 * byte from the pinned npm package, has palmerpenguins' documented counts, and its config is the
 * paper's protocol with text columns one-hot encoded and missing cells imputed on the training split.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, protocolOf, Config } from '../../src/experiment/config';
import { featuresFor } from '../../src/experiment/prepare';
import { penguinsCsv, readPenguinsPackage } from '../../scripts/make-penguins-csv';
import { repoRoot } from '../helpers/paths';
import { loadCells } from '../helpers/data';

const SHA256 = '9c6855ea27815559a42bc755942660bac197e86ab621407a8715e06be93acdb5';
const file = () => join(repoRoot(), 'data', 'penguins.csv');
const config = (name: string) => loadConfig(join(repoRoot(), 'configs', name));
const rest = (c: Config) => ({ ...protocolOf(c), data: undefined, grid: c.grid });

test('data/penguins.csv is exactly what scripts/make-penguins-csv makes from the pinned npm package', () => {
  const bytes = readFileSync(file());
  assert.equal(createHash('sha256').update(bytes).digest('hex'), SHA256);
  assert.equal(penguinsCsv(readPenguinsPackage()), bytes.toString('utf8'));
});

test('data/penguins.csv has palmerpenguins\' counts: species, islands, sexes, 19 missing cells in 11 rows, the "." read as missing', () => {
  const t = loadCells(file(), { label: 'species', positive: 'Chinstrap', dropMissingLabels: false });
  assert.deepEqual(t.featureNames, ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']);
  assert.equal(t.cells.length, 344);
  assert.equal(t.labels.reduce((s, v) => s + v, 0), 68);
  const count = (j: number) => t.cells.reduce<Record<string, number>>((m, r) => ({ ...m, [r[j]]: (m[r[j]] ?? 0) + 1 }), {});
  assert.deepEqual(count(0), { Torgersen: 52, Biscoe: 168, Dream: 124 });
  assert.deepEqual(count(5), { MALE: 168, FEMALE: 165, NA: 11 });
  assert.equal(t.cells.flat().filter((c) => c === 'NA').length, 19);
  assert.equal(t.cells.filter((r) => r.includes('NA')).length, 11);
  assert.deepEqual(t.cells[336], ['Biscoe', '44.5', '15.7', '217', '4875', 'NA']);
  // Every Chinstrap is on Dream (the caveat in data/penguins.README.md).
  assert.ok(t.cells.every((r, i) => !t.labels[i] || r[0] === 'Dream'));
  // Means as palmerpenguins documents them (43.92 mm, 17.15 mm, 200.9 mm, 4202 g).
  const mean = (j: number) => { const v = t.cells.map((r) => r[j]).filter((c) => c !== 'NA').map(Number); return v.reduce((a, b) => a + b, 0) / v.length; };
  assert.deepEqual([1, 2, 3, 4].map((j) => Math.round(mean(j) * 100) / 100), [43.92, 17.15, 200.92, 4201.75]);
});

test('the conversion refuses a changed source and writes null and "." as NA', () => {
  const row = { Species: 'Gentoo', Island: 'Biscoe', 'Beak Length (mm)': 44.5, 'Beak Depth (mm)': 15.7, 'Flipper Length (mm)': 217, 'Body Mass (g)': 4875, Sex: '.' };
  const header = 'species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\n';
  assert.equal(penguinsCsv(JSON.stringify([row, { ...row, 'Body Mass (g)': null, Sex: 'MALE' }])), `${header}Gentoo,Biscoe,44.5,15.7,217,4875,NA\nGentoo,Biscoe,44.5,15.7,217,NA,MALE\n`);
  assert.throws(() => penguinsCsv(JSON.stringify([{ ...row, Sex: 'male' }])), /unexpected value "male"/);
  assert.throws(() => penguinsCsv(JSON.stringify([{ ...row, 'Body Mass (g)': '4875' }])), /is not a number/);
  const { Sex: _sex, ...noSex } = row;
  assert.throws(() => penguinsCsv(JSON.stringify([noSex])), /unexpected keys/);
});

test('configs/penguins.json: the paper protocol and grid on Chinstrap vs rest, auto categories, imputation; 10 or 14 features per seed', () => {
  const c = config('penguins.json');
  assert.deepEqual(c.data, { path: 'data/penguins.csv', label: 'species', positive: 'Chinstrap', drop: [], categorical: 'auto', missing: 'impute', scaling: 'z-score' });
  assert.deepEqual(rest(c), rest(config('paper.json')));
  for (const seed of c.grid.seeds) {
    const { summary, featureNames } = featuresFor(c, seed);
    assert.deepEqual(summary.rows, { train: 220, validation: 55, test: 69 });
    assert.deepEqual(summary.columns.map((col) => [col.name, col.kind]), [
      ['island', 'categorical'], ['bill_length_mm', 'numeric'], ['bill_depth_mm', 'numeric'],
      ['flipper_length_mm', 'numeric'], ['body_mass_g', 'numeric'], ['sex', 'categorical']]);
    assert.deepEqual(summary.columns[0].categories, ['Biscoe', 'Dream', 'Torgersen']);
    assert.deepEqual(summary.columns[5].categories, ['FEMALE', 'MALE', '(missing)']);
    // 11 missing sexes and 2 missing values per measurement, whatever the split; nothing unseen.
    const total = (p: { train: number; validation: number; test: number }) => p.train + p.validation + p.test;
    assert.equal(total(summary.columns[5].imputedCells!), 11);
    for (const j of [1, 2, 3, 4]) assert.equal(total(summary.columns[j].imputedCells!), 2);
    assert.ok(summary.columns.every((col) => !col.unseenCells || total(col.unseenCells) === 0));
    // An indicator exactly when a training row had the measurement missing.
    const indicator = summary.columns[1].imputedCells!.train > 0;
    assert.equal(summary.width, indicator ? 14 : 10);
    assert.equal(featureNames.includes('bill_length_mm (missing)'), indicator);
  }
});
