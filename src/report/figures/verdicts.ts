/**
 * Figure: a forest plot of the multiverse for one target. One panel per loss family; a row per
 * universe; per loss of the family its mean paired Δ against the baseline with the interval of the chosen test (corrected t by default);
 * zero marked; the default universe shaded and in bold.
 */
import { scaleLinear } from 'd3-scale';
import { VerdictRow, settingsText } from '../verdicts';
import { TEST_LABELS } from '../compare';
import { parseLoss, scoreLabel } from 'solh-losses/core';
import { lossLabel } from '../paper';
import { el, esc, svgDocument, text, textWidth } from './svg';
import { header, panel } from './chart';
import { FONT_SIZE, GRID, INK, lossStyles } from './style';
import { DEFAULT_UNIVERSE } from '../../experiment/sweep';

export interface VerdictsFigureOptions {
  target: string;
  width?: number;
}

const ROW_HEIGHT = 30;
const DEFAULT_FILL = '#fff4cc';

export function verdictsFigure(rows: VerdictRow[], o: VerdictsFigureOptions): string {
  const mine = rows.filter((r) => r.target === o.target);
  const universes = [...new Set(mine.map((r) => r.name))];
  const settingsOf = new Map(mine.map((r) => [r.name, r.universe]));
  const families = [...new Set(mine.map((r) => parseLoss(r.loss).family))];
  const losses = [...new Set(mine.map((r) => r.loss))];
  const styles = lossStyles(losses);
  const width = o.width ?? Math.max(760, 260 + families.length * 300);
  const baseline = mine[0] ? lossLabel(mine[0].baseline) : '';
  const at = mine[0]?.at === 'tau' ? 'at each run\'s τ*' : 'at threshold 0.5';
  const score = scoreLabel(o.target);
  const title = `Multiverse, target ${score}: test ${score} ${at}, each loss − ${baseline}`;
  const test = mine[0] ? TEST_LABELS[mine[0].test] : '';
  const subtitle = `Mean paired Δ over seeds with its 95% interval by the ${test}; shaded: the default protocol; filled: better/worse after Holm`;
  const head = header(width, title, subtitle, losses.map((l) => ({ label: lossLabel(l), kind: 'errorbar' as const, color: styles.get(l)!.color })));
  const values = mine.flatMap((r) => (r.ci ? [r.ci[0], r.ci[1]] : r.mean === null ? [] : [r.mean])).filter(Number.isFinite);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const domain = scaleLinear().domain(values.length ? [lo, hi] : [-1, 1]).nice(5).domain() as [number, number];
  const label = (n: string) => (n === DEFAULT_UNIVERSE ? 'default' : settingsText(settingsOf.get(n) ?? {}));
  const labelWidth = Math.max(...universes.map((n) => textWidth(label(n), FONT_SIZE.tick + 1)), 60) + 16;
  const plotHeight = universes.length * ROW_HEIGHT + 22 + 40;
  const panelWidth = (width - labelWidth) / Math.max(1, families.length);
  const body: string[] = [];
  families.forEach((family, k) => {
    const p = panel({
      x: labelWidth + k * panelWidth, y: head.height, width: panelWidth, height: plotHeight,
      xDomain: domain, yDomain: [universes.length, 0], xTicks: 5, yTicks: [],
      title: family.toUpperCase(), xLabel: `Δ test ${score}`, margin: { left: 10, right: 14 },
    });
    const parts = [p.frame];
    const famLosses = losses.filter((l) => parseLoss(l).family === family);
    universes.forEach((u, i) => {
      if (u === DEFAULT_UNIVERSE) parts.push(el('rect', { x: p.inner.x, y: p.sy(i), width: p.inner.width, height: p.sy(i + 1) - p.sy(i), fill: DEFAULT_FILL, class: 'default-universe' }));
      if (i > 0) parts.push(el('line', { x1: p.inner.x, y1: p.sy(i), x2: p.inner.x + p.inner.width, y2: p.sy(i), stroke: GRID, 'stroke-dasharray': '2 2' }));
      if (k === 0) {
        parts.push(text(labelWidth - 12, p.sy(i + 0.5) + 4, label(u), { 'font-size': FONT_SIZE.tick + 1, 'text-anchor': 'end', class: 'row-label', ...(u === DEFAULT_UNIVERSE ? { 'font-weight': 'bold' } : {}) }));
      }
    });
    parts.push(el('line', { x1: p.sx(0), y1: p.inner.y, x2: p.sx(0), y2: p.inner.y + p.inner.height, stroke: INK, 'stroke-width': 1.2, class: 'zero' }));
    universes.forEach((u, i) => {
      famLosses.forEach((loss, j) => {
        const r = mine.find((x) => x.name === u && x.loss === loss);
        if (!r || r.mean === null) return;
        // Losses of a family side by side within the universe's row.
        const y = p.sy(i + (j + 1) / (famLosses.length + 1));
        const st = styles.get(loss)!;
        const decided = r.verdict === 'better' || r.verdict === 'worse';
        const bar = r.ci ? [el('line', { x1: p.sx(r.ci[0]), y1: y, x2: p.sx(r.ci[1]), y2: y, stroke: st.color, 'stroke-width': 1.6 })] : [];
        parts.push(el('g', { class: 'estimate', 'data-universe': u, 'data-loss': loss, 'data-verdict': r.verdict }, [
          el('title', {}, esc(`${label(u)}, ${lossLabel(loss)}: Δ ${r.mean.toFixed(4)}${r.ci ? ` [${r.ci[0].toFixed(4)}, ${r.ci[1].toFixed(4)}]` : ''}, n = ${r.n}, ${r.verdict}`)),
          ...bar,
          el('circle', { cx: p.sx(r.mean), cy: y, r: 3.5, fill: decided ? st.color : '#fff', stroke: st.color, 'stroke-width': 1.5 }),
        ]));
      });
    });
    body.push(el('g', { class: 'panel', 'data-family': family }, parts));
  });
  return svgDocument({ width, height: head.height + plotHeight + 6, title, description: subtitle, kind: 'verdicts' }, [head.svg, ...body]);
}
