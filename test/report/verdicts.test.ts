/** Verdicts over universes and compare's all-pairs, on made-up records with hand-worked statistics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { verdictRows, summarize, renderVerdicts, UniverseRecords } from '../../src/report/verdicts';
import { compareAllPairs, compareRecords, COMPARE_DEFAULTS } from '../../src/report/compare';
import { verdictsFigure } from '../../src/report/figures/verdicts';
import { writeRecord } from '../../src/store/store';
import { holdFolder } from '../helpers/lock';
import { RunRecord } from '../../src/experiment/record';
import { fakeRecord } from '../helpers/records';
import { tempDir } from '../helpers/paths';
import { solhInProcess } from '../helpers/cli-in-process';
import { parseSvg } from '../helpers/svg';

/** Two-sided p of a t statistic with 2 degrees of freedom: closed form 1 − |t|/√(t² + 2). */
const p2 = (t: number) => 1 - Math.abs(t) / Math.sqrt(t * t + 2);
/** t quantile at 0.975 with 2 degrees of freedom: (2u − 1)/√(2u(1 − u)). */
const T975 = (2 * 0.975 - 1) / Math.sqrt(2 * 0.975 * 0.025);
/** The hand-worked statistics below are the naive paired t's. */
const NAIVE = { baseline: 'bce', at: '0.5', confidence: 0.95, test: 't' } as const;
const close = (a: number | null, b: number, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** bce scores 0.5 on seeds 0..2; the two score losses differ from it by the given amounts per seed. */
function universe(name: string, settings: Record<string, unknown>, dA: number[], dB: number[], hash: string): UniverseRecords {
  const rs: RunRecord[] = [];
  const proto = { training: { batchSize: (settings['training.batchSize'] as number) ?? 64 } };
  for (let s = 0; s < 3; s++) {
    rs.push(fakeRecord('bce', null, s, 0.5, { configHash: hash, protocol: proto as never }));
    rs.push(fakeRecord('sol:uniform', 'f1', s, 0.5 + dA[s], { configHash: hash, protocol: proto as never }));
    rs.push(fakeRecord('solh:uniform', 'f1', s, 0.5 + dB[s], { configHash: hash, protocol: proto as never }));
  }
  return { name, settings, records: rs };
}

const UNIVERSES = [
  // d_A = [.01, .02, .03]: mean .02, sd .01, t = 2√3; d_B = [−.05, −.06, −.04]: mean −.05, t = −5√3.
  universe('default', {}, [0.01, 0.02, 0.03], [-0.05, -0.06, -0.04], '0000000000000000'),
  universe('training.batchSize=32', { 'training.batchSize': 32 }, [0.1, 0.1001, 0.1002], [0.01, -0.01, 0.0], '1111111111111111'),
];

test('verdicts: paired Δ, t interval and Holm within each universe and target, hand-worked', () => {
  const rows = verdictRows(UNIVERSES, NAIVE);
  assert.equal(rows.length, 4);
  const [a, b] = rows;
  assert.deepEqual([a.name, a.loss, b.loss], ['default', 'sol:uniform', 'solh:uniform']);
  close(a.mean, 0.02);
  close(b.mean, -0.05);
  const se = 0.01 / Math.sqrt(3);
  close(a.ci![0], 0.02 - T975 * se, 1e-7);
  close(a.ci![1], 0.02 + T975 * se, 1e-7);
  // Holm over two: the smaller p (B's) doubled; A's p is the larger, times one, and not below B's.
  const pA = p2(2 * Math.sqrt(3));
  const pB = p2(-5 * Math.sqrt(3));
  close(b.pHolm, 2 * pB, 1e-7);
  close(a.pHolm, Math.max(pA, 2 * pB), 1e-7);
  assert.equal(b.verdict, 'worse'); // 2·0.01307 = 0.0261 < 0.05 and the interval lies below 0
  assert.equal(a.verdict, 'undecided'); // 0.0742, and far from equivalent within ±0.01
  // The other universe is its own Holm family: A is better there.
  assert.equal(rows[2].verdict, 'better');
  assert.deepEqual(rows[2].universe, { 'training.batchSize': 32 });
  assert.equal(rows[3].verdict, 'undecided');

  const sum = summarize(rows);
  assert.deepEqual(sum.map((s) => [s.loss, s.better, s.worse, s.equivalent, s.undecided, s.collapsed]), [['sol:uniform', 1, 0, 0, 1, 0], ['solh:uniform', 0, 1, 0, 1, 0]]);
  assert.deepEqual(sum[1].worseIn, ['default']);
});

test('verdicts --format json: an array of {universe, target, loss, n, mean, ci, pHolm, verdict}', () => {
  const rows = verdictRows(UNIVERSES, NAIVE);
  const json = JSON.parse(renderVerdicts(rows, 'json', 0.95));
  assert.equal(json.length, 4);
  for (const r of json) {
    for (const k of ['universe', 'target', 'loss', 'n', 'mean', 'ci', 'pHolm', 'verdict']) assert.ok(k in r, k);
    assert.equal(r.ci.length, 2);
    assert.equal(r.n, 3);
  }
  assert.deepEqual(json[0].universe, {});
  for (const f of ['text', 'markdown', 'csv'] as const) assert.match(renderVerdicts(rows, f, 0.95), /better/);
});

test('compare with any loss as baseline, and --all-pairs with Holm over every pair', () => {
  const recs = UNIVERSES[0].records;
  const o = { ...COMPARE_DEFAULTS, minBootstrapPairs: Infinity };
  const [t] = compareRecords(recs, { ...o, baseline: 'sol:uniform' });
  assert.deepEqual(t.rows.map((r) => r.loss), ['bce', 'solh:uniform']);
  close(t.rows[0].mean, -0.02);
  close(t.rows[1].mean, -0.07);
  const [all] = compareAllPairs(recs, o);
  assert.equal(all.allPairs, true);
  assert.deepEqual(all.rows.map((r) => `${r.loss}−${r.baseline}`), ['sol:uniform−bce', 'solh:uniform−bce', 'solh:uniform−sol:uniform']);
  close(all.rows[2].mean, -0.07);
  assert.equal(all.family, 3);
  // Holm by hand over the three raw p-values.
  const raw = all.rows.map((r) => r.tP!);
  const order = [0, 1, 2].sort((i, j) => raw[i] - raw[j]);
  let running = 0;
  const expected: number[] = [];
  order.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (3 - k) * raw[i]));
    expected[i] = running;
  });
  all.rows.forEach((r, i) => close(r.tPHolm, expected[i], 1e-12));
});

test('verdicts and plot verdicts on a sweep folder: settings from the protocols, the figure well-formed', async () => {
  const dir = tempDir();
  for (const u of UNIVERSES) {
    const lock = await holdFolder(join(dir, u.name), u.records[0].configHash);
    for (const r of u.records) writeRecord(lock, r, 'lean');
    lock.release();
  }
  const res = await solhInProcess(['verdicts', '--results', dir, '--format', 'json']);
  assert.equal(res.status, 0, res.stderr);
  const json = JSON.parse(res.stdout);
  assert.deepEqual([...new Set(json.map((r: { name: string }) => r.name))], ['default', 'training.batchSize=32']);
  assert.deepEqual(json[2].universe, { 'training.batchSize': 32 });
  const text = await solhInProcess(['verdicts', '--results', dir, '--baseline', 'SOL:uniform']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Δ = loss − SOL uniform/);
  const bad = await solhInProcess(['verdicts', '--results', dir, '--at', 'median']);
  assert.equal(bad.status, 2); // the usage exit code
  assert.match(bad.stderr, /--at "median": choose one of 0\.5, tau/);
  // The default test is the corrected t, and the report says so; --test and --margin refuse bad values in one line.
  assert.match(text.stdout, /Test: corrected resampled t \(Nadeau & Bengio 2003/);
  const badTest = await solhInProcess(['verdicts', '--results', dir, '--test', 'z']);
  assert.equal(badTest.status, 2);
  assert.match(badTest.stderr, /^solh: error: --test "z": choose one of corrected-t, t, wilcoxon[^\n]*\n$/);
  const badMargin = await solhInProcess(['verdicts', '--results', dir, '--margin', '-1']);
  assert.equal(badMargin.status, 2);
  assert.match(badMargin.stderr, /--margin -1: must lie strictly between 0 and 1/);

  const out = tempDir();
  const plot = await solhInProcess(['plot', 'verdicts', '--results', dir, '--out', out, '--test', 't']);
  assert.equal(plot.status, 0, plot.stderr);
  const svg = readFileSync(join(out, 'verdicts-f1.svg'), 'utf8');
  assert.match(svg, /by the paired t \(assumes independent resplits\)/);
  const root = parseSvg(svg);
  assert.equal(root.name, 'svg');
  assert.equal((svg.match(/class="panel"/g) ?? []).length, 2); // SOL and SOLH
  assert.equal((svg.match(/class="estimate"/g) ?? []).length, 4);
  assert.equal((svg.match(/class="default-universe"/g) ?? []).length, 2);
  assert.equal((svg.match(/class="zero"/g) ?? []).length, 2);
  assert.match(svg, /data-verdict="worse"/);
  const direct = verdictsFigure(verdictRows(UNIVERSES, NAIVE), { target: 'f1' });
  parseSvg(direct);
});

test('a δ universe: BCE and SOL come from the default universe, SOL − BCE is not counted again, SOLH − BCE is', () => {
  const [def] = UNIVERSES;
  const hash = '2222222222222222';
  // The sweep trained only SOLH here (δ cannot change BCE or SOL).
  const records = [0, 1, 2].map((s) => fakeRecord('solh:uniform', 'f1', s, 0.5 + [0.1, 0.1001, 0.1002][s], { configHash: hash, protocol: { loss: { delta: 0.2 } } as never }));
  const delta: UniverseRecords = { name: 'loss.delta=0.2', settings: { 'loss.delta': 0.2 }, records };
  const rows = verdictRows([def, delta], NAIVE);
  const mine = rows.filter((r) => r.name === 'loss.delta=0.2');
  assert.deepEqual(mine.map((r) => r.loss), ['solh:uniform']);
  // Paired with the default's BCE (0.5 on every seed): Δ = 0.1001 on average, a Holm family of one.
  close(mine[0].mean, 0.1001, 1e-12);
  assert.equal(mine[0].verdict, 'better');
  const sum = summarize(rows);
  assert.deepEqual(sum.map((s) => [s.loss, s.better + s.worse + s.equivalent + s.undecided + s.collapsed]), [['sol:uniform', 1], ['solh:uniform', 2]]);
  // With SOL as the baseline, BCE (also unchanged by δ) is left out too.
  const bySol = verdictRows([def, delta], { ...NAIVE, baseline: 'sol:uniform' }).filter((r) => r.name === 'loss.delta=0.2');
  assert.deepEqual(bySol.map((r) => r.loss), ['solh:uniform']);
});

test('verdicts reads the universes the sweep manifest lists, names stale folders in a note, and skips dangling or looping links', async () => {
  const dir = tempDir();
  const old = universe('training.batchSize=128', { 'training.batchSize': 128 }, [0.2, 0.2, 0.2], [0.2, 0.2, 0.2], '2222222222222222');
  for (const u of [...UNIVERSES, old]) {
    const lock = await holdFolder(join(dir, u.name), u.records[0].configHash);
    for (const r of u.records) writeRecord(lock, r, 'lean');
    lock.release();
  }
  // The current sweep lists two universes; batchSize=128 is left from an earlier sweep into this folder.
  writeFileSync(join(dir, 'universes.tsv'), 'universe\tsettings\tseeds\truns\ndefault\t{}\t3\t9\ntraining.batchSize=32\t{"training.batchSize":32}\t3\t9\n');
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'nowhere.json'), join(dir, 'default', 'any__bce__seed9.json'));
  const res = await solhInProcess(['verdicts', '--results', dir, '--format', 'json']);
  const json = JSON.parse(res.stdout);
  assert.deepEqual([...new Set(json.map((r: { name: string }) => r.name))], ['default', 'training.batchSize=32'], 'only the universes of the current sweep');
  assert.match(res.stderr, /^note: left out 1 folder of .* that its sweep \(universes\.tsv\) does not list: training\.batchSize=128 \(universes of an earlier sweep\)$/m);
  assert.match(res.stderr, /^note: skipped .*dangling \(ENOENT: a symbolic link to a file that does not exist\)$/m);
  assert.match(res.stderr, /^note: skipped .*loop-a \(ELOOP: a loop of symbolic links\)$/m);
  // A dangling link named like a record is a damaged record of that universe: named, left out, exit 1.
  assert.match(res.stderr, /^solh: error: corrupted record .*default\/any__bce__seed9\.json \(cannot be read \(ENOENT: a symbolic link to a file that does not exist\)\)/m);
  assert.equal(res.status, 1, res.stderr);
});

test('a universe without the baseline is named in a note and left out; the others get their verdicts', async () => {
  const dir = tempDir();
  const noBce = universe('training.batchSize=32', { 'training.batchSize': 32 }, [0.1, 0.1, 0.1], [0, 0, 0], '1111111111111111');
  noBce.records = noBce.records.filter((r) => r.key.loss !== 'bce');
  for (const u of [UNIVERSES[0], noBce]) {
    const lock = await holdFolder(join(dir, u.name), u.records[0].configHash);
    for (const r of u.records) writeRecord(lock, r, 'lean');
    lock.release();
  }
  const res = await solhInProcess(['verdicts', '--results', dir, '--format', 'json']);
  assert.equal(res.status, 0, res.stderr);
  assert.deepEqual([...new Set(JSON.parse(res.stdout).map((r: { name: string }) => r.name))], ['default']);
  assert.match(res.stderr, /^note: left out 1 universe without finished bce runs: training\.batchSize=32$/m);
});
