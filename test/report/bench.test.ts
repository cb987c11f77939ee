/**
 * The benchmark report end to end on made-up records whose per-task means are Demšar's Table 6
 * (2006, JMLR 7): four losses standing for C4.5, C4.5+m, C4.5+cf, C4.5+m+cf on 14 data sets. The
 * report must give the paper's worked example (average ranks, χ²_F, F_F, CD) and scipy's Wilcoxon
 * p-values, through the records, the folders and the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fakeRecord } from '../helpers/records';
import { tempDir } from '../helpers/paths';
import { solhInProcess } from '../helpers/cli-in-process';
import { writeRecord } from '../../src/store/store';
import { holdFolder } from '../helpers/lock';
import { RunRecord } from '../../src/experiment/record';
import { TaskRecords, benchSections, AcrossDatasets, correctedWithinTask } from '../../src/report/bench';
import { cdGroups } from '../../src/report/figures/cd';
import { renderBench } from '../../src/report/bench-format';
import { DEMSAR_TABLE6 } from '../stats/demsar-table6';

/** Table 6's columns in the report's order: the baseline first, then the paper's order. */
const LOSSES = ['bce', 'soft-set', 'sol:uniform', 'solh:uniform'];
const NAMES = ['adult', 'breast', 'wisconsin', 'cmc', 'ionosphere', 'iris', 'liver', 'lung', 'lymph', 'mushroom', 'tumor', 'rheum', 'voting', 'wine'];

/** Two seeds per run, ±0.002 around the table's value, so that the mean over seeds is the value. */
function demsarTasks(n = 14): TaskRecords[] {
  return NAMES.slice(0, n).map((name, i) => ({
    name,
    records: LOSSES.flatMap((loss, j) => [0, 1].map((seed) => fakeRecord(loss, loss === 'bce' ? null : 'f1', seed, DEMSAR_TABLE6[i][j] + (seed ? -0.002 : 0.002)))),
  }));
}

const close = (a: number | null | undefined, b: number, tol: number, what: string) => assert.ok(a != null && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('per target and threshold: Demšar\'s worked example (ranks, χ²_F 9.28, F_F 3.69, CD 1.25) and scipy\'s Wilcoxon p with Holm', () => {
  const sections = benchSections(demsarTasks(), { baseline: 'bce', samples: 2000 });
  assert.deepEqual(sections.map((s) => `${s.target} ${s.at}`), ['f1 0.5', 'f1 tau']);
  for (const s of sections) {
    assert.deepEqual(s.losses, LOSSES);
    assert.equal(s.tasks.length, 14);
    const a = s.across as AcrossDatasets;
    [3.143, 2.0, 2.893, 1.964].forEach((r, j) => close(a.friedman.averageRanks[j], r, 5e-4, `rank ${LOSSES[j]}`));
    close(a.friedman.chi2, 9.28, 5e-3, 'χ²_F');
    close(a.friedman.imanDavenportF, 3.69, 5e-3, 'F_F');
    close(a.criticalDifference, 1.25, 5e-3, 'CD');
    // scipy.stats.wilcoxon(d, zero_method='wilcox', correction=True, method='approx') on each column − C4.5 (see test/stats/wilcoxon-datasets.test.ts)
    const scipy = [0.012030358470209076, 0.888806954437247, 0.017461758127902276];
    a.wilcoxon.forEach((w, i) => close(w.p, scipy[i], 1e-6, w.method));
    assert.deepEqual(a.bayes.map((b) => b.loss), LOSSES.slice(1));
  }
  // The per-task Δ: adult, C4.5+m+cf − C4.5 = 0.798 − 0.763.
  const adult = sections[0].deltas.find((d) => d.task === 'adult' && d.loss === 'solh:uniform')!;
  close(adult.delta, 0.035, 1e-9, 'Δ adult');
  assert.equal(adult.seeds, 2);
  assert.equal(adult.within, null);
});

test('the within-task hook gets each task\'s paired differences over seeds and its split sizes, and the table marks its verdicts', () => {
  const calls: { d: number[]; split: { nTest: number; nTrain: number } }[] = [];
  const sections = benchSections(demsarTasks(5), {
    baseline: 'bce', samples: 10, targets: ['f1'],
    withinTask: (d, split) => {
      calls.push({ d, split });
      return { p: 0.01, verdict: d[0] > 0 ? 'better' : d[0] < 0 ? 'worse' : 'no detectable difference' };
    },
  });
  // 5 tasks × 3 losses × 2 thresholds; fakeRecord's splits have 6 training and 2 test rows.
  assert.equal(calls.length, 30);
  assert.deepEqual(calls[0].split, { nTest: 2, nTrain: 6 });
  close(calls[2].d[0], 0.035, 1e-9, 'adult, C4.5+m+cf − C4.5, seed 0');
  assert.equal(calls[2].d.length, 2);
  const text = renderBench(sections.slice(0, 1), 'text', 0.01);
  assert.match(text, /│ adult +│ 2 +│ 0\.7630 │ \+0\.0050 ▲ +│ \+0\.0080 ▲ +│ \+0\.0350 ▲ +│/);
  assert.match(text, /│ breast +│ 2 +│ 0\.5990 │ -0\.0080 ▼/);
});

test('a task missing a loss is left out by name; a task of another protocol and a missing baseline are refused; fewer than 5 data sets refuse the tests', () => {
  const tasks = demsarTasks(6);
  tasks[2].records = tasks[2].records.filter((r) => r.key.loss !== 'sol:uniform');
  const [s] = benchSections(tasks, { baseline: 'bce', samples: 100, targets: ['f1'] });
  assert.deepEqual(s.leftOut, [{ task: 'wisconsin', reason: 'no runs of sol:uniform' }]);
  assert.equal(s.tasks.length, 5);
  assert.ok(!('refused' in s.across));
  const four = benchSections(demsarTasks(4), { baseline: 'bce', samples: 100 });
  assert.match((four[0].across as { refused: string }).refused, /^Friedman test across data sets: 4 data sets with results, at least 5 are needed/);
  const other = demsarTasks(5);
  other[3].records = other[3].records.map((r) => ({ ...r, protocol: { ...r.protocol, training: { ...r.protocol.training, maxEpochs: 2 } } }) as RunRecord);
  assert.throws(() => benchSections(other, { baseline: 'bce' }), /task cmc was run with another protocol than task adult/);
  assert.throws(() => benchSections(demsarTasks(5), { baseline: 'sol:cosine(0.5,0.1)' }), /no runs of the baseline sol:cosine\(0\.5,0\.1\) for target f1/);
});

test('CD groups: maximal runs of rank-sorted losses within CD, none inside another', () => {
  // Demšar §3.2.2: at α 0.05 (CD 1.25) the four C4.5 variants are one group; at α 0.10 (CD 1.12)
  // C4.5+m+cf (1.964) differs from C4.5 (3.143): groups {1.964..2.893} and {2.893..3.143}.
  const ranks = [1.964, 2.0, 2.893, 3.143];
  assert.deepEqual(cdGroups(ranks, 1.25), [[0, 3]]);
  assert.deepEqual(cdGroups(ranks, 1.12), [[0, 2], [2, 3]]);
  assert.deepEqual(cdGroups([1, 2.5, 4], 1), []);
  assert.deepEqual(cdGroups([1, 1.2, 1.4, 3], 0.5), [[0, 2]]);
});

test('bench-report reads a benchmark folder (text, json) and plot cd draws one diagram per target and threshold', async () => {
  const dir = tempDir();
  for (const t of demsarTasks()) {
    const lock = await holdFolder(join(dir, t.name), t.records[0].configHash);
    for (const r of t.records) writeRecord(lock, r, 'lean');
    lock.release();
  }
  const text = await solhInProcess(['bench-report', '--results', dir, '--samples', '500']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /== target f1, test f1 at threshold 0\.5, against BCE: 14 data sets ==/);
  assert.match(text.stdout, /Friedman χ²_F = 9\.28 \(df 3, p 0\.0258\); Iman–Davenport F_F = 3\.69 \(df 3, 39; p 0\.0198\); Nemenyi CD = 1\.254 at α 0\.05 \(k = 4, N = 14\)/);
  // Two seeds with equal differences: s = 0, the corrected t has nothing to test (undecided, ·).
  assert.match(text.stdout, /│ adult +│ 2 +│ 0\.7630 │ \+0\.0050 · +│ \+0\.0080 · +│ \+0\.0350 · +│/);
  const json = await solhInProcess(['bench-report', '--results', dir, '--samples', '500', '--format', 'json', '--target', 'f1']);
  const sections = JSON.parse(json.stdout);
  assert.equal(sections.length, 2);
  assert.equal(sections[0].across.friedman.averageRanks[1], 2);
  const out = tempDir();
  const plot = await solhInProcess(['plot', 'cd', '--results', dir, '--out', out]);
  assert.equal(plot.status, 0, plot.stderr);
  assert.deepEqual(plot.stdout.trim().split('\n'), [join(out, 'cd-f1-0.5.svg'), join(out, 'cd-f1-tau.svg')]);
  const svg = readFileSync(join(out, 'cd-f1-0.5.svg'), 'utf8');
  assert.match(svg, /data-figure="cd"/);
  assert.match(svg, />CD = 1\.25</);
  assert.equal((svg.match(/class="cd-loss"/g) ?? []).length, 4);
  assert.equal((svg.match(/class="cd-group"/g) ?? []).length, 1);
  const at10 = await solhInProcess(['plot', 'cd', '--results', dir, '--out', out, '--alpha', '0.1', '--at', '0.5']);
  assert.equal(at10.status, 0, at10.stderr);
  assert.equal((readFileSync(join(out, 'cd-f1-0.5.svg'), 'utf8').match(/class="cd-group"/g) ?? []).length, 2);

  const few = tempDir();
  for (const t of demsarTasks(3)) {
    const lock = await holdFolder(join(few, t.name), t.records[0].configHash);
    for (const r of t.records) writeRecord(lock, r, 'lean');
    lock.release();
  }
  const refused = await solhInProcess(['bench-report', '--results', few, '--samples', '10']);
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr, 'solh: error: Friedman test across data sets: 3 data sets with results, at least 5 are needed (too few for Friedman, Demšar 2006): run more tasks of the suite\n');
  assert.match(refused.stdout, /│ adult/);
  const noFigure = tempDir();
  const cdRefused = await solhInProcess(['plot', 'cd', '--results', few, '--out', join(noFigure, 'figs')]);
  assert.equal(cdRefused.status, 2);
  assert.equal(cdRefused.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(join(noFigure, 'figs')), false);
});

test('per-task verdicts: the corrected resampled t on one task (hand computation, scipy 1.17.1 p)', () => {
  // d = 0.01..0.05: mean 0.03, s² 0.00025; n_test/n_train = 20/80 gives se = sqrt(0.00025·(1/5 + 0.25)),
  // t = 2.8284, df 4: p = 0.0474207 (python3 -c "from scipy import stats; print(2*stats.t.sf(2.8284271247461903, 4))").
  const d = [0.01, 0.02, 0.03, 0.04, 0.05];
  const r = correctedWithinTask(d, { nTest: 20, nTrain: 80 });
  assert.ok(Math.abs(r.p - 0.04742065558431959) < 1e-9, `p ${r.p}`);
  assert.equal(r.verdict, 'better');
  // A larger test share widens the interval: 60/80 gives t 1.9467, p 0.1234305, undecided.
  const wide = correctedWithinTask(d, { nTest: 60, nTrain: 80 });
  assert.ok(Math.abs(wide.p - 0.12342996731011942) < 1e-9, `p ${wide.p}`);
  assert.equal(wide.verdict, 'undecided');
  assert.equal(correctedWithinTask(d.map((x) => -x), { nTest: 20, nTrain: 80 }).verdict, 'worse');
});
