/** The figure builders on the committed paper records: well-formed SVG with every series and marker they promise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readStore } from '../../src/store/store';
import { RunRecord } from '../../src/experiment/record';
import { parseLoss } from 'solh-losses';
import { softStepCurve } from 'solh-losses';
import { buildRows, TableRow } from '../../src/report/table';
import { PAPER_ORDER } from '../../src/report/query';
import { PAPER } from '../../src/report/paper';
import { curvesFigure } from '../../src/report/figures/curves';
import { thresholdsFigure } from '../../src/report/figures/thresholds';
import { learningFigure } from '../../src/report/figures/learning';
import { tablePointsFigure } from '../../src/report/figures/table-points';
import { checkOneProtocol, chooseBand, describeSeeds, learningSeries, thresholdSeries } from '../../src/report/figures/data';
import { lossStyles } from '../../src/report/figures/style';
import { repoRoot } from '../helpers/paths';
import { testBackend } from '../helpers/backend';
import { assertFigureBasics, byClass, parseSvg } from './svg-helpers';

const records: RunRecord[] = readStore(join(repoRoot(), 'results/paper')).records;
const TARGETS = ['accuracy', 'f1'];

/** The losses that serve a target, as the records say (BCE's records have target null). */
function lossesFor(target: string): string[] {
  return [...new Set(records.filter((r) => r.key.target === null || r.key.target === target).map((r) => r.key.loss))];
}

test('the paper records are there to draw', () => {
  assert.ok(records.length >= 20, `${records.length} records`);
  for (const t of TARGETS) assert.ok(lossesFor(t).length >= 2, t);
});

test('curves: one line per loss, in the loss\'s own style', async () => {
  await testBackend();
  const specs = ['soft-set', 'sol:cosine(0.5,0.1)', 'solh:uniform', 'solh:cosine(0.5,0.5)'];
  const ps = Array.from({ length: 21 }, (_, i) => i / 20);
  const series = specs.map((s) => ({ loss: s, points: softStepCurve(parseLoss(s, 0.1), ps) }));
  const root = parseSvg(curvesFigure(series, { delta: 0.1 }));
  assertFigureBasics(root);
  const lines = byClass(root, 'series');
  assert.deepEqual(lines.map((g) => g.attrs['data-loss']), specs);
  const styles = lossStyles(specs);
  for (const g of lines) {
    const path = g.children.find((c) => c.name === 'path')!;
    assert.equal(path.attrs.stroke, styles.get(g.attrs['data-loss'])!.color);
    assert.equal((path.attrs.d.match(/L/g) ?? []).length, ps.length - 1, 'one vertex per p');
  }
  assert.equal(byClass(root, 'legend-item').length, specs.length);
});

test('loss styles: SOL and SOLH over one distribution share a colour and differ in dash', () => {
  const s = lossStyles(['bce', 'sol:uniform', 'solh:uniform', 'sol:cosine(0.5,0.1)']);
  assert.equal(s.get('sol:uniform')!.color, s.get('solh:uniform')!.color);
  assert.notEqual(s.get('sol:uniform')!.dash, s.get('solh:uniform')!.dash);
  assert.notEqual(s.get('sol:uniform')!.color, s.get('sol:cosine(0.5,0.1)')!.color);
});

for (const target of TARGETS) {
  test(`thresholds (${target}): one series per loss, mean and band over seeds, τ* marked at the mean τ*`, () => {
    const series = thresholdSeries(records, target);
    const root = parseSvg(thresholdsFigure(series, { target }));
    assertFigureBasics(root);
    const losses = lossesFor(target);
    const drawn = byClass(root, 'series').map((g) => g.attrs['data-loss']);
    assert.deepEqual([...drawn].sort(), [...losses].sort());
    assert.equal(drawn[0], 'bce', 'paper order: BCE first');
    for (const g of byClass(root, 'series')) {
      assert.equal(byClass(g, 'band').length, 1);
      assert.equal(byClass(g, 'mean').length, 1);
    }
    const taus = byClass(root, 'tau-star');
    assert.equal(taus.length, losses.length);
    for (const m of taus) {
      const rs = records.filter((r) => r.key.loss === m.attrs['data-loss'] && (r.key.target === null || r.key.target === target));
      const expected = rs.reduce((a, r) => a + r.evaluation[target].tauStar, 0) / rs.length;
      assert.ok(Math.abs(Number(m.attrs['data-tau']) - expected) < 1e-4, `${m.attrs['data-loss']} τ*`);
    }
  });

  test(`learning (${target}): one panel per loss, best epoch marked where the record says`, () => {
    const seed = 1;
    const root = parseSvg(learningFigure(learningSeries(records, target, seed), { target, seed }));
    assertFigureBasics(root);
    const losses = lossesFor(target);
    assert.deepEqual(byClass(root, 'series').map((g) => g.attrs['data-loss']).sort(), [...losses].sort());
    const marks = byClass(root, 'best-epoch');
    assert.equal(marks.length, losses.length);
    for (const m of marks) {
      const r = records.find((x) => x.key.loss === m.attrs['data-loss'] && x.key.seed === seed && (x.key.target === null || x.key.target === target))!;
      assert.equal(Number(m.attrs['data-epoch']), r.bestEpoch);
    }
    for (const g of byClass(root, 'series')) {
      assert.equal(byClass(g, 'train').length, 1);
      assert.equal(byClass(g, 'validation').length, 1);
    }
  });

  test(`table (${target}): our points with error bars and the paper's values for both test columns`, () => {
    const rows = buildRows(records, target, PAPER_ORDER);
    const root = parseSvg(tablePointsFigure(rows, { target }));
    assertFigureBasics(root);
    const withPaper = rows.filter((r) => PAPER[target]?.[r.loss]);
    assert.ok(withPaper.length >= 2);
    assert.equal(byClass(root, 'ours').length, 2 * rows.length);
    assert.equal(byClass(root, 'paper-point').length, 2 * withPaper.length);
    assert.deepEqual(byClass(root, 'row-label').map((n) => n.text), rows.map((r) => r.label));
    // Each point's tooltip carries the mean it is drawn at.
    const bce = byClass(root, 'ours').find((g) => g.attrs['data-loss'] === 'bce')!;
    assert.match(bce.children[0].text, new RegExp(rows.find((r) => r.loss === 'bce')!.mean.testScore!.toFixed(4)));
  });
}

test('threshold series: mean, min and max over seeds of the recorded test curves', () => {
  const s = thresholdSeries(records, 'f1').find((x) => x.loss === 'solh:uniform')!;
  const rs = records.filter((r) => r.key.loss === 'solh:uniform' && r.key.target === 'f1');
  assert.deepEqual(s.seeds, rs.map((r) => r.key.seed).sort());
  const i = s.thresholds.indexOf(0.5);
  assert.ok(i >= 0);
  const at = rs.map((r) => r.curves.test.f1[i]);
  assert.ok(Math.abs(s.mean[i] - at.reduce((a, b) => a + b) / at.length) < 1e-12);
  assert.equal(s.min[i], Math.min(...at));
  assert.equal(s.max[i], Math.max(...at));
});

test('labels are escaped: odd loss names still give well-formed SVG', () => {
  const rows = buildRows(records, 'f1', PAPER_ORDER).slice(0, 2).map((r, i): TableRow => ({ ...r, loss: `x<${i}>&"`, label: `a<b & "c" ${i}` }));
  const root = parseSvg(tablePointsFigure(rows, { target: 'f1 <&>' }));
  assert.deepEqual(byClass(root, 'row-label').map((n) => n.text), ['a<b & "c" 0', 'a<b & "c" 1']);
});

test('records of two protocols are refused: figures average over one protocol', () => {
  const other = { ...records[0], configHash: 'other' };
  assert.throws(() => checkOneProtocol([...records, other], 'dir'), /mixes 2 protocols/);
  assert.doesNotThrow(() => checkOneProtocol(records, 'dir'));
});

test('threshold bands: min–max for few seeds, ± sd for many, or as asked', () => {
  assert.equal(chooseBand('auto', 3), 'minmax');
  assert.equal(chooseBand('auto', 30), 'sd');
  assert.equal(chooseBand('minmax', 30), 'minmax');
  const series = thresholdSeries(records, 'f1');
  const sd = parseSvg(thresholdsFigure(series, { target: 'f1', band: 'sd' }));
  assert.ok(byClass(sd, 'band').every((b) => b.attrs['data-band'] === 'sd'));
  assert.ok(byClass(sd, 'legend-item').some((g) => /mean ± 1 sd over seeds/.test(g.children.map((c) => c.text).join(''))));
  const auto = parseSvg(thresholdsFigure(series, { target: 'f1' }));
  assert.ok(byClass(auto, 'band').every((b) => b.attrs['data-band'] === 'minmax'), 'three seeds: min–max');
  const s = series.find((x) => x.loss === 'bce')!;
  const i = s.thresholds.indexOf(0.5);
  const at = records.filter((r) => r.key.loss === 'bce').map((r) => r.curves.test.f1[i]);
  const m = at.reduce((a, b) => a + b) / at.length;
  assert.ok(Math.abs(s.sd[i] - Math.sqrt(at.reduce((a, b) => a + (b - m) ** 2, 0) / (at.length - 1))) < 1e-12);
});

test('seeds in subtitles: a range, a list, or a count', () => {
  assert.equal(describeSeeds([2, 0, 1, 1]), 'seeds 0, 1, 2');
  assert.equal(describeSeeds(Array.from({ length: 30 }, (_, i) => i)), 'seeds 0–29');
  assert.equal(describeSeeds([0, 2, 4, 6, 8, 10, 12, 14, 16]), '9 seeds');
  assert.equal(describeSeeds([7]), 'seed 7');
});
