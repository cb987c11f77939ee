/** The table figure on the committed paper records: our points with error bars beside the paper's values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows, TableRow } from '../../../src/report/table';
import { PAPER_ORDER } from '../../../src/report/query';
import { PAPER } from '../../../src/report/paper';
import { tablePointsFigure } from '../../../src/report/figures/table-points';
import { paperRecords as records, PAPER_TARGETS as TARGETS } from '../../helpers/paper-records';
import { assertFigureBasics, byClass, parseSvg } from '../../helpers/svg';

for (const target of TARGETS) {
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

test('labels are escaped: odd loss names still give well-formed SVG', () => {
  const rows = buildRows(records, 'f1', PAPER_ORDER).slice(0, 2).map((r, i): TableRow => ({ ...r, loss: `x<${i}>&"`, label: `a<b & "c" ${i}` }));
  const root = parseSvg(tablePointsFigure(rows, { target: 'f1 <&>' }));
  assert.deepEqual(byClass(root, 'row-label').map((n) => n.text), ['a<b & "c" 0', 'a<b & "c" 1']);
});
