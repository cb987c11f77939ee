/**
 * The numbers behind the sentences of REPRODUCTION.md and README.md that issue 18 questioned,
 * computed from the committed records (run after regenerating them to refresh the prose):
 *   npx tsc -p tsconfig.json && node dist/scripts/reproduction-numbers.js [results]
 * Prints one line per sentence with the number and how it was computed.
 */
import { join } from 'node:path';
import { readStore } from '../src/store/store';
import { RunRecord } from '../src/experiment/record';
import { COMPARE_DEFAULTS, CompareOptions, PairedTest, compareAllPairs, compareRecords, pairBySeed, pairedStats } from '../src/report/compare';
import { buildRows } from '../src/report/table';
import { holm } from '../src/stats/holm';
import { testRows, trainRows } from '../src/report/test-counts';
import { lossLabel } from '../src/report/paper';
import { readUniversesForReading } from '../src/cli/records';
import { verdictRows } from '../src/report/verdicts';
import { scoreAt } from '../src/store/record-schema';

const root = process.argv[2] ?? 'results';
const read = (dir: string): RunRecord[] => readStore(join(root, dir)).records;
const def = read('multiverse/default');
const o = (test: PairedTest, extra: Partial<CompareOptions> = {}): CompareOptions => ({ ...COMPARE_DEFAULTS, baseline: 'bce', test, bootstrap: 1, minBootstrapPairs: Infinity, ...extra });
const fmt = (x: number) => (Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toFixed(4));
const say = (what: string, text: string) => console.log(`- ${what}: ${text}`);

// 1. "the nine score losses are statistically tied behind BCE" (accuracy, default universe, 100 seeds, τ = 0.5).
for (const test of ['t', 'corrected-t'] as PairedTest[]) {
  const [vsBce] = compareRecords(def, o(test, { targets: ['accuracy'] }));
  const [pairs] = compareAllPairs(def, o(test, { targets: ['accuracy'] }));
  const narrow = pairs.rows.filter((r) => r.baseline !== 'bce' && (r.loss === 'sol:cosine(0.5,0.1)' || r.baseline === 'sol:cosine(0.5,0.1)'));
  const others = pairs.rows.filter((r) => r.baseline !== 'bce' && r.loss !== 'sol:cosine(0.5,0.1)' && r.baseline !== 'sol:cosine(0.5,0.1)');
  const count = (rs: typeof others) => Object.entries(rs.reduce<Record<string, number>>((a, r) => ({ ...a, [r.direction]: (a[r.direction] ?? 0) + 1 }), {})).map(([k, v]) => `${v} ${k}`).join(', ');
  say(`accuracy ties (${test})`, `against BCE: ${count(vsBce.rows)}; SOL C(0.5,0.1) against the other eight (all pairs, Holm over ${pairs.family}): ${count(narrow)}, Holm p ${fmt(Math.min(...narrow.map((r) => r.testPHolm!)))}–${fmt(Math.max(...narrow.map((r) => r.testPHolm!)))}; the other 28 pairs: ${count(others)}`);
}

// 2. "the magnitudes reproduce": the paper's 40 test cells against our 100-seed means.
const rows = ['accuracy', 'f1'].flatMap((t) => buildRows(def, t));
const cells = rows.flatMap((r) => (['testScore', 'testScoreTau'] as const).filter((c) => r.paper?.[c] !== undefined).map((c) => {
  const runs = def.filter((x) => x.key.loss === r.loss && (x.key.target === null || x.key.target === r.target));
  const ratio = testRows(runs[0])! / trainRows(runs[0])!;
  return { diff: r.mean[c]! - r.paper![c], se: r.sd[c]! / Math.sqrt(r.n), seCorrected: r.sd[c]! * Math.sqrt(1 / r.n + ratio) };
}));
const diffs = cells.map((c) => c.diff);
say('magnitudes', `${cells.length} paper test cells; ours above the paper's in ${diffs.filter((d) => d > 0).length}, by ${fmt(Math.min(...diffs))}–${fmt(Math.max(...diffs))}; by more than 2 SE (sd/√n) in ${cells.filter((c) => c.diff > 2 * c.se).length}, by more than 2 corrected SE (sd·√(1/n + n_test/n_train)) in ${cells.filter((c) => c.diff > 2 * c.seCorrected).length}`);
const bce = rows.filter((r) => r.loss === 'bce');
say('BCE epochs', bce.map((r) => `${r.target}: ours ${r.mean.epochs!.toFixed(2)} (n = ${r.n}), paper ${r.paper?.epochs}`).join('; '));

// 3. "the initialisation is not a detail": paired by seed, the change in Δ (loss − BCE) from PyTorch's to Glorot's initialisation.
const glorot = read('multiverse/model.init=glorot');
for (const test of ['t', 'corrected-t'] as PairedTest[]) {
  const found: string[] = [];
  let family = 0;
  for (const at of ['0.5', 'tau'] as const) {
    for (const target of ['accuracy', 'f1']) {
      const value = (r: RunRecord) => scoreAt(r.evaluation[target], 'test', at === 'tau' ? 'tau' : 'threshold');
      const delta = (rs: RunRecord[], loss: string) => pairBySeed(rs.filter((r) => r.key.loss === loss && r.key.target === target), rs.filter((r) => r.key.loss === 'bce'), value);
      const losses = [...new Set(glorot.filter((r) => r.key.target === target).map((r) => r.key.loss))];
      const stats = losses.map((loss) => {
        const a = delta(def, loss);
        const b = delta(glorot, loss);
        const seeds = a.seeds.filter((s) => b.seeds.includes(s));
        const d = seeds.map((s) => b.diffs[b.seeds.indexOf(s)] - a.diffs[a.seeds.indexOf(s)]);
        const runs = glorot.filter((r) => r.key.loss === loss);
        return { loss, s: pairedStats(d, { ...o(test) }, 'init', { nTest: testRows(runs[0])!, nTrain: trainRows(runs[0])! }) };
      });
      const ph = holm(stats.map((x) => x.s.testP));
      family = stats.length;
      stats.forEach((x, i) => {
        if (ph[i] !== null && ph[i]! < 0.05) found.push(`${lossLabel(x.loss)} ${target} at ${at} (change ${fmt(x.s.mean!)}, Holm p ${fmt(ph[i]!)})`);
      });
    }
  }
  say(`initialisation (${test})`, `changes in Δ significant after Holm over the ${family} losses of each target and threshold: ${found.join('; ') || 'none'}`);
}

// 4. "30 and 100 seeds": results/paper-30 against the first 30 seeds of the default universe.
const p30 = read('paper-30');
const same = p30.filter((r) => {
  const m = def.find((x) => x.key.loss === r.key.loss && x.key.target === r.key.target && x.key.seed === r.key.seed);
  return m && JSON.stringify(m.evaluation) === JSON.stringify(r.evaluation) && m.epochsRun === r.epochsRun;
}).length;
say('30 and 100 seeds', `${same} of ${p30.length} records of paper-30 equal the default universe's record of the same key (config ${p30[0].configHash} and ${def[0].configHash})`);

// 5. "worse on F1 in 8 of 11": per loss, in how many universes where BCE's classifier is usable at 0.5 it is worse on F1 at 0.5.
const universes = readUniversesForReading(join(root, 'multiverse'));
const unusable = ['data.drop=time+cd420+cd820+offtrt', 'data.scaling=none'];
for (const test of ['t', 'corrected-t'] as PairedTest[]) {
  const vr = verdictRows(universes, { baseline: 'bce', at: '0.5', confidence: 0.95, test }).filter((r) => r.target === 'f1' && !unusable.includes(r.name));
  const losses = [...new Set(vr.map((r) => r.loss))];
  say(`F1 worse where BCE is usable (${test})`, losses.map((l) => {
    const mine = vr.filter((r) => r.loss === l);
    return `${lossLabel(l)} ${mine.filter((r) => r.verdict === 'worse').length}/${mine.length}`;
  }).join(', '));
}

// 6. "larger than every difference between rows" (3 seeds, results/paper, test F1).
const paper = buildRows(read('paper'), 'f1');
for (const c of ['testScore', 'testScoreTau'] as const) {
  const means = paper.map((r) => r.mean[c]!);
  const sds = paper.map((r) => r.sd[c]!);
  say(`3-seed F1 spread (${c})`, `sd ${fmt(Math.min(...sds))}–${fmt(Math.max(...sds))}; largest difference between row means ${fmt(Math.max(...means) - Math.min(...means))}`);
}

// 7. "after 10–25 epochs": min-max universe, score losses trained for accuracy.
const mm = read('multiverse/data.scaling=min-max').filter((r) => r.key.target === 'accuracy');
const ep = mm.map((r) => r.epochsRun);
say('min-max epochs', `score losses trained for accuracy ran ${Math.min(...ep)}–${Math.max(...ep)} epochs (${mm.length} runs)`);

// 8. τ* on train is optimistic: BCE's F1 at τ* on train and on test, default universe.
const bceRuns = def.filter((r) => r.key.loss === 'bce');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
say('BCE F1 at τ* chosen on train', `train ${fmt(mean(bceRuns.map((r) => scoreAt(r.evaluation.f1, 'train', 'tau')!)))}, test ${fmt(mean(bceRuns.map((r) => scoreAt(r.evaluation.f1, 'test', 'tau')!)))} (${bceRuns.length} seeds)`);
