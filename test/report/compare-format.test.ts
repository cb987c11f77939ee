/**
 * How compare tables read: text and Markdown one block per table (title, notes, the chosen test's
 * columns), CSV and JSON one flat list at full precision. The records are made up, with paired
 * differences chosen so that the mean is worked out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { renderCompare } from '../../src/report/compare-format';
import { COMPARE_DEFAULTS, compareRecords, CompareTable } from '../../src/report/compare';
import { RunRecord } from '../../src/experiment/record';
import { fakeRecord } from '../helpers/records';

// Five seeds; test F1 of the baseline 0.5, of solh:uniform 0.5 + 0.01·(seed + 1): mean Δ = +0.03.
// sol:uniform 0.5 − 0.02 on every seed but one: mean Δ = (−0.02·4 + 0)/5 = −0.016.
const SEEDS = [0, 1, 2, 3, 4];
const records: RunRecord[] = SEEDS.flatMap((s) => [
  fakeRecord('bce', null, s, 0.5),
  fakeRecord('solh:uniform', 'f1', s, 0.5 + 0.01 * (s + 1)),
  fakeRecord('sol:uniform', 'f1', s, s === 4 ? 0.5 : 0.48),
]);
const opts = { ...COMPARE_DEFAULTS, baseline: 'bce', targets: ['f1'], bootstrap: 200 };
const format = { confidence: 0.95, bootstrap: 200, minBootstrapPairs: 5 };

function tables(test: 'corrected-t' | 't' | 'wilcoxon' = 'corrected-t'): CompareTable[] {
  return compareRecords(records, { ...opts, test });
}

test('text: one block per table, its title naming target, score, threshold, baseline and config, then the rows', () => {
  const [t] = tables();
  const out = renderCompare([t], { format: 'text', ...format });
  const lines = out.split('\n');
  assert.equal(lines[0], 'Target f1: test f1 at τ = 0.5, paired by seed, Δ = loss − BCE (config c0ffee00c0ffee00, backend cpu)');
  assert.match(lines[1], /^Verdicts by the corrected resampled t .*200 resamples of the seeds, only when n ≥ 5\. .*Holm over the 2 comparisons of this table\. TOST: two one-sided tests of Δ within ±0\.01/);
  const solh = lines.find((l) => l.includes('SOLH uniform'))!;
  const sol = lines.find((l) => l.includes('SOL uniform'))!;
  assert.match(solh, /│ 5\s+│ \+0\.0300 /, 'n, then the mean Δ signed to four decimals');
  assert.match(sol, /│ 5\s+│ −0\.0160 /, 'a negative Δ with a minus sign (U+2212)');
  for (const h of ['95% CI (corrected t)', '95% CI (t)', '95% CI (bootstrap)', 'p corrected t', 'p corrected t Holm', 'p TOST ±0.01 Holm', 'Verdict']) {
    assert.ok(out.includes(h), `column ${h}`);
  }
});

test('the chosen test decides the columns: no corrected-t columns under --test t, and its Holm column is named for it', () => {
  const out = renderCompare(tables('t'), { format: 'text', ...format });
  assert.ok(!out.includes('corrected t)') && !out.includes('p corrected t'), 'no corrected-t columns');
  assert.ok(out.includes('p t Holm'));
  assert.ok(renderCompare(tables('wilcoxon'), { format: 'text', ...format }).includes('p Wilcoxon Holm'));
});

test('markdown: a #### heading, the notes, then a Markdown table per block', () => {
  const out = renderCompare(tables(), { format: 'markdown', ...format });
  const lines = out.split('\n');
  assert.ok(lines[0].startsWith('#### Target f1: test f1 at τ = 0.5'));
  assert.equal(lines[1], '');
  assert.ok(lines[2].startsWith('Verdicts by the corrected resampled t'));
  assert.match(lines[4], /^\| Loss \| n \| mean Δ \|/);
  assert.match(lines[5], /^\| --- \|/);
  assert.equal(lines.filter((l) => l.startsWith('| SOL')).length, 2);
});

test('csv: one flat list with a header, every value at full precision, read back by csv-parse', () => {
  const ts = tables();
  const [header, ...rows] = parse(renderCompare(ts, { format: 'csv', ...format })) as string[][];
  assert.equal(rows.length, 2);
  const col = (name: string) => header.indexOf(name);
  assert.ok(col('mean') >= 0 && col('p_corrected_t') >= 0 && col('verdict') === header.length - 1);
  for (const row of rows) {
    const r = ts[0].rows.find((x) => x.loss === row[col('loss')])!;
    assert.equal(Number(row[col('mean')]), r.mean, 'the mean as a number, not rounded');
    assert.equal(row[col('seeds')], '0 1 2 3 4');
    assert.equal(row[col('baseline')], 'bce');
  }
  const solh = rows.find((r) => r[col('loss')] === 'solh:uniform')!;
  assert.ok(Math.abs(Number(solh[col('mean')]) - 0.03) < 1e-12);
  const sol = rows.find((r) => r[col('loss')] === 'sol:uniform')!;
  assert.ok(Math.abs(Number(sol[col('mean')]) + 0.016) < 1e-12);
});

test('json: the same flat list as CSV, with the rows\' own fields', () => {
  const ts = tables();
  const json = JSON.parse(renderCompare(ts, { format: 'json', ...format })) as { loss: string; mean: number; n: number }[];
  assert.deepEqual(json.map((r) => [r.loss, r.n]).sort(), [['sol:uniform', 5], ['solh:uniform', 5]]);
  assert.ok(Math.abs(json.find((r) => r.loss === 'solh:uniform')!.mean - 0.03) < 1e-12);
});
