/**
 * The HTML report: one self-contained page (inline CSS, inline SVG, no scripts, no external
 * requests) with the tables, the paired comparison to the baseline, and every figure, per target.
 * Pure: records and precomputed curves in, HTML text out.
 */
import { marked } from 'marked';
import { referenceLoss } from 'solh-losses/core';
import { RunRecord } from '../experiment/record';
import { SolhError } from '../errors';
import { buildRows, renderTables } from './table';
import { targetsOf, PAPER_ORDER, At } from './query';
import { COMPARE_DEFAULTS, compareRecords } from './compare';
import { renderCompare } from './compare-format';
import { lossLabel, onPaperData } from './paper';
import { curvesFigure, CurveSeries } from './figures/curves';
import { thresholdsFigure } from './figures/thresholds';
import { learningFigure } from './figures/learning';
import { tablePointsFigure } from './figures/table-points';
import { checkOneProtocol, learningSeries, seedsOf, thresholdSeries } from './figures/data';
import { esc } from './figures/svg';

export interface ReportFigure {
  /** File stem when written on its own, e.g. "thresholds-f1". */
  name: string;
  title: string;
  svg: string;
  /** The command that draws it alone. */
  command: string;
}

export interface ReportOptions {
  /** Shown in the page and in the commands it lists. */
  resultsDir: string;
  version: string;
  /** E(p) per loss, computed beforehand (it needs a TensorFlow backend); null leaves the figure out. */
  curves: { series: CurveSeries[]; delta: number } | null;
  /** Loss every other is compared with; no comparison when it has no runs. */
  baseline?: string;
}

export interface ReportSection {
  id: string;
  heading: string;
  blocks: string[];
}

/** Markdown from our own renderers as HTML; HTML-special characters are escaped first so they show as text. */
function markdown(md: string): string {
  return marked.parse(md.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), { async: false, gfm: true });
}

/**
 * Table cells read "mean ± sd (paper x, Δ d)"; the paper part goes on a second, smaller line so
 * that the wide table fits the page. Cells in any other form are left as they are.
 */
function paperOnSecondLine(html: string): string {
  return html.replace(/ \(paper ([^,()<]+), Δ ([^()<]+)\)/g, '<br><span class="paper">paper $1, Δ $2</span>');
}

function figureBlock(f: ReportFigure): string {
  return `<figure id="fig-${esc(f.name)}" class="figure">${f.svg}<figcaption>${esc(f.title)} — <code>${esc(f.command)}</code></figcaption></figure>`;
}

/** The results table beside the paper's values, or with a note where the paper has none for this data. */
function resultsTableBlock(records: RunRecord[], target: string): string {
  const { text, notes } = renderTables(records, { targets: [target], format: 'markdown', comparePaper: true });
  const note = notes.map((n) => `<p class="note">${esc(n[0].toUpperCase() + n.slice(1))}.</p>`).join('');
  return `${note}<div class="table results">${paperOnSecondLine(markdown(text))}</div>`;
}

/** Verdict tables for a target, or a note saying why there are none. */
function compareBlock(records: RunRecord[], target: string, baseline: string): string {
  const parts: string[] = [];
  for (const at of ['0.5', 'tau'] as At[]) {
    const o = { ...COMPARE_DEFAULTS, baseline, targets: [target], at };
    try {
      parts.push(markdown(renderCompare(compareRecords(records, o), { format: 'markdown', ...o })));
    } catch (e) {
      if (!(e instanceof SolhError)) throw e;
      return `<p class="note">No comparison with ${esc(baseline)}: ${esc(e.message)}</p>`;
    }
  }
  return parts.join('\n');
}

/** Every figure the records make for one target, in the order the page shows them. */
function targetFigures(records: RunRecord[], target: string, dir: string): ReportFigure[] {
  const rows = buildRows(records, target, PAPER_ORDER);
  const seed = seedsOf(records, target)[0] ?? 0;
  return [
    {
      name: `table-${target}`, title: rows.some((r) => r.paper) ? `Test ${target} per loss, ours against the paper` : `Test ${target} per loss`,
      svg: tablePointsFigure(rows, { target }), command: `solh plot table --results ${dir} --target ${target}`,
    },
    {
      name: `thresholds-${target}`, title: `Test ${target} against threshold`,
      svg: thresholdsFigure(thresholdSeries(records, target), { target }), command: `solh plot thresholds --results ${dir} --target ${target}`,
    },
    {
      name: `learning-${target}-seed${seed}`, title: `Learning curves, target ${target}, seed ${seed}`,
      svg: learningFigure(learningSeries(records, target, seed), { target, seed }), command: `solh plot learning --results ${dir} --target ${target} --seed ${seed}`,
    },
  ];
}

export function buildReport(records: RunRecord[], o: ReportOptions): { html: string; figures: ReportFigure[] } {
  if (records.length === 0) throw new SolhError(`no records in ${o.resultsDir}: run \`solh run --out ${o.resultsDir}\` first`);
  checkOneProtocol(records, o.resultsDir);
  const baseline = o.baseline ?? referenceLoss();
  const targets = targetsOf(records);
  const sections: ReportSection[] = [];
  const figures: ReportFigure[] = [];
  if (o.curves) {
    const f: ReportFigure = {
      name: 'curves', title: 'Expected soft step E(p) of each loss',
      svg: curvesFigure(o.curves.series, { delta: o.curves.delta }), command: `solh plot curves --delta ${o.curves.delta}`,
    };
    figures.push(f);
    sections.push({ id: 'losses', heading: 'The losses', blocks: [figureBlock(f)] });
  }
  // Lean records keep no threshold curves and no per-epoch history: those figures are left out.
  const lean = records.some((r) => r.lean);
  const leanNote = '<p class="note">Not drawn: these are lean records, without threshold curves and per-epoch history (<code>solh run --record full</code> keeps them).</p>';
  for (const target of targets) {
    const figs = targetFigures(records, target, o.resultsDir);
    figures.push(...(lean ? figs.slice(0, 1) : figs));
    sections.push({
      id: `target-${target}`,
      heading: `Target ${target}`,
      blocks: [
        '<h3>Results table</h3>',
        resultsTableBlock(records, target),
        figureBlock(figs[0]),
        `<h3>Paired comparison with ${esc(lossLabel(baseline))}</h3>`,
        `<div class="table compare">${compareBlock(records, target, baseline)}</div>`,
        '<h3>Threshold curves</h3>',
        lean ? leanNote : figureBlock(figs[1]),
        '<h3>Training</h3>',
        lean ? leanNote : figureBlock(figs[2]),
      ],
    });
  }
  return { html: page(records, o, sections), figures };
}

const CSS = `
body{font-family:system-ui,-apple-system,'Segoe UI','DejaVu Sans',Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f6f6f4;line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:1.6em;margin:.2em 0 .4em}h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:2em}h3{margin-top:1.6em}h4{font-size:.95em;margin:1.2em 0 .3em}
.meta{color:#555;font-size:.92em}.meta code,figcaption code{font-size:.95em}
nav ul{display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;list-style:none}
.table{overflow-x:auto}.table p{font-size:.85em;color:#555;max-width:60em}
table{border-collapse:collapse;font-size:.8em;margin:.4em 0 1em}
th,td{border:1px solid #d4d4d4;padding:3px 7px;text-align:right;vertical-align:top;white-space:nowrap}
.results td .paper{color:#777;font-size:.9em}
.compare td:last-child,.compare th:last-child{text-align:left}
.compare td:nth-child(2){white-space:normal;max-width:16em}th{background:#f0f0ee}
td:first-child,th:first-child{text-align:left;white-space:nowrap}
tbody tr:nth-child(even){background:#fafaf8}
figure{margin:1em 0 2em}figure svg{display:block;max-width:100%;height:auto;border:1px solid #e6e6e6}
figcaption{font-size:.85em;color:#555;margin-top:4px}
.note{color:#8a5a00;background:#fff6e0;padding:6px 10px;border-left:3px solid #e0a800}
`;

function page(records: RunRecord[], o: ReportOptions, sections: ReportSection[]): string {
  const hashes = [...new Set(records.map((r) => r.configHash))];
  const backends = [...new Set(records.map((r) => r.backend))];
  const seeds = [...new Set(records.map((r) => r.key.seed))].sort((a, b) => a - b);
  const failed = records.filter((r) => r.status !== 'ok').length;
  const title = `solh report: ${o.resultsDir}`;
  const nav = sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.heading)}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<p class="meta">${records.length} run records (${failed} failed), seeds ${esc(seeds.join(', '))}; config ${esc(hashes.join(', '))}; backend ${esc(backends.join(', '))}; made by solh ${esc(o.version)}. Mean ± sample sd over seeds${records.some(onPaperData) ? '; the paper\'s values are Zou 2025\'s Tables 1 and 2' : ''}.</p>
<nav><ul>${nav}</ul></nav>
${sections.map((s) => `<section id="${esc(s.id)}">\n<h2>${esc(s.heading)}</h2>\n${s.blocks.join('\n')}\n</section>`).join('\n')}
</main>
</body>
</html>
`;
}
