/** What older records say about their test set: positives and collapse derived from the scores, exactly or not at all. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { RunRecord } from '../../src/experiment/record';
import { readStore } from '../../src/store/store';
import { collapsed, testPositives } from '../../src/report/test-counts';
import { buildRows, renderTable } from '../../src/report/table';
import { repoRoot } from '../helpers/paths';

/** A record whose test scores at 0.5 come from a confusion matrix, computed by hand. */
function fromCounts(tp: number, fp: number, fn: number, tn: number, extra: Partial<RunRecord> = {}): RunRecord {
  const n = tp + fp + fn + tn;
  const e = (v: number) => ({ trainAtThreshold: 0, tauStar: 0.5, trainAtTau: 0, testAtThreshold: v, testAtTau: v });
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    status: 'ok', key: { loss: 'x', target: 'f1', seed: 0 },
    features: { rows: { train: 3 * n, validation: n, test: n } },
    evaluation: {
      recall: e(div(tp, tp + fn)), specificity: e(div(tn, tn + fp)), accuracy: e((tp + tn) / n), precision: e(div(tp, tp + fp)),
    },
    ...extra,
  } as unknown as RunRecord;
}

test('test positives: the one P the scores allow, or unknown when several fit', () => {
  assert.equal(testPositives(fromCounts(50, 10, 20, 320)), 70);
  assert.equal(testPositives(fromCounts(0, 0, 104, 324)), 104); // all negative: accuracy alone pins P
  assert.equal(testPositives(fromCounts(104, 324, 0, 0)), 104); // all positive
  // A perfect classifier: recall = specificity = accuracy = precision = 1 for every P — not derivable.
  assert.equal(testPositives(fromCounts(30, 0, 0, 70)), undefined);
  // Recorded beats derived.
  assert.equal(testPositives(fromCounts(30, 0, 0, 70, { testPositives: 30 })), 30);
});

test('collapse at the threshold is exact from recall and specificity; at τ* only a newer record can tell', () => {
  assert.equal(collapsed(fromCounts(0, 0, 104, 324), 'f1', '0.5'), true);
  assert.equal(collapsed(fromCounts(104, 324, 0, 0), 'f1', '0.5'), true);
  assert.equal(collapsed(fromCounts(1, 0, 103, 324), 'f1', '0.5'), false); // one positive prediction
  assert.equal(collapsed(fromCounts(0, 0, 104, 324), 'f1', 'tau'), undefined);
  const newer = fromCounts(50, 10, 20, 320, { collapsed: { atThreshold: false, atTau: { f1: true } } });
  assert.equal(collapsed(newer, 'f1', 'tau'), true);
  assert.equal(collapsed(newer, 'f1', '0.5'), false);
});

test('committed ACTG 175 records: every one derives the same test positives, the count of the stratified split', () => {
  const records = readStore(join(repoRoot(), 'results', 'paper')).records;
  const ps = new Set(records.map(testPositives));
  assert.deepEqual([...ps], [104]);
  // Independent: the label column of data/actg175.csv holds 521 positives of 2,139 rows; a stratified 20 % test split of
  // 428 rows takes 428 · 521/2139 = 104.2 of them.
  const lines = readFileSync(join(repoRoot(), 'data', 'actg175.csv'), 'utf8').trim().split('\n');
  const col = lines[0].split(',').indexOf('cid');
  const pos = lines.slice(1).filter((l) => l.split(',')[col] === '1').length;
  assert.equal(lines.length - 1, 2139);
  assert.equal(Math.round((428 * pos) / 2139), 104);
});

test('tables mark collapsed runs: results/paper-30, SOL C(0.5,0.1) trained for accuracy', () => {
  const records = readStore(join(repoRoot(), 'results', 'paper-30')).records;
  const rows = buildRows(records, 'accuracy');
  const narrow = rows.find((r) => r.loss === 'sol:cosine(0.5,0.1)')!;
  // Counted from the scores directly: no positive prediction at 0.5 means test recall 0 (and specificity 1).
  const flat = records.filter((r) => r.key.loss === 'sol:cosine(0.5,0.1)' && r.key.target === 'accuracy' && r.evaluation.recall.testAtThreshold === 0).length;
  assert.ok(flat > 0);
  assert.deepEqual(narrow.collapsed, { at05: flat, atTau: null });
  assert.deepEqual(rows.find((r) => r.loss === 'bce')!.collapsed, { at05: 0, atTau: null });
  assert.match(renderTable(rows, 'text', false), new RegExp(`30 \\(collapsed: ${flat} at the threshold\\)`));
});
