/**
 * Two results folders of the same grid under two protocols, side by side: for each target and loss,
 * the paired difference to BCE with its t interval, Holm p and verdict in each (as `solh compare`
 * computes them). Used for "How much the initialisation matters" in REPRODUCTION.md. The interval,
 * Holm p and verdict are those of --test (default: corrected-t, as `solh compare`).
 *   node dist/scripts/compare-protocols.js results/paper-30 "PyTorch init" results/paper-glorot-30 "Glorot init" [--test t]
 */
import { readStore } from '../src/store/store';
import { compareRecords, COMPARE_DEFAULTS, CompareTable, PairedTest } from '../src/report/compare';
import type { At } from '../src/report/query';
import { parseParam } from '../src/cli/params';
import { arg } from './cli-args';

const [dirA, nameA, dirB, nameB] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));
const test = parseParam('test', arg('test', COMPARE_DEFAULTS.test)) as PairedTest;
if (!dirB) {
  process.stderr.write('usage: compare-protocols DIR_A NAME_A DIR_B NAME_B\n');
  process.exit(2);
}
const sign = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;
const tables = (dir: string, at: At): CompareTable[] => compareRecords(readStore(dir).records, { ...COMPARE_DEFAULTS, baseline: 'bce', at, test, bootstrap: 1 });
for (const at of ['0.5', 'tau'] as At[]) {
  const [a, b] = [tables(dirA, at), tables(dirB, at)];
  for (const ta of a) {
    const tb = b.find((t) => t.target === ta.target)!;
    console.log(`\n#### Trained and tested for ${ta.target}, at ${at === 'tau' ? "each run's τ*" : 'τ = 0.5'}: Δ = loss − BCE (${test})\n`);
    console.log(`| Loss | ${nameA}: n, mean Δ [95 % CI] | p (Holm) | verdict | ${nameB}: n, mean Δ [95 % CI] | p (Holm) | verdict |`);
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const ra of ta.rows) {
      const rb = tb.rows.find((r) => r.loss === ra.loss)!;
      const cell = (r: typeof ra) => `${r.n}, ${sign(r.mean!)} [${sign(r.testCi![0])}, ${sign(r.testCi![1])}] | ${r.testPHolm!.toPrecision(2)} | ${r.verdict}`;
      console.log(`| ${ra.label} | ${cell(ra)} | ${cell(rb)} |`);
    }
  }
}
