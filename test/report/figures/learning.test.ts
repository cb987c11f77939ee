/** The learning-curve figure on the committed paper records: a panel per loss, the best epoch marked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningFigure } from '../../../src/report/figures/learning';
import { learningSeries } from '../../../src/report/figures/data';
import { paperRecords as records, PAPER_TARGETS as TARGETS, lossesFor } from '../../helpers/paper-records';
import { assertFigureBasics, byClass, parseSvg } from '../../helpers/svg';

for (const target of TARGETS) {
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
}
