/**
 * The paper's three claims, judged in every universe of a sweep from `solh verdicts`' paired
 * comparisons (Holm within universe and target), at τ = 0.5 and at τ*:
 *   1. SOLH beats BCE for F1            holds: some SOLH better than BCE; fails: every SOLH worse
 *   2. BCE beats SOLH for accuracy      holds: every SOLH worse than BCE; fails: some SOLH better
 *   3. SOLH beats SOL and L_s (F1, accuracy)
 *                                       per distribution d, SOLH d against SOL d, and SOLH uniform
 *                                       against L_s: holds if all are better, fails if any is worse
 * Anything else is undecided. Prints one markdown table per threshold.
 *   node dist/scripts/paper-claims.js results/multiverse
 */
import { readUniversesForReading } from '../src/cli/records';
import { verdictRows, VerdictRow } from '../src/report/verdicts';
import type { At } from '../src/report/query';

const dir = process.argv[2] ?? 'results/multiverse';
const universes = readUniversesForReading(dir);
const DISTS = ['cosine(0.5,0.1)', 'cosine(0.5,0.3)', 'cosine(0.5,0.5)', 'uniform'];
type Outcome = 'holds' | 'fails' | 'undecided';

const cache = new Map<string, VerdictRow[]>();
function rows(baseline: string, at: At): VerdictRow[] {
  const k = `${baseline}|${at}`;
  if (!cache.has(k)) cache.set(k, verdictRows(universes, { baseline, at, confidence: 0.95 }));
  return cache.get(k)!;
}
const verdict = (universe: string, target: string, loss: string, baseline: string, at: At) =>
  rows(baseline, at).find((r) => r.name === universe && r.target === target && r.loss === loss)?.verdict ?? 'untested';

function judge(all: string[], holds: (vs: string[]) => boolean, fails: (vs: string[]) => boolean): Outcome {
  return holds(all) ? 'holds' : fails(all) ? 'fails' : 'undecided';
}

const CLAIMS: { name: string; judge: (u: string, at: At) => Outcome }[] = [
  {
    name: '1. SOLH beats BCE for F1',
    judge: (u, at) => judge(DISTS.map((d) => verdict(u, 'f1', `solh:${d}`, 'bce', at)), (vs) => vs.includes('better'), (vs) => vs.every((v) => v === 'worse')),
  },
  {
    name: '2. BCE beats SOLH for accuracy',
    judge: (u, at) => judge(DISTS.map((d) => verdict(u, 'accuracy', `solh:${d}`, 'bce', at)), (vs) => vs.every((v) => v === 'worse'), (vs) => vs.includes('better')),
  },
  ...['f1', 'accuracy'].map((target) => ({
    name: `3. SOLH beats SOL and L_s for ${target}`,
    judge: (u: string, at: At) =>
      judge(
        [...DISTS.map((d) => verdict(u, target, `solh:${d}`, `sol:${d}`, at)), verdict(u, target, 'solh:uniform', 'soft-set', at)],
        (vs) => vs.every((v) => v === 'better'),
        (vs) => vs.includes('worse'),
      ),
  })),
];

for (const at of ['0.5', 'tau'] as At[]) {
  console.log(`\n#### Test scores at ${at === 'tau' ? "each run's τ*" : 'τ = 0.5'}: in how many of the ${universes.length} universes each claim holds\n`);
  console.log('| Claim | holds | fails | undecided | holds in | undecided in |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of CLAIMS) {
    const by: Record<Outcome, string[]> = { holds: [], fails: [], undecided: [] };
    for (const u of universes) by[c.judge(u.name, at)].push(u.name);
    console.log(`| ${c.name} | ${by.holds.length} | ${by.fails.length} | ${by.undecided.length} | ${by.holds.join(', ') || '–'} | ${by.undecided.join(', ') || '–'} |`);
  }
}
