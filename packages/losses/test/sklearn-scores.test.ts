/**
 * Every averaged score equals scikit-learn's on recorded cases (fixtures/sklearn-scores.json):
 * binary at threshold 0.5, three classes (60/25/15 %) and four classes with one class never
 * predicted (zero divisions), under every average. accuracy is top-1 accuracy (accuracy_score) and
 * balanced-accuracy is balanced_accuracy_score under every average; precision, recall, f1, fbeta
 * and csi are precision_score, recall_score, f1_score, fbeta_score and jaccard_score with the same
 * average ('support-weighted' is sklearn's 'weighted'), zero_division=0. scikit-learn has no
 * average for specificity, tss, hss1, hss2, mcc and gmean: their references are the one-vs-rest
 * confusion matrices of sklearn's multilabel_confusion_matrix, averaged as sklearn averages
 * precision (np.average with the support as weights; micro: the summed matrix).
 *
 * The fixture was written by this script (Debian's python3-sklearn 1.2.1, numpy 1.24.2):
 *
 *   /usr/bin/python3 make.py > packages/losses/test/fixtures/sklearn-scores.json
 *
 *   import json, numpy as np, sklearn
 *   from sklearn import metrics as M
 *   rng = np.random.default_rng(20261201)
 *   def formula(name, tn, fp, fn, tp):
 *       r = lambda a, b: a / b if b != 0 else 0.0
 *       rec, spec = r(tp, tp + fn), r(tn, tn + fp)
 *       if name == 'specificity': return spec
 *       if name == 'tss': return rec + spec - 1
 *       if name == 'hss1': return r(tp - fp, tp + fn)
 *       if name == 'hss2': return r(2 * (tp * tn - fp * fn), (tp + fn) * (fn + tn) + (tp + fp) * (tn + fp))
 *       if name == 'mcc': return r(tp * tn - fp * fn, np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))
 *       if name == 'gmean': return np.sqrt(rec * spec)
 *       raise ValueError(name)
 *   OWN = ['specificity', 'tss', 'hss1', 'hss2', 'mcc', 'gmean']
 *   def multiclass(n, C, shares, never):
 *       y = rng.choice(C, size=n, p=shares)
 *       p = np.round(rng.random((n, C)), 2)
 *       # Informative: the true class gets a boost; class `never` is never the argmax (a zero division).
 *       p[np.arange(n), y] = np.minimum(1, p[np.arange(n), y] + 0.3)
 *       if never is not None: p[:, never] = 0.0
 *       yp = p.argmax(axis=1)
 *       out = {}
 *       for a, sk in [('macro', 'macro'), ('support-weighted', 'weighted'), ('micro', 'micro')]:
 *           o = {
 *               'accuracy': M.accuracy_score(y, yp),
 *               'balanced-accuracy': M.balanced_accuracy_score(y, yp),
 *               'precision': M.precision_score(y, yp, average=sk, zero_division=0),
 *               'recall': M.recall_score(y, yp, average=sk, zero_division=0),
 *               'f1': M.f1_score(y, yp, average=sk, zero_division=0),
 *               'fbeta(2)': M.fbeta_score(y, yp, beta=2, average=sk, zero_division=0),
 *               'fbeta(0.5)': M.fbeta_score(y, yp, beta=0.5, average=sk, zero_division=0),
 *               'csi': M.jaccard_score(y, yp, average=sk, zero_division=0),
 *           }
 *           mcm = M.multilabel_confusion_matrix(y, yp, labels=list(range(C)))
 *           support = mcm[:, 1, 0] + mcm[:, 1, 1]
 *           for s in OWN:
 *               if sk == 'micro':
 *                   (tn, fp), (fn, tp) = mcm.sum(axis=0)
 *                   o[s] = formula(s, tn, fp, fn, tp)
 *               else:
 *                   per = [formula(s, m[0, 0], m[0, 1], m[1, 0], m[1, 1]) for m in mcm]
 *                   o[s] = float(np.average(per, weights=support if sk == 'weighted' else None))
 *           out[a] = {k: float(v) for k, v in o.items()}
 *       return {'classes': C, 'labels': y.tolist(), 'p': p.tolist(), 'expected': out}
 *   def binary(n):
 *       y = (rng.random(n) < 0.35).astype(int)
 *       p = np.round(np.clip(rng.random(n) * 0.7 + 0.3 * y, 0, 1), 2)
 *       yp = (p >= 0.5).astype(int)
 *       (tn, fp), (fn, tp) = M.confusion_matrix(y, yp, labels=[0, 1])
 *       o = {
 *           'accuracy': M.accuracy_score(y, yp), 'precision': M.precision_score(y, yp, zero_division=0),
 *           'recall': M.recall_score(y, yp), 'specificity': M.recall_score(y, yp, pos_label=0),
 *           'f1': M.f1_score(y, yp), 'fbeta(2)': M.fbeta_score(y, yp, beta=2), 'fbeta(0.5)': M.fbeta_score(y, yp, beta=0.5),
 *           'balanced-accuracy': M.balanced_accuracy_score(y, yp), 'csi': M.jaccard_score(y, yp), 'mcc': M.matthews_corrcoef(y, yp),
 *       }
 *       for s in ['tss', 'hss1', 'hss2', 'gmean']: o[s] = formula(s, tn, fp, fn, tp)
 *       return {'classes': 1, 'labels': y.tolist(), 'p': p.tolist(), 'expected': {'binary': {k: float(v) for k, v in o.items()}}}
 *   fx = {'sklearn': sklearn.__version__, 'numpy': np.__version__,
 *         'cases': [binary(60), multiclass(60, 3, [0.6, 0.25, 0.15], None), multiclass(50, 4, [0.4, 0.3, 0.2, 0.1], 3)]}
 *   print(json.dumps(fx, separators=(',', ':')))
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { averagedScore, parseScore, AVERAGES, Average } from 'solh-losses';
import { repoRoot } from '../../../test/helpers/paths';

interface Case {
  classes: number;
  labels: number[];
  p: number[] | number[][];
  expected: Record<string, Record<string, number>>;
}

const fixture = JSON.parse(readFileSync(join(repoRoot(), 'packages', 'losses', 'test', 'fixtures', 'sklearn-scores.json'), 'utf8')) as { cases: Case[] };

test('every score under every average equals scikit-learn on the recorded cases (binary, 3 and 4 classes)', () => {
  let checked = 0;
  for (const c of fixture.cases) {
    const C = c.classes;
    const y = new Float64Array(c.labels.length * C);
    c.labels.forEach((l, i) => (C === 1 ? (y[i] = l) : (y[i * C + l] = 1)));
    const p = Float64Array.from((c.p as (number | number[])[]).flat());
    const averages: readonly (Average | 'binary')[] = C === 1 ? ['binary'] : AVERAGES;
    for (const a of averages) {
      const want = c.expected[a];
      assert.ok(want, `fixture lacks ${a} for C = ${C}`);
      for (const [score, value] of Object.entries(want)) {
        const got = averagedScore(parseScore(score), y, p, C, a === 'binary' ? 'macro' : a);
        assert.ok(Math.abs(got - value) <= 1e-12, `C = ${C} ${a} ${score}: ${got}, sklearn ${value}`);
        checked++;
      }
    }
  }
  // 14 scores binary, 14 × 3 averages × 2 multiclass cases.
  assert.equal(checked, 14 + 14 * 3 * 2);
});

test('multiclass accuracy is top-1 accuracy, not the mean of one-vs-rest accuracies', () => {
  const c = fixture.cases.find((k) => k.classes === 3)!;
  const rows = c.p as number[][];
  const correct = rows.filter((r, i) => r.indexOf(Math.max(...r)) === c.labels[i]).length;
  const y = new Float64Array(rows.length * 3);
  c.labels.forEach((l, i) => (y[i * 3 + l] = 1));
  for (const a of AVERAGES) assert.equal(averagedScore(parseScore('accuracy'), y, rows.flat(), 3, a), correct / rows.length);
});
