/**
 * The paper's three claims, judged in every universe of a sweep, at τ = 0.5 and at τ*.
 *
 * Each claim is a statement about a set of paired comparisons (Δ = loss − baseline over seeds, the
 * chosen test, TOST within ±margin), and its Holm family is exactly those comparisons (not the
 * table of another baseline). A comparison shows one of: better (Δ > 0), worse (Δ < 0), equivalent
 * (|Δ| < margin), or nothing (undecided, untested, collapsed). One rule each way: a claim HOLDS
 * when its statement is shown, FAILS when its negation is shown, and is UNDECIDED otherwise. The
 * negation of "beats" (Δ > 0) is "does not beat", shown by worse or equivalent; the negation of
 * "is beaten" (Δ < 0) is shown by better or equivalent.
 *
 *   node dist/scripts/paper-claims.js [results/multiverse] [--test corrected-t|t|wilcoxon] [--margin 0.01]
 *
 * Prints one markdown table per threshold.
 */
import { readUniversesForReading } from '../src/cli/records';
import { parseParam } from '../src/cli/params';
import { COMPARE_DEFAULTS, CompareOptions, Direction, PairedTest, compareFamily } from '../src/report/compare';
import { universeRuns, UniverseRecords } from '../src/report/verdicts';
import { DEFAULT_UNIVERSE } from '../src/experiment/sweep';
import type { At } from '../src/report/query';
import { arg } from './cli-args';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--'))) ?? 'results/multiverse';
const test = parseParam('test', arg('test', COMPARE_DEFAULTS.test)) as PairedTest;
const margin = parseParam('margin', arg('margin', String(COMPARE_DEFAULTS.margin))) as number;
const universes = readUniversesForReading(dir);
const base = universes.find((u) => u.name === DEFAULT_UNIVERSE);
const DISTS = ['cosine(0.5,0.1)', 'cosine(0.5,0.3)', 'cosine(0.5,0.5)', 'uniform'];
type Outcome = 'holds' | 'fails' | 'undecided';
type Comparison = { loss: string; baseline: string };

/** A claim: the target, the comparisons (its Holm family), and its statement and negation over their directions. */
interface Claim {
  name: string;
  target: string;
  comparisons: Comparison[];
  /** The statement, shown from the comparisons' directions. */
  holds: (ds: Direction[]) => boolean;
  /** Its negation, shown from the same directions (never true together with holds). */
  fails: (ds: Direction[]) => boolean;
}

const beats = (d: Direction) => d === 'better';
const doesNotBeat = (d: Direction) => d === 'worse' || d === 'equivalent';
const isBeaten = (d: Direction) => d === 'worse';
const isNotBeaten = (d: Direction) => d === 'better' || d === 'equivalent';

const CLAIMS: Claim[] = [
  {
    // Claim 1, "SOLH beats BCE for F1": some SOLH is better than BCE on F1 (∃ better).
    // Holds: at least one of the four SOLH − BCE is better. Fails: all four are worse or equivalent (∀ not better).
    name: '1. SOLH beats BCE for F1 (some SOLH better)',
    target: 'f1',
    comparisons: DISTS.map((d) => ({ loss: `solh:${d}`, baseline: 'bce' })),
    holds: (ds) => ds.some(beats),
    fails: (ds) => ds.every(doesNotBeat),
  },
  {
    // Claim 2, "BCE beats SOLH for accuracy": every SOLH is worse than BCE on accuracy (∀ worse).
    // Holds: all four SOLH − BCE are worse. Fails: at least one is better or equivalent (∃ not worse).
    name: '2. BCE beats SOLH for accuracy (every SOLH worse)',
    target: 'accuracy',
    comparisons: DISTS.map((d) => ({ loss: `solh:${d}`, baseline: 'bce' })),
    holds: (ds) => ds.every(isBeaten),
    fails: (ds) => ds.some(isNotBeaten),
  },
  ...['f1', 'accuracy'].map(
    (target): Claim => ({
      // Claim 3, "SOLH beats SOL and L_s": per distribution d, SOLH d − SOL d, and SOLH uniform − L_s, all better (∀ better).
      // Holds: all five are better. Fails: at least one is worse or equivalent (∃ not better).
      name: `3. SOLH beats SOL and L_s for ${target} (all five better)`,
      target,
      comparisons: [...DISTS.map((d) => ({ loss: `solh:${d}`, baseline: `sol:${d}` })), { loss: 'solh:uniform', baseline: 'soft-set' }],
      holds: (ds) => ds.every(beats),
      fails: (ds) => ds.some(doesNotBeat),
    }),
  ),
];

/** One claim in one universe: its comparisons with Holm over them alone, then the two rules. */
function judge(u: UniverseRecords, claim: Claim, at: At): Outcome {
  const o: CompareOptions = { ...COMPARE_DEFAULTS, baseline: '', at, test, margin, minBootstrapPairs: Infinity };
  // Each comparison's runs as verdicts reads them: δ universes take BCE and SOL from the default universe.
  const records = dedupe(claim.comparisons.flatMap((c) => universeRuns(u, base, c.baseline)));
  const ds = compareFamily(records, claim.target, claim.target, claim.comparisons, o).map((r) => r.direction);
  const holds = claim.holds(ds);
  const fails = claim.fails(ds);
  if (holds && fails) throw new Error(`claim "${claim.name}" both holds and fails in ${u.name}: its rules are not each other's negation`);
  return holds ? 'holds' : fails ? 'fails' : 'undecided';
}

/** One record per run key. */
function dedupe(records: UniverseRecords['records']): UniverseRecords['records'] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = `${r.key.loss}|${r.key.target}|${r.key.seed}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

console.log(`Test: ${test}, equivalence margin ±${margin}; Holm over each claim's own comparisons, per universe.`);
for (const at of ['0.5', 'tau'] as At[]) {
  console.log(`\n#### Test scores at ${at === 'tau' ? "each run's τ*" : 'τ = 0.5'}: in how many of the ${universes.length} universes each claim holds\n`);
  console.log('| Claim | holds | fails | undecided | holds in | fails in |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of CLAIMS) {
    const by: Record<Outcome, string[]> = { holds: [], fails: [], undecided: [] };
    for (const u of universes) by[judge(u, c, at)].push(u.name);
    console.log(`| ${c.name} | ${by.holds.length} | ${by.fails.length} | ${by.undecided.length} | ${by.holds.join(', ') || '–'} | ${by.fails.join(', ') || '–'} |`);
  }
}
