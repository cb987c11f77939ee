/** How compare tables read: one block per table for text/Markdown, one flat list for CSV/JSON. */
import { CompareRow, CompareTable } from './compare';
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
  { header: 'direction', text: (r) => r.direction },
  { header: 'verdict', text: (r) => r.verdict },
];

function columns(confidence: number, allPairs: boolean): Column<CompareRow>[] {
  return [
    { header: 'Loss', text: (r) => r.label },
    ...(allPairs ? [{ header: 'against', text: (r: CompareRow) => lossLabel(r.baseline) }] : []),
    { header: 'n', text: (r) => `${r.n}${r.unpaired.length ? ` (unpaired: ${r.unpaired.join(',')})` : ''}` },
    { header: 'mean Δ', text: (r) => signed(r.mean) },
    { header: `${pct(confidence)} CI (t)`, text: (r) => interval(r.tCi) },
    { header: `${pct(confidence)} CI (bootstrap)`, text: (r) => interval(r.bootstrapCi) },
    { header: 'p t', text: (r) => pValue(r.tP) },
    { header: 'p t Holm', text: (r) => pValue(r.tPHolm) },
    { header: 'p Wilcoxon', text: (r) => (r.wilcoxonP === null ? '–' : `${pValue(r.wilcoxonP)} (${r.wilcoxonMethod})`) },
    { header: 'p Wilcoxon Holm', text: (r) => pValue(r.wilcoxonPHolm) },
    { header: 'Verdict', text: (r) => r.verdict },
  ];
}

function title(t: CompareTable, confidence: number, resamples: number, minBootstrap: number): [string, string] {
  const at = t.at === 'tau' ? 'at each run\'s τ*' : 'at τ = 0.5';
  return [
    `Target ${t.target}: test ${t.score} ${at}, paired by seed, Δ = ${t.allPairs ? 'loss − against (every pair)' : `loss − ${lossLabel(t.baseline)}`} (config ${t.configHash}, backend ${t.backend})`,
    `CI (t): t interval; CI (bootstrap): percentile, ${resamples} resamples of the seeds, only when n ≥ ${minBootstrap}. ` +
      `p: two-sided; Holm over the ${t.family} comparisons of this table, separately for each test. ` +
      'Wilcoxon: exact when no zero or tied differences, else normal approximation (zeros dropped, mid-ranks, continuity-corrected). ' +
      `Verdict: better/worse when the Holm t p < ${+(1 - confidence).toFixed(4)} and the t CI excludes 0.`,
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
      const cols = columns(o.confidence, Boolean(t.allPairs));
      const [head, notes] = title(t, o.confidence, o.bootstrap, o.minBootstrapPairs);
      return o.format === 'markdown' ? `#### ${head}\n\n${notes}\n\n${renderRows(t.rows, cols, o.format)}` : `${head}\n${notes}\n\n${renderRows(t.rows, cols, o.format)}`;
    })
    .join('\n\n');
}
