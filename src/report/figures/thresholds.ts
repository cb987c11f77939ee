/** Figure: test score against decision threshold, one panel per loss, with the spread over seeds and τ*. */
import { area, line } from 'd3-shape';
import { isReferenceLoss, parseScore, scoreLabel } from 'solh-losses/core';
import { lossLabel } from '../paper';
import { Band, chooseBand, describeSeeds, ThresholdSeries } from './data';
import { el, esc, svgDocument } from './svg';
import { header, panel, panelGrid, rows } from './chart';
import { BAND_OPACITY, lossStyles, ROLE } from './style';


export interface ThresholdsOptions {
  target: string;
  /** Band around the mean: min–max over seeds, ± 1 sample sd, or 'auto' (the default) choosing by the number of seeds. */
  band?: Band;
  width?: number;
  columns?: number;
}

/** Linear interpolation of ys at x on an ascending grid xs. */
function interpolate(xs: number[], ys: number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  }
  return ys[ys.length - 1];
}

export function thresholdsFigure(series: ThresholdSeries[], o: ThresholdsOptions): string {
  const width = o.width ?? 1100;
  const cols = o.columns ?? 5;
  const styles = lossStyles(series.map((s) => s.loss));
  const reference = series.find((s) => isReferenceLoss(s.loss));
  const maxSeeds = Math.max(0, ...series.map((s) => s.seeds.length));
  const band = chooseBand(o.band ?? 'auto', maxSeeds);
  const bandText = band === 'sd' ? 'mean ± 1 sd over seeds' : 'min–max over seeds';
  // A ± sd band is clipped to the values the score can take ([0, 1] for F1, [−1, 1] for MCC).
  const [floor, ceiling] = parseScore(o.target).definition.range;
  const lower = (s: ThresholdSeries, j: number) => (band === 'sd' ? Math.max(floor, s.mean[j] - s.sd[j]) : s.min[j]);
  const upper = (s: ThresholdSeries, j: number) => (band === 'sd' ? Math.min(ceiling, s.mean[j] + s.sd[j]) : s.max[j]);
  const score = scoreLabel(o.target);
  const title = `Test ${score} against decision threshold`;
  const subtitle = `Line: mean over ${describeSeeds(series.flatMap((s) => s.seeds))}; band: ${bandText}; dashed: mean τ* chosen on the training set`;
  const head = header(width, title, subtitle, [
    { label: 'mean over seeds', kind: 'line', color: '#444' },
    { label: bandText, kind: 'band', color: '#444' },
    { label: 'τ* (mean over seeds)', kind: 'vline', color: ROLE.marker },
    ...(reference ? [{ label: `${lossLabel(reference.loss)} mean (reference)`, kind: 'line' as const, color: ROLE.reference }] : []),
  ]);
  const lo = Math.min(...series.flatMap((s) => s.thresholds.map((_, j) => lower(s, j))));
  const hi = Math.max(...series.flatMap((s) => s.thresholds.map((_, j) => upper(s, j))));
  const panelHeight = 230;
  const boxes = panelGrid(series.length, cols, 0, head.height, width, panelHeight);
  const body = series.map((s, i) => {
    const firstCol = i % Math.min(cols, series.length) === 0;
    const lastRow = i >= series.length - Math.min(cols, series.length);
    const p = panel({
      ...boxes[i], xDomain: [0, 1], yDomain: [lo, hi], nice: true, xTicks: [0, 0.25, 0.5, 0.75, 1], yTicks: 5,
      title: `${lossLabel(s.loss)} (n = ${s.seeds.length})`,
      xLabel: lastRow ? 'threshold τ' : undefined, yLabel: firstCol ? `test ${score}` : undefined,
      margin: { left: firstCol ? 52 : 40 },
    });
    const st = styles.get(s.loss)!;
    const pts = s.thresholds.map((t, j) => ({ t, m: s.mean[j], lo: lower(s, j), hi: upper(s, j) }));
    const bandPath = area<(typeof pts)[number]>().x((d) => p.sx(d.t)).y0((d) => p.sy(d.lo)).y1((d) => p.sy(d.hi)).digits(2);
    const mid = line<(typeof pts)[number]>().x((d) => p.sx(d.t)).y((d) => p.sy(d.m)).digits(2);
    const ref = reference && s !== reference
      ? el('path', { class: 'reference', d: line<number>().x((_, j) => p.sx(reference.thresholds[j])).y((m) => p.sy(m)).digits(2)(reference.mean) ?? '', fill: 'none', stroke: ROLE.reference, 'stroke-width': 1.2 })
      : '';
    const tx = p.sx(s.tauStar);
    const ty = p.sy(interpolate(s.thresholds, s.mean, s.tauStar));
    const tau = el('g', { class: 'tau-star', 'data-loss': s.loss, 'data-tau': s.tauStar.toFixed(4) }, [
      el('title', {}, esc(`${lossLabel(s.loss)}: mean τ* = ${s.tauStar.toFixed(3)}`)),
      el('line', { x1: tx, y1: p.inner.y, x2: tx, y2: p.inner.y + p.inner.height, stroke: ROLE.marker, 'stroke-width': 1.3, 'stroke-dasharray': '4 2' }),
      el('circle', { cx: tx, cy: ty, r: 3.5, fill: '#fff', stroke: ROLE.marker, 'stroke-width': 1.5 }),
    ]);
    return el('g', { class: 'panel' }, [
      p.frame,
      ref,
      el('g', { class: 'series', 'data-loss': s.loss }, [
        el('title', {}, esc(lossLabel(s.loss))),
        el('path', { class: 'band', 'data-band': band, d: bandPath(pts) ?? '', fill: st.color, 'fill-opacity': BAND_OPACITY, stroke: 'none' }),
        el('path', { class: 'mean', d: mid(pts) ?? '', fill: 'none', stroke: st.color, 'stroke-width': 2 }),
      ]),
      tau,
    ]);
  });
  const height = head.height + rows(series.length, cols) * panelHeight + 6;
  return svgDocument({ width, height, title, description: subtitle, kind: 'thresholds' }, [head.svg, ...body]);
}
