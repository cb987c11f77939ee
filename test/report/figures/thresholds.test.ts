/** The threshold figure on the committed paper records: series, bands and τ* markers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdsFigure } from '../../../src/report/figures/thresholds';
import { thresholdSeries } from '../../../src/report/figures/data';
import { paperRecords as records, PAPER_TARGETS as TARGETS, lossesFor } from '../../helpers/paper-records';
import { assertFigureBasics, byClass, parseSvg } from '../../helpers/svg';

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
}

test('threshold bands: ± sd when asked, min–max for three seeds by default', () => {
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
