/** How compare tables read: one block per table for text/Markdown, one flat list for CSV/JSON. */
import { CompareRow, CompareTable, TEST_LABELS } from './compare';
import { inUnits } from './verdicts';
import { lossLabel } from './paper';
import { Column, Format, renderRows } from './rows';

const signed = (x: number | null, d = 4) => (x === null ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`);
const interval = (ci: [number, number] | null) => (ci === null ? '–' : `[${signed(ci[0])}, ${signed(ci[1])}]`);
const pValue = (p: number | null) => (p === null ? '–' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const pct = (c: number) => `${+(c * 100).toFixed(2)}%`;

const raw = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));

/** CSV is for programs: full precision, one value per cell. */
const CSV_COLUMNS: Column<CompareRow>[] = [
  { header: 'target', text: (r) => r.target },
  { header: 'score', text: (r) => r.score },
  { header: 'at', text: (r) => r.at },
  { header: 'baseline', text: (r) => r.baseline },
  { header: 'loss', text: (r) => r.loss },
  { header: 'n', text: (r) => String(r.n) },
  { header: 'seeds', text: (r) => r.seeds.join(' ') },
  { header: 'unpaired', text: (r) => r.unpaired.join(' ') },
  { header: 'mean', text: (r) => raw(r.mean) },
  { header: 't_ci_low', text: (r) => raw(r.tCi?.[0]) },
  { header: 't_ci_high', text: (r) => raw(r.tCi?.[1]) },
  { header: 'bootstrap_ci_low', text: (r) => raw(r.bootstrapCi?.[0]) },
  { header: 'bootstrap_ci_high', text: (r) => raw(r.bootstrapCi?.[1]) },
  { header: 't', text: (r) => raw(r.tStatistic) },
  { header: 'p_t', text: (r) => raw(r.tP) },
  { header: 'p_t_holm', text: (r) => raw(r.tPHolm) },
  { header: 'wilcoxon_v', text: (r) => raw(r.wilcoxonV) },
  { header: 'p_wilcoxon', text: (r) => raw(r.wilcoxonP) },
  { header: 'wilcoxon_method', text: (r) => r.wilcoxonMethod ?? '' },
  { header: 'p_wilcoxon_holm', text: (r) => raw(r.wilcoxonPHolm) },
  { header: 'corrected_t', text: (r) => raw(r.correctedTStatistic) },
  { header: 'p_corrected_t', text: (r) => raw(r.correctedTP) },
  { header: 'corrected_t_ci_low', text: (r) => raw(r.correctedTCi?.[0]) },
  { header: 'corrected_t_ci_high', text: (r) => raw(r.correctedTCi?.[1]) },
  { header: 'corrected_factor', text: (r) => raw(r.correctedFactor) },
  { header: 'test', text: (r) => r.test },
  { header: 'p_test', text: (r) => raw(r.testP) },
  { header: 'p_test_holm', text: (r) => raw(r.testPHolm) },
  { header: 'margin', text: (r) => String(r.margin) },
  { header: 'p_tost', text: (r) => raw(r.tost?.p) },
  { header: 'p_tost_holm', text: (r) => raw(r.tostPHolm) },
  { header: 'collapsed_loss_runs', text: (r) => raw(r.collapsedRuns.loss) },
  { header: 'collapsed_baseline_runs', text: (r) => raw(r.collapsedRuns.baseline) },
  { header: 'unit', text: (r) => r.units?.unit ?? '' },
  { header: 'per_unit', text: (r) => raw(r.units?.per) },
  { header: 'direction', text: (r) => r.direction },
  { header: 'verdict', text: (r) => r.verdict },
];

function columns(t: CompareTable, confidence: number): Column<CompareRow>[] {
  const chosen = t.test === 'corrected-t' ? 'corrected t' : t.test === 't' ? 't' : 'Wilcoxon';
  return [
    { header: 'Loss', text: (r) => r.label },
    ...(t.allPairs ? [{ header: 'against', text: (r: CompareRow) => lossLabel(r.baseline) }] : []),
    { header: 'n', text: (r) => `${r.n}${r.unpaired.length ? ` (unpaired: ${r.unpaired.join(',')})` : ''}` },
    { header: 'mean Δ', text: (r) => signed(r.mean) },
    { header: 'Δ in test units', text: (r) => inUnits(r.mean, r.units) },
    ...(t.test === 'corrected-t' ? [{ header: `${pct(confidence)} CI (corrected t)`, text: (r: CompareRow) => interval(r.correctedTCi) }] : []),
    { header: `${pct(confidence)} CI (t)`, text: (r) => interval(r.tCi) },
    { header: `${pct(confidence)} CI (bootstrap)`, text: (r) => interval(r.bootstrapCi) },
    ...(t.test === 'corrected-t' ? [{ header: 'p corrected t', text: (r: CompareRow) => pValue(r.correctedTP) }] : []),
    { header: 'p t', text: (r) => pValue(r.tP) },
    { header: 'p Wilcoxon', text: (r) => (r.wilcoxonP === null ? '–' : `${pValue(r.wilcoxonP)} (${r.wilcoxonMethod})`) },
    { header: `p ${chosen} Holm`, text: (r) => pValue(r.testPHolm) },
    { header: `p TOST ±${t.margin} Holm`, text: (r) => pValue(r.tostPHolm) },
    { header: 'collapsed runs', text: (r) => collapsedCell(r) },
    { header: 'Verdict', text: (r) => r.verdict },
  ];
}

/** Collapsed runs as loss/baseline counts, '–' when none, '?' where the records cannot tell (τ* of older records). */
const collapsedCell = (r: CompareRow) => {
  const { loss, baseline } = r.collapsedRuns;
  if (loss === 0 && baseline === 0) return '–';
  return `${loss ?? '?'}/${baseline ?? '?'}`;
};

function title(t: CompareTable, confidence: number, resamples: number, minBootstrap: number): [string, string] {
  const at = t.at === 'tau' ? 'at each run\'s τ*' : 'at τ = 0.5';
  return [
    `Target ${t.target}: test ${t.score} ${at}, paired by seed, Δ = ${t.allPairs ? 'loss − against (every pair)' : `loss − ${lossLabel(t.baseline)}`} (config ${t.configHash}, backend ${t.backend})`,
    `Verdicts by the ${TEST_LABELS[t.test]}. ` +
      `CI (t), p t: paired t (assumes independent resplits); CI (bootstrap): percentile, ${resamples} resamples of the seeds, only when n ≥ ${minBootstrap}. ` +
      'Wilcoxon: exact when no zero or tied differences, else normal approximation (zeros dropped, mid-ranks, continuity-corrected). ' +
      `p: two-sided; Holm over the ${t.family} comparisons of this table. TOST: two one-sided tests of Δ within ±${t.margin}, same variance as the verdict's test. ` +
      `Verdict: better/worse when its Holm p < ${+(1 - confidence).toFixed(4)}${t.test === 'wilcoxon' ? '' : ' and its CI excludes 0'}; else equivalent when the TOST Holm p < ${+(1 - confidence).toFixed(4)}; else undecided. ` +
      'Collapsed runs (loss/baseline): runs that predicted one class for every test row; when more than half of either side did, the row is "collapsed": no verdict, out of the Holm family. Δ in test units: Δ × test rows (accuracy) or × test positives (recall, precision, F1; approximate for F1).',
  ];
}

export interface CompareFormatOptions {
  format: Format;
  confidence: number;
  bootstrap: number;
  minBootstrapPairs: number;
}

export function renderCompare(tables: CompareTable[], o: CompareFormatOptions): string {
  const all = tables.flatMap((t) => t.rows);
  if (o.format === 'json' || o.format === 'csv') return renderRows(all, CSV_COLUMNS, o.format);
  return tables
    .map((t) => {
      const cols = columns(t, o.confidence);
      const [head, notes] = title(t, o.confidence, o.bootstrap, o.minBootstrapPairs);
      return o.format === 'markdown' ? `#### ${head}\n\n${notes}\n\n${renderRows(t.rows, cols, o.format)}` : `${head}\n${notes}\n\n${renderRows(t.rows, cols, o.format)}`;
    })
    .join('\n\n');
}
