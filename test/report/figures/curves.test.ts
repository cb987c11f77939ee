/** The E(p) figure: one line per loss in its own style, one vertex per p. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLoss, softStepCurve } from 'solh-losses';
import { curvesFigure } from '../../../src/report/figures/curves';
import { lossStyles } from '../../../src/report/figures/style';
import { testBackend } from '../../helpers/backend';
import { assertFigureBasics, byClass, parseSvg } from '../../helpers/svg';

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
