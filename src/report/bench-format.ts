/** A benchmark report as text, Markdown or JSON: per section the per-task Δ table, then the tests across data sets. */
import { Format, renderRows } from './rows';
import { lossLabel } from './paper';
import { AcrossDatasets, BenchSection, TaskDelta } from './bench';

const signed = (x: number, digits = 4) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
const pText = (p: number | null) => (p === null ? '–' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

export function atText(at: BenchSection['at']): string {
  return at === 'tau' ? 'at each run\'s τ*' : 'at threshold 0.5';
}

function sectionTitle(s: BenchSection): string {
  return `target ${s.target}, test ${s.target} ${atText(s.at)}, against ${lossLabel(s.baseline)}: ${s.tasks.length} data set${s.tasks.length === 1 ? '' : 's'}`;
}

/** One row per task: seeds, the baseline's score, each loss's Δ (with the within-task verdict when there is one). */
function taskTable(s: BenchSection, format: Exclude<Format, 'json'>): string {
  const byTask = s.tasks.map((task) => ({ task, cells: new Map(s.deltas.filter((d) => d.task === task).map((d) => [d.loss, d])) }));
  const cell = (d: TaskDelta | undefined) => (d === undefined ? '–' : `${signed(d.delta)}${d.within ? ` ${d.within.verdict === 'better' ? '▲' : d.within.verdict === 'worse' ? '▼' : '·'}` : ''}`);
  return renderRows(byTask, [
    { header: 'task', text: (r) => r.task },
    { header: 'seeds', text: (r) => String(r.cells.get(s.baseline)?.seeds ?? '–') },
    { header: lossLabel(s.baseline), text: (r) => r.cells.get(s.baseline)?.score.toFixed(4) ?? '–' },
    ...s.losses.slice(1).map((l) => ({ header: `Δ ${lossLabel(l)}`, text: (r: (typeof byTask)[number]) => cell(r.cells.get(l)) })),
  ], format);
}

function acrossTable(s: BenchSection, a: AcrossDatasets, format: Exclude<Format, 'json'>): string {
  const rows = s.losses.map((loss, j) => ({ loss, rank: a.friedman.averageRanks[j], w: a.wilcoxon.find((w) => w.method === loss), b: a.bayes.find((b) => b.loss === loss) }));
  return renderRows(rows, [
    { header: 'loss', text: (r) => lossLabel(r.loss) },
    { header: 'avg rank', text: (r) => r.rank.toFixed(3) },
    { header: 'mean Δ', text: (r) => (r.w ? signed(r.w.meanDifference) : '') },
    { header: 'median Δ', text: (r) => (r.w ? signed(r.w.medianDifference) : '') },
    { header: 'Wilcoxon p', text: (r) => (r.w ? pText(r.w.p) : '') },
    { header: 'Holm p', text: (r) => (r.w ? pText(r.w.pHolm) : '') },
    { header: 'P(worse)', text: (r) => (r.b ? r.b.pWorse.toFixed(3) : '') },
    { header: 'P(equiv.)', text: (r) => (r.b ? r.b.pEquivalent.toFixed(3) : '') },
    { header: 'P(better)', text: (r) => (r.b ? r.b.pBetter.toFixed(3) : '') },
  ], format);
}

function friedmanLine(a: AcrossDatasets): string {
  const f = a.friedman;
  return `Friedman χ²_F = ${f.chi2.toFixed(2)} (df ${f.df1}, p ${pText(f.chi2P)}); Iman–Davenport F_F = ${Number.isFinite(f.imanDavenportF) ? f.imanDavenportF.toFixed(2) : '∞'} (df ${f.df1}, ${f.df2}; p ${pText(f.imanDavenportP)}); Nemenyi CD = ${a.criticalDifference.toFixed(3)} at α ${a.alpha} (k = ${f.methods}, N = ${f.datasets})`;
}

export function renderBench(sections: BenchSection[], format: Format, rope: number): string {
  if (format === 'json') return JSON.stringify(sections, null, 1);
  if (format === 'csv') return renderRows(sections.flatMap((s) => s.deltas.map((d) => ({ ...d, target: s.target, at: s.at }))), [
    { header: 'target', text: (r) => r.target },
    { header: 'at', text: (r) => r.at },
    { header: 'task', text: (r) => r.task },
    { header: 'loss', text: (r) => r.loss },
    { header: 'seeds', text: (r) => String(r.seeds) },
    { header: 'score', text: (r) => String(r.score) },
    { header: 'delta', text: (r) => String(r.delta) },
    { header: 'within', text: (r) => r.within?.verdict ?? '' },
  ], 'csv');
  const h = (t: string) => (format === 'markdown' ? `### ${t}` : `== ${t} ==`);
  return sections.map((s) => {
    const parts = [h(sectionTitle(s)), `Per task: each loss − ${lossLabel(s.baseline)}, mean over seeds; ▲ better, ▼ worse, · undecided by the corrected resampled t on that task's seeds (p < 0.05 per comparison, no Holm)`, taskTable(s, format)];
    if (s.leftOut.length) parts.push(`left out: ${s.leftOut.map((l) => `${l.task} (${l.reason})`).join('; ')}`);
    if ('refused' in s.across) parts.push(`across data sets: refused: ${s.across.refused}`);
    else {
      parts.push(`Across data sets (each data set one unit): average rank (1 = best), Wilcoxon signed-rank with Holm over ${s.losses.length - 1}, Bayesian signed-rank with rope ±${rope}`);
      parts.push(acrossTable(s, s.across, format));
      parts.push(friedmanLine(s.across));
    }
    return parts.join('\n\n');
  }).join('\n\n');
}
