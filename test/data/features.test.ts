/**
 * The feature plan: categorical columns one-hot encoded and missing cells handled as configured,
 * everything fitted on the training split only. Expected matrices are written out by hand; the
 * property tests feed random tables with text and missing cells through the whole preparation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stratifiedSplit } from '../../src/data/split';
import { columnKinds, fitFeatures, encodeRows, median, CategoricalSetting, MissingSetting } from '../../src/data/features';
import { MISSING_SPELLINGS, CellTable, parseCells } from '../../src/data/csv';
import { loadConfig, Config } from '../../src/experiment/config';
import { featuresFor } from '../../src/experiment/prepare';
import { SolhError } from '../../src/errors';
import { repoRoot, tempDir } from '../helpers/paths';

const dir = tempDir();
let files = 0;
/** The paper's protocol on a CSV written from `text`. */
function configFor(text: string, data: Partial<Config['data']> = {}): Config {
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, text);
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  c.data = { ...c.data, path, label: 'y', drop: [], categorical: 'auto', missing: 'error', ...data };
  return c;
}
const cells = (text: string, dropMissingLabels = false): CellTable => parseCells(text, 't', { label: 'y', dropMissingLabels });
const all = (t: CellTable) => t.cells.map((_, i) => i);
const matrix = (rows: Float64Array[]) => rows.map((r) => Array.from(r));
const oneLineSolh = (re: RegExp) => (e: unknown) => e instanceof SolhError && !e.message.includes('\n') && re.test(e.message);

test('one-hot: categories sorted by code point, one feature each, numeric columns pass through', () => {
  const t = cells('age,race,y\n30,white,0\n41,nonwhite,1\n25,white,1\n50,Other,0\n');
  const kinds = columnKinds(t, 'auto', 'error');
  assert.deepEqual(kinds, ['numeric', 'categorical']);
  const plan = fitFeatures(t, kinds, all(t), 'auto', 'error', 'all rows');
  assert.deepEqual(plan.featureNames, ['age', 'race=Other', 'race=nonwhite', 'race=white']);
  const enc = encodeRows(t, plan, all(t));
  assert.deepEqual(matrix(enc.rows), [[30, 0, 0, 1], [41, 0, 1, 0], [25, 0, 0, 1], [50, 1, 0, 0]]);
  assert.deepEqual(enc.unseenCells, [0, 0]);
});

test('a category the training rows never had becomes all zeros and is counted', () => {
  const t = cells('c,y\nx,0\ny,1\nz,0\nx,1\n');
  const kinds = columnKinds(t, 'auto', 'error');
  const plan = fitFeatures(t, kinds, [0, 1], 'auto', 'error', 'train');
  assert.deepEqual(plan.columns[0].categories, ['x', 'y']);
  const enc = encodeRows(t, plan, [2, 3]);
  assert.deepEqual(matrix(enc.rows), [[0, 0], [1, 0]]);
  assert.deepEqual(enc.unseenCells, [1]);
});

test('a category planted only in the test split: the plan is the one fitted without it, and its row encodes as zeros', () => {
  const text = ['colour,v,y', ...Array.from({ length: 40 }, (_, i) => `${['red', 'green', 'blue'][i % 3]},${i},${i % 4 === 0 ? 1 : 0}`)].join('\n') + '\n';
  const base = configFor(text);
  const seed = 3;
  const split = stratifiedSplit(cells(text).labels, base.split, seed);
  const victim = split.test[0];
  const lines = text.split('\n');
  lines[victim + 1] = lines[victim + 1].replace(/^\w+/, 'PLANTED');
  const planted = configFor(lines.join('\n'));
  const a = featuresFor(base, seed);
  const b = featuresFor(planted, seed);
  assert.deepEqual(b.featureNames, a.featureNames);
  assert.ok(!b.featureNames.some((n) => n.includes('PLANTED')));
  assert.deepEqual(b.parts.train, a.parts.train);
  assert.deepEqual(b.parts.validation, a.parts.validation);
  assert.deepEqual(b.summary.columns[0].unseenCells, { train: 0, validation: 0, test: 1 });
  const row = split.test.indexOf(victim);
  assert.deepEqual(Array.from(b.parts.test.rows[row]).slice(0, 3), [0, 0, 0]);
});

test('property: changing every validation and test cell never changes the fitted plan or the training features', () => {
  const text = ['n,c,y', ...Array.from({ length: 30 }, (_, i) => `${i % 7},${'abcd'[i % 4]},${i % 3 === 0 ? 1 : 0}`)].join('\n') + '\n';
  const t0 = cells(text);
  const split = stratifiedSplit(t0.labels, { train: 0.6, validation: 0.2, test: 0.2 }, 1);
  const heldOut = [...split.validation, ...split.test];
  const cell = fc.oneof(fc.constantFrom(...MISSING_SPELLINGS, 'e', 'a', 'zz'), fc.integer({ min: -9, max: 99 }).map(String));
  fc.assert(fc.property(fc.array(fc.tuple(cell, cell), { minLength: heldOut.length, maxLength: heldOut.length }), (repl) => {
    const t = { ...t0, cells: t0.cells.map((r) => [...r]) };
    heldOut.forEach((i, k) => { t.cells[i] = [/^-?\d+$/.test(repl[k][0]) ? repl[k][0] : '5', repl[k][1]]; });
    // Kinds come from the whole file: force them, so that only the fit is under test.
    const fit = (tt: CellTable) => fitFeatures(tt, ['numeric', 'categorical'], split.train, 'auto', 'impute', 'train');
    assert.deepEqual(fit(t), fit(t0));
    assert.deepEqual(encodeRows(t, fit(t), split.train).rows, encodeRows(t0, fit(t0), split.train).rows);
  }), { numRuns: 200 });
});

test('impute: numeric cells get the training median and a was-missing indicator; text cells a "missing" category', () => {
  const t = cells('n,c,y\n1,a,0\nNA,?,1\n4,b,0\n10,a,1\n?,,0\n100,null,1\n');
  const kinds = columnKinds(t, 'auto', 'impute');
  const plan = fitFeatures(t, kinds, [0, 1, 2, 3], 'auto', 'impute', 'train');
  // Training values of n are 1, 4, 10: median 4 (row 5, n = 100, is not a training row).
  assert.equal(plan.columns[0].median, 4);
  assert.deepEqual(plan.featureNames, ['n', 'n (missing)', 'c=a', 'c=b', 'c=(missing)']);
  const enc = encodeRows(t, plan, all(t));
  assert.deepEqual(matrix(enc.rows), [
    [1, 0, 1, 0, 0], [4, 1, 0, 0, 1], [4, 0, 0, 1, 0], [10, 0, 1, 0, 0], [4, 1, 0, 0, 1], [100, 0, 0, 0, 1],
  ]);
  assert.deepEqual(enc.missingCells, [2, 3]);
});

test('median: odd and even counts, unsorted input', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([10, 1, 4, 2]), 3);
  assert.equal(median([-1]), -1);
});

test('every missing spelling is missing, in any letter case; under `error` the message names data.missing', () => {
  for (const s of [...MISSING_SPELLINGS, 'na', 'n/a', 'NULL', 'nan', ' NA ']) {
    const t = cells(`a,b,y\n1,2,0\n3,${s},1\n`);
    assert.throws(() => columnKinds(t, 'auto', 'error'), (e: unknown) => oneLineSolh(/line 3 of "t", column "b" \(column 2\): missing value.*adding "b" to data\.drop.*set data\.missing to impute .* or to drop-rows$/)(e) && (e as SolhError).setting === 'data.missing', JSON.stringify(s));
    assert.deepEqual(columnKinds(t, 'auto', 'impute'), ['numeric', 'numeric']);
  }
  // Not missing: a literal word, zero, a dash.
  assert.deepEqual(columnKinds(cells('a,y\nnone,0\n0,1\n'), ['a'], 'error'), ['categorical']);
});

test('drop-rows leaves incomplete rows out of each split and counts them per split', () => {
  const rows = Array.from({ length: 50 }, (_, i) => `${i % 5 === 0 ? 'NA' : i},${i % 7 === 0 ? '' : 'ab'[i % 2]},${i % 3 === 0 ? 1 : 0}`);
  const c = configFor(['n,c,y', ...rows].join('\n') + '\n', { missing: 'drop-rows' });
  const f = featuresFor(c, 0);
  const split = stratifiedSplit(cells(['n,c,y', ...rows].join('\n') + '\n').labels, c.split, 0);
  const incomplete = (i: number) => i % 5 === 0 || i % 7 === 0;
  for (const p of ['train', 'validation', 'test'] as const) {
    assert.equal(f.summary.droppedRows[p], split[p].filter(incomplete).length, p);
    assert.equal(f.summary.rows[p], split[p].length - f.summary.droppedRows[p]);
    assert.equal(f.parts[p].rows.length, f.summary.rows[p]);
  }
  assert.equal(f.summary.droppedRows.train + f.summary.droppedRows.validation + f.summary.droppedRows.test, rows.filter((_, i) => incomplete(i)).length);
  assert.ok(f.summary.columns.every((col) => !col.imputedCells));
});

test('labels are never imputed: a missing label is refused under `error`, its row left out and counted otherwise', () => {
  const text = 'a,y\n1,0\n2,NA\n3,1\n4,0\n5,\n6,1\n';
  assert.throws(() => cells(text), oneLineSolh(/line 3 of "t": the label "y" is missing.*set data\.missing to drop-rows/));
  const t = cells(text, true);
  assert.deepEqual(t.missingLabelLines, [3, 6]);
  assert.deepEqual(Array.from(t.labels), [0, 1, 0, 1]);
  assert.deepEqual(t.cells.map((r) => r[0]), ['1', '3', '4', '6']);
  // With --positive, an empty label cell is missing, not the negative class.
  assert.throws(() => parseCells('a,y\n1,yes\n2,\n3,no\n', 't', { label: 'y', positive: 'yes', dropMissingLabels: false }), oneLineSolh(/label "y" is missing/));
});

test('identifier-like columns are refused under auto with a hint, and accepted when listed', () => {
  const ids = ['id,v,y', ...Array.from({ length: 60 }, (_, i) => `P${1000 + i},${i},${i % 2}`)].join('\n') + '\n';
  const t = cells(ids);
  const kinds = columnKinds(t, 'auto', 'error');
  assert.throws(() => fitFeatures(t, kinds, all(t), 'auto', 'error', 'the training split of seed 0'),
    oneLineSolh(/column "id" looks like an identifier \(60 distinct text values in 60 cells of the training split of seed 0.*list it in data\.categorical.*adding "id" to data\.drop$/));
  assert.equal(fitFeatures(t, columnKinds(t, ['id'], 'error'), all(t), ['id'], 'error', 'x').featureNames.length, 61);
  // Unique on almost every row, with fewer than 50 categories: 12 values in 12 rows.
  const few = cells(['name,y', ...Array.from({ length: 12 }, (_, i) => `n${i},${i % 2}`)].join('\n') + '\n');
  assert.throws(() => fitFeatures(few, ['categorical'], all(few), 'auto', 'error', 'x'), oneLineSolh(/looks like an identifier/));
  // 51 categories over many rows (not unique per row) is still too many.
  const many = cells(['k,y', ...Array.from({ length: 510 }, (_, i) => `k${i % 51},${i % 2}`)].join('\n') + '\n');
  assert.throws(() => fitFeatures(many, ['categorical'], all(many), 'auto', 'error', 'x'), oneLineSolh(/51 distinct text values/));
  const fifty = cells(['k,y', ...Array.from({ length: 500 }, (_, i) => `k${i % 50},${i % 2}`)].join('\n') + '\n');
  assert.equal(fitFeatures(fifty, ['categorical'], all(fifty), 'auto', 'error', 'x').featureNames.length, 50);
});

test('text where numbers are expected: none, a listed set, and a mixed column each name their fix', () => {
  const t = cells('a,b,y\n1,x,0\n2,y,1\n');
  assert.throws(() => columnKinds(t, 'none', 'error'), (e: unknown) => oneLineSolh(/line 2 of "t", column "b" \(column 2\): "x" is not a number; .*adding "b" to data\.drop, or set data\.categorical to auto to read it as categories$/)(e) && (e as SolhError).setting === 'data.categorical');
  assert.throws(() => columnKinds(t, ['a'], 'error'), oneLineSolh(/"x" is not a number.*add "b" to data\.categorical/));
  assert.throws(() => columnKinds(t, ['q'], 'error'), (e: unknown) => oneLineSolh(/^data\.categorical lists "q", which is not a feature column/)(e) && (e as SolhError).setting === 'data.categorical');
  const mixed = cells('a,y\n1,0\nabc,1\n3,0\n');
  assert.throws(() => columnKinds(mixed, 'auto', 'error'), oneLineSolh(/line 3 of "t", column "a" \(column 1\): "abc" is not a number but 2 other cells.*data\.categorical.*adding "a" to data\.drop$/));
  assert.throws(() => columnKinds(cells('a,y\n1,0\ninf,1\n'), 'auto', 'error'), oneLineSolh(/"inf" is not a finite number/));
  // A listed numeric-looking column is read as categories (codes such as 1/2/3).
  const codes = cells('grade,y\n1,0\n2,1\n3,0\n1,1\n');
  assert.deepEqual(fitFeatures(codes, columnKinds(codes, ['grade'], 'error'), all(codes), ['grade'], 'error', 'x').featureNames, ['grade=1', 'grade=2', 'grade=3']);
});

test('ACTG 175 under the defaults: the features are the numeric table, value for value', () => {
  const c = loadConfig(join(repoRoot(), 'configs/paper.json'));
  assert.deepEqual([c.data.categorical, c.data.missing], ['auto', 'error']);
  // Reference: the file read by hand (a plain all-numeric CSV without quotes), not by the loader.
  const [head, ...body] = readFileSync(join(repoRoot(), c.data.path), 'utf8').trim().split('\n').map((l) => l.split(',').map((x) => x.trim()));
  const keep = head.map((_, j) => j).filter((j) => head[j] !== c.data.label && !(c.data.drop ?? []).includes(head[j]));
  const old = {
    featureNames: keep.map((j) => head[j]),
    rows: body.map((r) => Float64Array.from(keep.map((j) => Number(r[j])))),
    labels: Uint8Array.from(body.map((r) => Number(r[head.indexOf(c.data.label)]))),
  };
  for (const seed of [0, 1]) {
    const f = featuresFor(c, seed);
    const split = stratifiedSplit(old.labels, c.split, seed);
    assert.deepEqual(f.featureNames, old.featureNames);
    for (const p of ['train', 'validation', 'test'] as const) {
      assert.deepEqual(f.parts[p].rows, split[p].map((i) => old.rows[i]));
      assert.deepEqual(Array.from(f.parts[p].labels), split[p].map((i) => old.labels[i]));
    }
  }
});

// Random tables: numeric, categorical and mixed columns, missing cells and labels, every setting.
const MISS = fc.constantFrom(...MISSING_SPELLINGS, 'na', 'NULL');
const numCell = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) }, { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String) }, { weight: 1, arbitrary: MISS });
const catCell = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('red', 'green', 'blue', 'Z', 'x y') }, { weight: 1, arbitrary: MISS }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map(String) });
const idCell = fc.uuid();
const column = fc.constantFrom('num', 'cat', 'id');
const settings = fc.record({
  categorical: fc.constantFrom<CategoricalSetting>('auto', 'none', ['c0'], ['c1', 'c2']),
  missing: fc.constantFrom<MissingSetting>('error', 'drop-rows', 'impute'),
  seed: fc.integer({ min: 0, max: 5 }),
});
const table = fc.tuple(fc.array(column, { minLength: 1, maxLength: 4 }), fc.integer({ min: 6, max: 60 })).chain(([kinds, n]) =>
  fc.tuple(
    fc.constant(kinds),
    fc.array(fc.tuple(...kinds.map((k) => (k === 'num' ? numCell : k === 'cat' ? catCell : idCell))), { minLength: n, maxLength: n }),
    fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom('0', '1') }, { weight: 1, arbitrary: MISS }), { minLength: n, maxLength: n }),
  ));

test('property: random tables give a finite matrix as wide as the plan, or one SolhError (300 runs)', () => {
  let ok = 0;
  fc.assert(fc.property(table, settings, ([kinds, rows, labels], s) => {
    const text = [[...kinds.map((_, j) => `c${j}`), 'y'].join(','), ...rows.map((r, i) => [...r.map((v) => (v.includes(' ') ? `"${v}"` : v)), labels[i]].join(','))].join('\n') + '\n';
    let f: ReturnType<typeof featuresFor>;
    try {
      f = featuresFor(configFor(text, { categorical: s.categorical, missing: s.missing }), s.seed);
    } catch (e) {
      if (!(e instanceof SolhError)) throw e;
      assert.ok(!e.message.includes('\n'), e.message);
      return;
    }
    ok++;
    const width = f.summary.columns.reduce((w, c) => w + c.features, 0);
    assert.equal(f.summary.width, width);
    assert.equal(f.featureNames.length, width);
    for (const p of ['train', 'validation', 'test'] as const) {
      assert.equal(f.parts[p].rows.length, f.summary.rows[p]);
      assert.equal(f.parts[p].labels.length, f.summary.rows[p]);
      for (const r of f.parts[p].rows) {
        assert.equal(r.length, width);
        assert.ok(r.every(Number.isFinite));
      }
    }
    // One-hot blocks hold at most one 1 per row; unseen and missing-without-category rows hold none.
    let at = 0;
    for (const c of f.summary.columns) {
      if (c.kind === 'categorical') {
        for (const p of ['train', 'validation', 'test'] as const) {
          for (const r of f.parts[p].rows) {
            const block = Array.from(r.slice(at, at + c.features));
            assert.ok(block.every((v) => v === 0 || v === 1), "one-hot values are 0 or 1");
            assert.ok(block.filter((v) => v === 1).length <= 1, "at most one category per row");
          }
        }
        // Training rows always find their category (or the missing one): nothing unseen in training.
        assert.equal(c.unseenCells!.train, 0);
      }
      at += c.features;
    }
  }), { numRuns: 300 });
  assert.ok(ok > 30, `only ${ok} of 300 random tables were accepted: the generator tests errors only`);
});
