/** solh compare: paired statistics against known values, Holm, verdicts, pairing by seed, and the CLI on results/paper. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { RunRecord } from '../../src/experiment/record';
import { readStore } from '../../src/store/store';
import { COMPARE_DEFAULTS, CompareOptions, compareRecords, pairBySeed, pairedStats } from '../../src/report/compare';
import { holm } from '../../src/stats/holm';
import { SolhError } from '../../src/errors';
import { solh } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

const close = (actual: number | null, expected: number, tol: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
const STATS = { confidence: 0.95, bootstrap: 2000, minBootstrapPairs: 5, test: 't' as const };

// Student's (1908) sleep data, R's datasets::sleep: extra hours of sleep of 10 patients under drug 1 and drug 2.
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
const sleepDiffs = SLEEP_2.map((x, i) => x - SLEEP_1[i]);

test('paired t-test and t interval match R\'s t.test on the sleep data', () => {
  // R: t.test(extra ~ group, data = sleep, paired = TRUE) prints t = -4.0621, df = 9, p-value = 0.002833,
  // 95 percent CI -2.4598858 -0.7001142, mean difference -1.58 (group 1 − group 2; ours is 2 − 1, so signs flip).
  const s = pairedStats(sleepDiffs, STATS, 'sleep');
  assert.equal(s.n, 10);
  close(s.mean, 1.58, 1e-12, 'mean');
  close(s.tStatistic, 4.0621, 1e-4, 't');
  close(s.tP, 0.002833, 1e-6, 'p');
  close(s.tCi![0], 0.7001142, 1e-7, 'CI low');
  close(s.tCi![1], 2.4598858, 1e-7, 'CI high');
});

test('Wilcoxon with a zero and ties uses the normal approximation and matches R and a hand computation', () => {
  // R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) prints V = 0, p-value = 0.009091 (with the warnings
  // "cannot compute exact p-value with ties / with zeroes"). By hand: the zero difference (patient 5) is dropped,
  // n = 9; |d| ranks 1, 2, 3, 4.5, 4.5, 6, 7, 8, 9 (1.3 twice); all d > 0 here so V = 45; E V = 22.5,
  // Var V = 9·10·19/24 − (2³ − 2)/48 = 71.125; z = (45 − 22.5 − 0.5)/√71.125 = 2.6086; p = 2(1 − Φ(z)) = 0.009091.
  const s = pairedStats(sleepDiffs, STATS, 'sleep');
  assert.equal(s.wilcoxonMethod, 'normal');
  assert.equal(s.wilcoxonV, 45);
  close(s.wilcoxonP, 0.009091, 1e-6, 'p');
});

test('differences of equal row counts tie although floating-point subtraction makes them differ', () => {
  // 370/430 − 365/430 and 365/430 − 360/430 are both 5 test rows of 430, but differ at the 1e-16 level.
  const a = 370 / 430 - 365 / 430;
  const b = 365 / 430 - 360 / 430;
  assert.notEqual(a, b);
  const s = pairedStats([a, b, 0.03, 0.04, 0.05], STATS, 'rows');
  assert.equal(s.wilcoxonMethod, 'normal');
  assert.equal(s.wilcoxonP, pairedStats([5 / 430, 5 / 430, 0.03, 0.04, 0.05], STATS, 'rows').wilcoxonP);
});

test('Wilcoxon is exact for small n without ties or zeros', () => {
  // Hollander & Wolfe (1973, p. 29), the example in R's ?wilcox.test: wilcox.test(x, y, paired = TRUE,
  // alternative = "greater") prints V = 40, p-value = 0.01953. Exactly: P(V ≥ 40) = P(V ≤ 5) = 10/512 (subsets of
  // {1..9} summing to at most 5: 1 + 1 + 1 + 2 + 2 + 3), so two-sided p = 20/512 = 0.0390625.
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  const s = pairedStats(x.map((v, i) => v - y[i]), STATS, 'hw');
  assert.equal(s.wilcoxonMethod, 'exact');
  assert.equal(s.wilcoxonV, 40);
  close(s.wilcoxonP, 20 / 512, 1e-12, 'p');
  // R: t.test(x, y, paired = TRUE) prints t = 3.0354, df = 8, p-value = 0.01618.
  close(s.tStatistic, 3.0354, 1e-4, 't');
  close(s.tP, 0.01618, 1e-5, 't p');
  // Three differences of one sign: the smallest two-sided exact p, 2/2³; and a symmetric V caps at 1, not 1.25.
  close(pairedStats([0.01, 0.02, 0.03], STATS, 'a').wilcoxonP, 0.25, 1e-12, 'n = 3 all positive');
  close(pairedStats([-0.03, 0.01, 0.02], STATS, 'b').wilcoxonP, 1, 1e-12, 'V at the centre');
});

test('Holm matches a hand computation (and R\'s p.adjust)', () => {
  // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06.
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
  const adj = holm([0.01, 0.04, 0.03, 0.005]);
  [0.03, 0.06, 0.06, 0.02].forEach((e, i) => close(adj[i], e, 1e-12, `p${i}`));
  // Rows without a test are outside the family (m = 2) and stay null; products are capped at 1.
  assert.deepEqual(holm([0.6, null, 0.4]), [0.8, null, 0.8]);
  assert.deepEqual(holm([0.9, 0.7]), [1, 1]);
});

/** A record with only what compare reads: the key, the group, the status and one score. */
function rec(loss: string, target: string | null, seed: number, value: number, status: 'ok' | 'failed' = 'ok'): RunRecord {
  const e = { trainAtThreshold: 0, tauStar: 0.5, trainAtTau: 0, testAtThreshold: value, testAtTau: value + 0.001 };
  return { key: { loss, target, seed }, configHash: 'h', backend: 'cpu', status, evaluation: { f1: e, accuracy: e } } as unknown as RunRecord;
}

/** A synthetic grid: BCE once per seed, and losses whose score is BCE's plus a shift and seed-dependent noise. */
function grid(seeds: number, losses: Record<string, (seed: number) => number>): RunRecord[] {
  const base = (s: number) => 0.7 + 0.03 * Math.sin(3 * s + 1);
  const rs = Array.from({ length: seeds }, (_, s) => rec('bce', null, s, base(s)));
  for (const [loss, shift] of Object.entries(losses)) for (let s = 0; s < seeds; s++) rs.push(rec(loss, 'f1', s, base(s) + shift(s)));
  return rs;
}
// These made-up records hold no split sizes: the naive t unless a test says otherwise.
const opts = (o: Partial<CompareOptions> = {}): CompareOptions => ({ ...COMPARE_DEFAULTS, bootstrap: 2000, baseline: 'bce', test: 't', ...o });
const noise = (s: number) => 0.004 * Math.cos(7 * s);

test('verdicts: clearly better and worse over 10 seeds, identical is equivalent, a noisy small shift undecided', () => {
  const tables = compareRecords(grid(10, { good: (s) => 0.05 + noise(s), bad: (s) => -0.05 + noise(s), same: () => 0, tiny: (s) => 0.0005 + 0.02 * Math.cos(5 * s) }), opts());
  assert.equal(tables.length, 1);
  const by = Object.fromEntries(tables[0].rows.map((r) => [r.loss, r]));
  assert.equal(by.good.verdict, 'better');
  assert.equal(by.bad.verdict, 'worse');
  assert.match(by.same.verdict, /^equivalent \(identical scores/);
  assert.equal(by.tiny.verdict, 'undecided at n = 10');
  // The identical loss has no test, so the Holm family is the other three.
  assert.equal(tables[0].family, 3);
  assert.equal(by.same.tP, null);
  assert.ok(by.good.tPHolm! >= by.good.tP!, 'Holm never lowers a p-value');
  // n ≥ 5: a bootstrap interval, reproducible, around the mean.
  const ci = by.good.bootstrapCi!;
  assert.ok(ci[0] < by.good.mean! && by.good.mean! < ci[1]);
  assert.deepEqual(compareRecords(grid(10, { good: (s) => 0.05 + noise(s) }), opts()).map((t) => t.rows[0].bootstrapCi), [ci]);
});

test('few pairs: no bootstrap below 5, and no statistics below 2', () => {
  const [t] = compareRecords(grid(3, { good: (s) => 0.05 + noise(s) }), opts());
  assert.equal(t.rows[0].bootstrapCi, null);
  assert.notEqual(t.rows[0].tCi, null);
  const [one] = compareRecords(grid(1, { good: () => 0.05 }), opts());
  const r = one.rows[0];
  assert.equal(r.n, 1);
  assert.deepEqual([r.tCi, r.tP, r.wilcoxonP, r.tPHolm], [null, null, null, null]);
  assert.equal(r.direction, 'untested');
  assert.match(r.verdict, /n = 1/);
});

test('pairing is by seed: a seed missing or failed on either side is dropped', () => {
  const loss = [0, 1, 2, 4, 5, 7].map((s) => rec('x', 'f1', s, 0.5 + s / 100)).reverse();
  loss.push(rec('x', 'f1', 6, 0.9, 'failed'));
  const base = [0, 1, 2, 3, 4, 5, 6].map((s) => rec('bce', null, s, 0.4 + s / 1000));
  const p = pairBySeed(loss, base, (r) => r.evaluation.f1.testAtThreshold);
  assert.deepEqual(p.seeds, [0, 1, 2, 4, 5]);
  assert.deepEqual(p.unpaired, [3, 6, 7]);
  p.seeds.forEach((s, i) => close(p.diffs[i], 0.5 + s / 100 - (0.4 + s / 1000), 1e-12, `seed ${s}`));
  const [t] = compareRecords([...loss, ...base], opts());
  assert.deepEqual(t.rows[0].seeds, [0, 1, 2, 4, 5]);
  assert.equal(t.rows[0].n, 5);
});

test('--at tau reads testAtTau; --score reads another score', () => {
  const rs = grid(4, { good: (s) => 0.05 + noise(s) });
  const at05 = compareRecords(rs, opts()).at(0)!.rows[0].mean!;
  const atTau = compareRecords(rs, opts({ at: 'tau' })).at(0)!.rows[0].mean!;
  close(atTau, at05, 1e-12, 'same shift at τ*');
  const mixed = [...rs, rec('bce', null, 9, 0.7), rec('good', 'f1', 9, 0.7)];
  mixed[mixed.length - 1].evaluation.f1 = { ...mixed[mixed.length - 1].evaluation.f1, testAtTau: 0.9 };
  const tau9 = compareRecords(mixed, opts({ at: 'tau' })).at(0)!.rows[0];
  assert.ok(tau9.mean! > atTau, 'the τ* score of seed 9 is used');
  assert.equal(compareRecords(rs, opts({ score: 'accuracy' })).at(0)!.rows[0].score, 'accuracy');
});

test('unknown score, absent baseline, unknown target and no records are one-line SolhErrors', () => {
  const rs = grid(3, { good: () => 0.01 });
  const cases: [Partial<CompareOptions>, RegExp][] = [
    [{ score: 'nope' }, /unknown score "nope"/],
    [{ baseline: 'hinge' }, /baseline "hinge" has no finished runs/],
    [{ targets: ['mcc'] }, /no runs trained for target "mcc"/],
  ];
  for (const [o, re] of cases) {
    assert.throws(() => compareRecords(rs, opts(o)), (e: Error) => e instanceof SolhError && re.test(e.message) && !e.message.includes('\n'));
  }
  assert.throws(() => compareRecords([], opts()), SolhError);
});

test('CLI on results/paper: one row per loss and target with a verdict, means equal to the records\' paired differences', () => {
  const dir = join(repoRoot(), 'results', 'paper');
  const r = solh(['compare', '--results', dir, '--baseline', 'bce', '--target', 'f1', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { loss: string; n: number; mean: number; verdict: string; tPHolm: number; seeds: number[] }[];
  const records = readStore(dir).records;
  const losses = [...new Set(records.filter((x) => x.key.target === 'f1').map((x) => x.key.loss))].sort();
  assert.deepEqual(rows.map((x) => x.loss).sort(), losses);
  const f1 = (loss: string, seed: number) => records.find((x) => x.key.loss === loss && x.key.seed === seed && x.key.target !== 'accuracy')!.evaluation.f1.testAtThreshold;
  for (const row of rows) {
    assert.equal(row.n, 3);
    assert.match(row.verdict, /^(better|worse|equivalent within ±0.01|undecided at n = 3|collapsed: .*)$/);
    const expected = row.seeds.reduce((a, s) => a + f1(row.loss, s) - f1('bce', s), 0) / 3;
    close(row.mean, expected, 1e-12, row.loss);
  }
  const text = solh(['compare', '--results', dir, '--target', 'accuracy']);
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.split('\n').filter((l) => l.startsWith('│ '));
  assert.match(lines[0], /Verdict/);
  const accuracyLosses = new Set(records.filter((x) => x.key.target === 'accuracy').map((x) => x.key.loss));
  assert.equal(lines.length - 1, accuracyLosses.size);
  for (const l of lines.slice(1)) assert.match(l, /│ (better|worse|equivalent within ±0.01|undecided at n = 3|collapsed: [^│]*) +│$/);
  const bad = solh(['compare', '--results', dir, '--baseline', 'hinge']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^solh: error: baseline "hinge" has no finished runs[^\n]*\n$/);
});

/** Records with split sizes (features.rows) and every score compare reads, for the corrected t, TOST and collapse. */
function sized(loss: string, target: string | null, seed: number, acc: number, o: { train?: number; test?: number; recall?: number; specificity?: number } = {}): RunRecord {
  const e = (v: number) => ({ trainAtThreshold: 0, tauStar: 0.5, trainAtTau: 0, testAtThreshold: v, testAtTau: v });
  return {
    key: { loss, target, seed }, configHash: 'h', backend: 'cpu', status: 'ok',
    features: { rows: { train: o.train ?? 300, validation: 75, test: o.test ?? 100 } },
    evaluation: { accuracy: e(acc), f1: e(acc), recall: e(o.recall ?? 0.5), specificity: e(o.specificity ?? 0.5) },
  } as unknown as RunRecord;
}

test('corrected t is the default: its p and interval are the t with variance × (1/n + n_test/n_train) from the records', () => {
  const d = [0.02, 0.01, 0.035, -0.005, 0.025, 0.015, 0.03, 0.0];
  const rs = d.flatMap((x, s) => [sized('bce', null, s, 0.7), sized('good', 'accuracy', s, 0.7 + x)]);
  const [t] = compareRecords(rs, { ...COMPARE_DEFAULTS, baseline: 'bce', bootstrap: 10 });
  const r = t.rows[0];
  assert.equal(r.test, 'corrected-t');
  // By hand: mean 0.01625, s = sd(d), factor 1/8 + 100/300.
  const m = d.reduce((a, b) => a + b) / 8;
  const s2 = d.reduce((a, x) => a + (x - m) ** 2, 0) / 7;
  close(r.correctedFactor, 1 / 8 + 1 / 3, 1e-15, 'factor');
  close(r.correctedTStatistic, m / Math.sqrt(s2 * (1 / 8 + 1 / 3)), 1e-12, 'corrected t');
  // Naive t is larger by √((1/8 + 1/3)/(1/8)).
  close(r.tStatistic! / r.correctedTStatistic!, Math.sqrt((1 / 8 + 1 / 3) * 8), 1e-12, 'ratio of t statistics');
  assert.equal(r.testP, r.correctedTP);
  assert.deepEqual(r.testCi, r.correctedTCi);
  assert.ok(r.correctedTP! > r.tP!, 'the correction widens');
  // Δ in test rows: mean × 100 rows.
  assert.deepEqual(r.units, { unit: 'test rows', per: 100 });
  // The naive t calls it better, the corrected t does not.
  const [naive] = compareRecords(rs, { ...COMPARE_DEFAULTS, baseline: 'bce', bootstrap: 10, test: 't' });
  assert.equal(naive.rows[0].direction, 'better');
  assert.equal(r.direction, 'undecided');
  // Records without split sizes: the corrected t refuses in one line, naming the way out.
  assert.throws(() => compareRecords(grid(3, { good: () => 0.01 }), { ...COMPARE_DEFAULTS, baseline: 'bce' }), (e: Error) => e instanceof SolhError && /--test t/.test(e.message));
});

test('TOST: a small stable Δ is equivalent within ±0.01, not within ±0.001; Wilcoxon TOST agrees in direction', () => {
  const d = [0.001, -0.002, 0.0015, 0.0005, -0.001, 0.002, 0.0, 0.001, -0.0005, 0.0012];
  const rs = d.flatMap((x, s) => [sized('bce', null, s, 0.7), sized('same', 'accuracy', s, 0.7 + x)]);
  const row = (o: Partial<CompareOptions>) => compareRecords(rs, { ...COMPARE_DEFAULTS, baseline: 'bce', bootstrap: 10, ...o })[0].rows[0];
  const eq = row({});
  assert.equal(eq.direction, 'equivalent');
  assert.equal(eq.verdict, 'equivalent within ±0.01');
  assert.ok(eq.tost!.p < 0.05);
  assert.equal(row({ margin: 0.001 }).direction, 'undecided');
  const w = row({ test: 'wilcoxon' });
  assert.equal(w.test, 'wilcoxon');
  assert.equal(w.testP, w.wilcoxonP);
  assert.equal(w.direction, 'equivalent');
});

test('Wilcoxon as the verdict test: direction from the signed ranks', () => {
  const d = [0.05, 0.04, 0.06, 0.045, 0.055, 0.052, 0.048, 0.041];
  const rs = d.flatMap((x, s) => [sized('bce', null, s, 0.7), sized('bad', 'accuracy', s, 0.7 - x)]);
  const [t] = compareRecords(rs, { ...COMPARE_DEFAULTS, baseline: 'bce', bootstrap: 10, test: 'wilcoxon' });
  // n = 8, all negative: V = 0, exact two-sided p = 2/2^8.
  close(t.rows[0].testP, 2 / 256, 1e-12, 'exact p');
  assert.equal(t.rows[0].direction, 'worse');
});

test('collapsed runs: recall 0 and specificity 1 (or 1 and 0) at 0.5; a majority collapsed is no verdict and leaves the Holm family', () => {
  const rs: RunRecord[] = [];
  for (let s = 0; s < 6; s++) {
    rs.push(sized('bce', null, s, 0.8 + s / 1000));
    // "flat" predicts the majority class on 4 of 6 seeds; "few" on 1 of 6.
    const flat = s < 4 ? { recall: 0, specificity: 1 } : {};
    rs.push(sized('flat', 'accuracy', s, 0.7 + s / 500, flat));
    rs.push(sized('few', 'accuracy', s, 0.75 + s / 700, s === 0 ? { recall: 1, specificity: 0 } : {}));
  }
  const [t] = compareRecords(rs, { ...COMPARE_DEFAULTS, baseline: 'bce', bootstrap: 10 });
  const by = Object.fromEntries(t.rows.map((r) => [r.loss, r]));
  assert.deepEqual(by.flat.collapsedRuns, { loss: 4, baseline: 0 });
  assert.equal(by.flat.direction, 'collapsed');
  assert.equal(by.flat.testPHolm, null);
  assert.deepEqual(by.few.collapsedRuns, { loss: 1, baseline: 0 });
  assert.notEqual(by.few.direction, 'collapsed');
  assert.equal(t.family, 1);
  // At τ* an older record cannot tell: unknown, not "not collapsed".
  const [tau] = compareRecords(rs, { ...COMPARE_DEFAULTS, baseline: 'bce', bootstrap: 10, at: 'tau' });
  assert.deepEqual(tau.rows.find((r) => r.loss === 'few')!.collapsedRuns, { loss: null, baseline: null });
});
