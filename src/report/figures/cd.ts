/**
 * Figure: the critical-difference diagram of Demšar (2006, Fig. 1) for one target and threshold.
 * An axis of average ranks (1, the best, on the left); each loss hangs from its rank to a label,
 * the better half on the left, the rest on the right; a bar of length CD above the axis; thick
 * bars join losses whose ranks differ by less than CD (no significant difference by Nemenyi).
 */
import { BenchSection, AcrossDatasets } from '../bench';
import { atText } from '../bench-format';
import { scoreLabel } from 'solh-losses/core';
import { lossLabel } from '../paper';
import { el, esc, svgDocument, text, textWidth } from './svg';
import { header } from './chart';
import { FONT_SIZE, INK, MUTED, lossStyles } from './style';

export interface CdFigureOptions {
  width?: number;
}

/**
 * Groups of losses not significantly different: maximal runs of the rank-sorted losses whose first
 * and last differ by less than CD (each run not inside a longer one), as Demšar's diagrams join them.
 */
export function cdGroups(sortedRanks: number[], cd: number): [number, number][] {
  const groups: [number, number][] = [];
  let lastEnd = -1;
  for (let i = 0; i < sortedRanks.length; i++) {
    let j = i;
    while (j + 1 < sortedRanks.length && sortedRanks[j + 1] - sortedRanks[i] < cd) j++;
    if (j > i && j > lastEnd) {
      groups.push([i, j]);
      lastEnd = j;
    }
  }
  return groups;
}

const ROW = 22;

// Loaded by `solh plot cd` through a lazy import(), which the unused-export check does not follow.
// ts-unused-exports:disable-next-line
export function cdFigure(s: BenchSection & { across: AcrossDatasets }, o: CdFigureOptions = {}): string {
  const a = s.across;
  const k = s.losses.length;
  const order = s.losses.map((loss, j) => ({ loss, rank: a.friedman.averageRanks[j] })).sort((x, y) => x.rank - y.rank);
  const labels = order.map((x) => `${lossLabel(x.loss)} ${x.rank.toFixed(2)}`);
  const labelWidth = Math.max(...labels.map((l) => textWidth(l, FONT_SIZE.legend))) + 24;
  const width = o.width ?? Math.max(760, 2 * labelWidth + 80 * k);
  const title = `Critical difference, target ${scoreLabel(s.target)}: test ${scoreLabel(s.target)} ${atText(s.at)}`;
  const p = a.friedman.imanDavenportP;
  const subtitle = `Average rank over ${a.friedman.datasets} data sets (1 = best); joined: not different (Nemenyi, α ${a.alpha}); Friedman p ${p < 1e-4 ? p.toExponential(1) : p.toFixed(4)}`;
  const head = header(width, title, subtitle, []);
  const left = labelWidth;
  const right = width - labelWidth;
  const x = (r: number) => left + ((r - 1) / Math.max(1, k - 1)) * (right - left);
  const axisY = head.height + 46;
  const parts: string[] = [];
  // CD bar above the axis, from rank 1.
  const cdY = head.height + 14;
  parts.push(el('g', { class: 'cd-bar' }, [
    el('line', { x1: x(1), y1: cdY, x2: x(1 + a.criticalDifference), y2: cdY, stroke: INK, 'stroke-width': 1.5 }),
    el('line', { x1: x(1), y1: cdY - 4, x2: x(1), y2: cdY + 4, stroke: INK, 'stroke-width': 1.5 }),
    el('line', { x1: x(1 + a.criticalDifference), y1: cdY - 4, x2: x(1 + a.criticalDifference), y2: cdY + 4, stroke: INK, 'stroke-width': 1.5 }),
    text((x(1) + x(1 + a.criticalDifference)) / 2, cdY - 6, `CD = ${a.criticalDifference.toFixed(2)}`, { 'font-size': FONT_SIZE.tick + 1, 'text-anchor': 'middle' }),
  ]));
  // Axis with a tick per whole rank and half ticks between.
  const axis = [el('line', { x1: x(1), y1: axisY, x2: x(k), y2: axisY, stroke: INK, 'stroke-width': 1.2 })];
  for (let r = 1; r <= k; r += 0.5) {
    const whole = Number.isInteger(r);
    axis.push(el('line', { x1: x(r), y1: axisY, x2: x(r), y2: axisY - (whole ? 7 : 4), stroke: INK }));
    if (whole) axis.push(text(x(r), axisY - 10, String(r), { 'font-size': FONT_SIZE.tick, 'text-anchor': 'middle', fill: MUTED }));
  }
  parts.push(el('g', { class: 'axis' }, axis));
  // Groups as thick bars just under the axis, stacked.
  const groups = cdGroups(order.map((o) => o.rank), a.criticalDifference);
  groups.forEach(([i, j], g) => {
    const y = axisY + 10 + g * 7;
    parts.push(el('line', { x1: x(order[i].rank) - 3, y1: y, x2: x(order[j].rank) + 3, y2: y, stroke: INK, 'stroke-width': 3.5, 'stroke-linecap': 'round', class: 'cd-group', 'data-from': order[i].loss, 'data-to': order[j].loss }));
  });
  const labelsTop = axisY + 20 + groups.length * 7;
  const styles = lossStyles(s.losses);
  const half = Math.ceil(k / 2);
  order.forEach((o, i) => {
    const onLeft = i < half;
    const row = onLeft ? i : k - 1 - i;
    const y = labelsTop + row * ROW + ROW / 2;
    const xr = x(o.rank);
    const xEnd = onLeft ? left - 8 : right + 8;
    const color = styles.get(o.loss)?.color ?? INK;
    parts.push(el('g', { class: 'cd-loss', 'data-loss': o.loss, 'data-rank': o.rank.toFixed(4) }, [
      el('title', {}, esc(`${lossLabel(o.loss)}: average rank ${o.rank.toFixed(3)}`)),
      el('polyline', { points: `${xr},${axisY} ${xr},${y} ${xEnd},${y}`, fill: 'none', stroke: color, 'stroke-width': 1.4 }),
      el('circle', { cx: xr, cy: axisY, r: 3, fill: color }),
      text(onLeft ? xEnd - 4 : xEnd + 4, y + 4, labels[i], { 'font-size': FONT_SIZE.legend, 'text-anchor': onLeft ? 'end' : 'start' }),
    ]));
  });
  const height = labelsTop + half * ROW + 16;
  return svgDocument({ width, height, title, description: subtitle, kind: 'cd' }, [head.svg, ...parts]);
}
