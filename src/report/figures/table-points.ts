/**
 * Figure: the results table as points with error bars (mean ± sd over seeds) for the test score at
 * 0.5 and at τ*, with the paper's printed values beside them.
 */
import { scaleLinear } from 'd3-scale';
import { scoreLabel } from 'solh-losses/core';
import { TableRow } from '../table';
import { el, esc, svgDocument, text, textWidth } from './svg';
import { diamond, header, panel } from './chart';
import { FONT_SIZE, GRID, lossStyles, ROLE } from './style';

export interface TablePointsOptions {
  target: string;
  width?: number;
}

const COLUMNS = [
  { key: 'testScore', title: (t: string) => `Test ${t} at threshold 0.5` },
  { key: 'testScoreTau', title: (t: string) => `Test ${t} at τ*` },
] as const;

const ROW_HEIGHT = 28;

export function tablePointsFigure(rows: TableRow[], o: TablePointsOptions): string {
  const width = o.width ?? 980;
  const styles = lossStyles(rows.map((r) => r.loss));
  const hasPaper = rows.some((r) => r.paper);
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const score = scoreLabel(o.target);
  const title = hasPaper ? `Test ${score} per loss: ours against the paper` : `Test ${score} per loss`;
  const subtitle = `Points: mean over seeds (n = ${ns.join(', ')}); bars: ± 1 sample sd${hasPaper ? '; diamonds: Zou 2025\'s printed values' : ''}`;
  const head = header(width, title, subtitle, [
    { label: 'ours: mean ± sd over seeds', kind: 'errorbar', color: '#444' },
    ...(hasPaper ? [{ label: 'paper (Zou 2025)', kind: 'diamond' as const, color: ROLE.paper }] : []),
  ]);
  const values: number[] = [];
  for (const r of rows) {
    for (const c of COLUMNS) {
      const m = r.mean[c.key];
      const sd = r.sd[c.key] ?? 0;
      if (m !== null) values.push(m - sd, m + sd);
      if (r.paper) values.push(r.paper[c.key]);
    }
  }
  const domain = scaleLinear().domain(values.length ? [Math.min(...values), Math.max(...values)] : [0, 1]).nice(6).domain() as [number, number];
  const labelWidth = Math.max(...rows.map((r) => textWidth(r.label, FONT_SIZE.tick + 1)), 40) + 16;
  const plotHeight = rows.length * ROW_HEIGHT + 22 + 40;
  const half = (width - labelWidth) / 2;
  const gap = 18;
  const body: string[] = [];
  COLUMNS.forEach((c, k) => {
    const p = panel({
      x: labelWidth + k * half - gap, y: head.height, width: half, height: plotHeight,
      xDomain: domain, yDomain: [rows.length, 0], xTicks: 6, yTicks: [],
      title: c.title(score), xLabel: `test ${score}`, margin: { left: gap, right: gap },
    });
    const parts = [p.frame];
    rows.forEach((r, i) => {
      const y = p.sy(i + 0.5);
      const st = styles.get(r.loss)!;
      if (i > 0) parts.push(el('line', { x1: p.inner.x, y1: p.sy(i), x2: p.inner.x + p.inner.width, y2: p.sy(i), stroke: GRID, 'stroke-dasharray': '2 2' }));
      if (k === 0) parts.push(text(labelWidth - 12, y + 4, r.label, { 'font-size': FONT_SIZE.tick + 1, 'text-anchor': 'end', class: 'row-label' }));
      const m = r.mean[c.key];
      const sd = r.sd[c.key];
      if (m !== null) {
        const x = p.sx(m);
        const bar = sd === null ? [] : [
          el('line', { x1: p.sx(m - sd), y1: y, x2: p.sx(m + sd), y2: y, stroke: st.color, 'stroke-width': 1.8 }),
          el('line', { x1: p.sx(m - sd), y1: y - 5, x2: p.sx(m - sd), y2: y + 5, stroke: st.color, 'stroke-width': 1.8 }),
          el('line', { x1: p.sx(m + sd), y1: y - 5, x2: p.sx(m + sd), y2: y + 5, stroke: st.color, 'stroke-width': 1.8 }),
        ];
        parts.push(el('g', { class: 'ours', 'data-loss': r.loss }, [
          el('title', {}, esc(`${r.label}: ${m.toFixed(4)}${sd === null ? '' : ` ± ${sd.toFixed(4)}`} (n = ${r.n})`)),
          ...bar,
          el('circle', { cx: x, cy: y, r: 4.5, fill: st.color }),
        ]));
      }
      if (r.paper) {
        const v = r.paper[c.key];
        parts.push(el('g', { class: 'paper-point', 'data-loss': r.loss }, [
          el('title', {}, esc(`${r.label}: paper ${v.toFixed(4)}`)),
          diamond(p.sx(v), y, 6, ROLE.paper),
        ]));
      }
    });
    body.push(el('g', { class: 'panel', 'data-column': c.key }, parts));
  });
  return svgDocument(
    { width, height: head.height + plotHeight + 6, title, description: subtitle, kind: 'table' },
    [head.svg, ...body],
  );
}
