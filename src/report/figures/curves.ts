/** Figure: the expected soft step E(p) of each loss, i.e. what a predicted probability p counts as. */
import { line } from 'd3-shape';
import { lossLabel } from '../paper';
import { el, esc, svgDocument } from './svg';
import { header, panel } from './chart';
import { lossStyles } from './style';

export interface CurveSeries {
  loss: string;
  points: { p: number; h: number }[];
}

export interface CurvesOptions {
  delta: number;
  width?: number;
}

export function curvesFigure(series: CurveSeries[], o: CurvesOptions): string {
  const width = o.width ?? 760;
  const styles = lossStyles(series.map((s) => s.loss));
  const title = 'Expected soft step E(p) of each loss';
  const subtitle = `E(p) = E_τ[H(p − τ)] over the loss's threshold distribution; linear steps (SOLH, L_s) with δ = ${o.delta}`;
  const head = header(width, title, subtitle, series.map((s) => ({ label: lossLabel(s.loss), kind: 'line' as const, ...styles.get(s.loss)! })));
  const plotHeight = 440;
  const p = panel({
    x: 0, y: head.height, width, height: plotHeight,
    xDomain: [0, 1], yDomain: [0, 1], xTicks: 10, yTicks: 5,
    xLabel: 'predicted probability p', yLabel: 'E(p)', margin: { left: 60, right: 20 },
  });
  const path = line<{ p: number; h: number }>().x((d) => p.sx(d.p)).y((d) => p.sy(d.h)).digits(2);
  const lines = series.map((s) => {
    const st = styles.get(s.loss)!;
    return el('g', { class: 'series', 'data-loss': s.loss }, [
      el('title', {}, esc(lossLabel(s.loss))),
      el('path', { d: path(s.points) ?? '', fill: 'none', stroke: st.color, 'stroke-width': 2, 'stroke-dasharray': st.dash, 'stroke-linejoin': 'round' }),
    ]);
  });
  return svgDocument(
    { width, height: head.height + plotHeight + 8, title, description: subtitle, kind: 'curves' },
    [head.svg, p.frame, ...lines],
  );
}
