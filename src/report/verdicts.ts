/**
 * Which verdicts survive the choices a paper left open: for every universe of a sweep, each loss
 * against the baseline (paired by seed, the chosen test and TOST, Holm within the universe and
 * target, as `solh compare` does), and per (target, loss) in how many universes it is better,
 * worse, equivalent or undecided. A collapsed comparison (a run that predicted one class) is shown
 * but counted nowhere; a comparison a universe's settings cannot change (SOL against BCE where only
 * δ varies) is the default universe's and is not repeated (universeRuns). Pure: universes of
 * records in, rows out.
 */
import { RunRecord } from '../experiment/record';
import { settingsChangeLoss } from '../experiment/invariance';
import { DEFAULT_UNIVERSE } from '../experiment/sweep';
import { SolhError } from '../errors';
import { COMPARE_DEFAULTS, Direction, EffectUnits, PairedTest, TEST_LABELS, compareRecords } from './compare';
import { At } from './query';
import { lossLabel } from './paper';
import { Column, Format, renderRows } from './rows';

export interface UniverseRecords {
  /** Folder name, e.g. `default` or `training.batchSize=32`. */
  name: string;
  /** Settings that differ from the default universe, by dotted path. */
  settings: Record<string, unknown>;
  records: RunRecord[];
}

const VERDICTS = ['better', 'worse', 'equivalent', 'undecided', 'untested', 'collapsed'] as const satisfies readonly Direction[];
export type Verdict = (typeof VERDICTS)[number];

export interface VerdictRow {
  universe: Record<string, unknown>;
  name: string;
  target: string;
  loss: string;
  baseline: string;
  at: At;
  n: number;
  mean: number | null;
  /** Interval and Holm p of the chosen test. */
  ci: [number, number] | null;
  pHolm: number | null;
  test: PairedTest;
  margin: number;
  /** TOST's Holm p: Δ within ±margin when below 1 − confidence. */
  tostPHolm: number | null;
  units: EffectUnits | null;
  verdict: Verdict;
}

export interface VerdictSummary {
  target: string;
  loss: string;
  better: number;
  worse: number;
  /** Within ±margin by TOST (and no significant difference). */
  equivalent: number;
  /** Neither a difference nor equivalence shown, or no test possible. */
  undecided: number;
  /** Comparisons with a collapsed run: shown, counted in none of the above. */
  collapsed: number;
  /** Universes where it is better / worse, by name. */
  betterIn: string[];
  worseIn: string[];
}

export interface VerdictOptions {
  baseline: string;
  at: At;
  confidence: number;
  test?: PairedTest;
  margin?: number;
  /** A universe without a finished baseline run is left out and named here (else: it is an error). */
  onNoBaseline?: (universe: string) => void;
}

/**
 * A universe's records as its comparisons read them. Runs of losses its settings cannot change
 * (δ for BCE and SOL) are the default universe's: taken from there for the universe's seeds when
 * the universe lacks them (a sweep does not train them). Their own comparison is left out (it is
 * the default's, counted there) unless the baseline is a loss the settings do change.
 */
export function universeRuns(u: UniverseRecords, base: UniverseRecords | undefined, baseline: string): RunRecord[] {
  if (!base || u === base || Object.keys(u.settings).length === 0) return u.records;
  const unchanged = (loss: string) => !settingsChangeLoss(u.settings, loss);
  const own = new Set(u.records.map((r) => r.key.loss));
  const seeds = new Set(u.records.map((r) => r.key.seed));
  const { configHash, backend, protocol } = u.records[0];
  const reused = base.records
    .filter((r) => !own.has(r.key.loss) && unchanged(r.key.loss) && seeds.has(r.key.seed))
    .map((r) => ({ ...r, configHash, backend, protocol }));
  const all = [...u.records, ...reused];
  return unchanged(baseline) ? all.filter((r) => r.key.loss === baseline || !unchanged(r.key.loss)) : all;
}

export function verdictRows(universes: UniverseRecords[], o: VerdictOptions): VerdictRow[] {
  const rows: VerdictRow[] = [];
  const base = universes.find((u) => u.name === DEFAULT_UNIVERSE);
  for (const u of universes) {
    if (o.onNoBaseline && !u.records.some((r) => r.key.loss === o.baseline && r.status === 'ok')) {
      o.onNoBaseline(u.name);
      continue;
    }
    const hashes = new Set(u.records.map((r) => `${r.configHash} on ${r.backend}`));
    if (hashes.size > 1) throw new SolhError(`universe ${u.name} holds records of ${hashes.size} protocols or backends (${[...hashes].join(', ')}): keep one protocol per universe folder`);
    // No bootstrap here: the verdict rests on the t interval and the Holm-corrected t p.
    const tables = compareRecords(universeRuns(u, base, o.baseline), {
      ...COMPARE_DEFAULTS, baseline: o.baseline, at: o.at, confidence: o.confidence, minBootstrapPairs: Infinity,
      test: o.test ?? COMPARE_DEFAULTS.test, margin: o.margin ?? COMPARE_DEFAULTS.margin,
    });
    for (const t of tables) {
      for (const r of t.rows) {
        rows.push({
          universe: u.settings, name: u.name, target: t.target, loss: r.loss, baseline: o.baseline, at: o.at, n: r.n, mean: r.mean,
          ci: r.testCi, pHolm: r.testPHolm, test: r.test, margin: r.margin, tostPHolm: r.tostPHolm, units: r.units, verdict: r.direction,
        });
      }
    }
  }
  return rows;
}

/** Per (target, loss), in the order first met: how many universes say better, worse, undecided. */
export function summarize(rows: VerdictRow[]): VerdictSummary[] {
  const by = new Map<string, VerdictSummary>();
  for (const r of rows) {
    const k = `${r.target}|${r.loss}`;
    if (!by.has(k)) by.set(k, { target: r.target, loss: r.loss, better: 0, worse: 0, equivalent: 0, undecided: 0, collapsed: 0, betterIn: [], worseIn: [] });
    const s = by.get(k)!;
    if (r.verdict === 'better') {
      s.better++;
      s.betterIn.push(r.name);
    } else if (r.verdict === 'worse') {
      s.worse++;
      s.worseIn.push(r.name);
    } else if (r.verdict === 'equivalent') s.equivalent++;
    else if (r.verdict === 'collapsed') s.collapsed++;
    else s.undecided++;
  }
  return [...by.values()];
}

const signed = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`);
const pValue = (p: number | null) => (p === null ? '–' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
/** Δ as rows or positives of one test split, e.g. "+3.4 test rows". */
export const inUnits = (m: number | null, u: EffectUnits | null) => (m === null || u === null ? '–' : `${m >= 0 ? '+' : '−'}${Math.abs(m * u.per).toFixed(1)} ${u.unit}`);
const raw = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
export const settingsText = (s: Record<string, unknown>) => (Object.keys(s).length ? Object.entries(s).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') : 'default');

export function renderVerdicts(rows: VerdictRow[], format: Format, confidence: number): string {
  if (format === 'json') {
    return renderRows(rows, [], 'json', (r) => ({
      universe: r.universe, name: r.name, target: r.target, loss: r.loss, baseline: r.baseline, at: r.at, n: r.n, mean: r.mean, ci: r.ci, pHolm: r.pHolm,
      test: r.test, margin: r.margin, tostPHolm: r.tostPHolm, units: r.units, verdict: r.verdict,
    }));
  }
  if (format === 'csv') {
    return renderRows(rows, [
      { header: 'universe', text: (r) => r.name },
      { header: 'settings', text: (r) => settingsText(r.universe) },
      { header: 'target', text: (r) => r.target },
      { header: 'loss', text: (r) => r.loss },
      { header: 'baseline', text: (r) => r.baseline },
      { header: 'at', text: (r) => r.at },
      { header: 'n', text: (r) => String(r.n) },
      { header: 'mean', text: (r) => raw(r.mean) },
      { header: 'ci_low', text: (r) => raw(r.ci?.[0]) },
      { header: 'ci_high', text: (r) => raw(r.ci?.[1]) },
      { header: 'p_holm', text: (r) => raw(r.pHolm) },
      { header: 'test', text: (r) => r.test },
      { header: 'margin', text: (r) => String(r.margin) },
      { header: 'p_tost_holm', text: (r) => raw(r.tostPHolm) },
      { header: 'unit', text: (r) => r.units?.unit ?? '' },
      { header: 'per_unit', text: (r) => raw(r.units?.per) },
      { header: 'verdict', text: (r) => r.verdict },
    ], 'csv');
  }
  const pct = `${+(confidence * 100).toFixed(2)}%`;
  const cols: Column<VerdictRow>[] = [
    { header: 'Settings', text: (r) => settingsText(r.universe) },
    { header: 'Loss', text: (r) => lossLabel(r.loss) },
    { header: 'n', text: (r) => String(r.n) },
    { header: 'mean Δ', text: (r) => signed(r.mean) },
    { header: 'Δ in test units', text: (r) => inUnits(r.mean, r.units) },
    { header: `${pct} CI`, text: (r) => (r.ci ? `[${signed(r.ci[0])}, ${signed(r.ci[1])}]` : '–') },
    { header: 'p Holm', text: (r) => pValue(r.pHolm) },
    { header: 'p TOST Holm', text: (r) => pValue(r.tostPHolm) },
    { header: 'Verdict', text: (r) => r.verdict },
  ];
  const sumCols: Column<VerdictSummary>[] = [
    { header: 'Loss', text: (s) => lossLabel(s.loss) },
    { header: 'better', text: (s) => String(s.better) },
    { header: 'worse', text: (s) => String(s.worse) },
    { header: 'equivalent', text: (s) => String(s.equivalent) },
    { header: 'undecided', text: (s) => String(s.undecided) },
    { header: 'collapsed', text: (s) => String(s.collapsed) },
    { header: 'worse in', text: (s) => s.worseIn.join(', ') || '–' },
  ];
  const h = format === 'markdown' ? '#### ' : '';
  const blocks: string[] = [];
  const targets = [...new Set(rows.map((r) => r.target))];
  for (const target of targets) {
    const mine = rows.filter((r) => r.target === target);
    const { baseline, at, test, margin } = mine[0];
    const universes = new Set(mine.map((r) => r.name)).size;
    blocks.push(
      `${h}Target ${target}: test ${target} ${at === 'tau' ? 'at each run\'s τ*' : 'at τ = 0.5'}, Δ = loss − ${lossLabel(baseline)} paired by seed, per universe\n` +
        `Test: ${TEST_LABELS[test]}; CI of that test. Holm over the losses of each universe and target; better/worse when its Holm p < ${+(1 - confidence).toFixed(4)}; ` +
        `equivalent when not, and TOST (two one-sided tests, same variance) shows Δ within ±${margin} at Holm p < ${+(1 - confidence).toFixed(4)}; collapsed (a paired run predicted one class) counts nowhere.\n\n` +
        renderRows(mine, cols, format),
      `${h}Target ${target}: in how many of the ${universes} universes each loss is better than ${lossLabel(baseline)}\n\n` + renderRows(summarize(mine), sumCols, format),
    );
  }
  return blocks.join('\n\n');
}
